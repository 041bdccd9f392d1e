"use client";

import type { SubmissionFiles } from "@/lib/outputs/queries";
import type { Wire } from "@/lib/http/wire";
import { LOCATED_BY_LABEL, TRANSFER_LABEL, TRANSFER_ORDER, TRANSFER_TONE } from "@/lib/outputs/labels";
import { ToneBadge } from "@/components/ui/badges";
import { useLive } from "./live";
import { Ago, At } from "./ago";
import { KickButton } from "./kick-button";

type Data = Wire<SubmissionFiles>;

/** " (first 200 of 1,234)" when a list shows only part of what there is. */
const partOf = (shown: number, total: number) => (total > shown ? ` (first ${shown} of ${total.toLocaleString("en")})` : "");

const INPUT_STATUS: Record<string, string> = { PENDING: "no report", DELIVERED: "delivered", FAILED: "failed", SKIPPED: "skipped" };

/** Per input file results, outputs through the dropbox (stuck ones with their reason), and the way to Located. Live. */
export function SubmissionFilesPanel({ id, initial }: { id: number; initial: Data }) {
  const { data, mutate } = useLive<Data>(`/api/v1/submissions/${id}/files`, initial);
  const d = data ?? initial;
  const i = d.inputs;
  const stuck = d.outputs.filter((o) => o.state === "STUCK");
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section className="card space-y-2" aria-labelledby="inputs" data-testid="submission-inputs">
        <h2 id="inputs" className="text-lg font-semibold">Input files</h2>
        {i.total === 0 ? (
          <p className="muted text-sm">No input files (a generator stage, or nothing was sliced).</p>
        ) : (
          <>
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Input files by result">
              <li data-testid="inputs-consumed"><strong className="tabular-nums">{i.consumed.toLocaleString("en")}</strong> processed</li>
              <li data-testid="inputs-failed" className={i.failed ? "font-semibold text-red-700 dark:text-red-300" : ""}><span className="tabular-nums">{i.failed.toLocaleString("en")}</span> failed</li>
              <li data-testid="inputs-not-processed"><span className="tabular-nums">{i.notProcessed.toLocaleString("en")}</span> not processed</li>
              <li className="muted">of {i.total.toLocaleString("en")}</li>
            </ul>
            {i.unreported > 0 && (
              <p className="muted text-xs" data-testid="inputs-unreported">
                {i.unreported.toLocaleString("en")} input file{i.unreported === 1 ? " has" : "s have"} no per-file report
                {i.jobsOver ? ": its job ended without saying (or stopped before reaching it), so it counts as not processed." : " yet: the jobs are still running."}
              </p>
            )}
            {d.notProcessed.length > 0 && (
              <details open={d.notProcessed.length <= 20}>
                <summary className="cursor-pointer text-sm font-medium">Files not processed{partOf(d.notProcessed.length, i.notProcessed)}</summary>
                <ul className="mt-1 max-h-64 space-y-1 overflow-y-auto text-sm" data-testid="not-processed-list">
                  {d.notProcessed.map((f) => (
                    <li key={f.name}>
                      <span className="font-mono break-all">{f.name}</span> — <span className={f.status === "FAILED" ? "text-red-700 dark:text-red-300" : "muted"}>{INPUT_STATUS[f.status] ?? f.status.toLowerCase()}</span>
                      {f.detail && <span className="muted"> ({f.detail})</span>}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="outputs" data-testid="submission-outputs">
        <h2 id="outputs" className="text-lg font-semibold">Outputs and Located</h2>
        <p className="text-sm" data-testid="located-line">
          {d.located.at ? (
            <>Located <At at={d.located.at} />, {LOCATED_BY_LABEL[d.located.by ?? ""] ?? d.located.by}.</>
          ) : d.located.waiting ? (
            <>{d.located.waiting}</>
          ) : d.located.isTest ? (
            "A test launch: it stays Completed and never starts a recovery or a dependent stage."
          ) : d.status === "COMPLETED" ? (
            "Completed: becomes Located at the next refresh."
          ) : (
            <>Becomes Located after it completes: {d.located.completionType === "COMPLETE" ? "at once (completion type “complete”)" : `when ${d.located.completionPct} % of its expected outputs are catalogued with a location`}, after 2 days, or by hand.</>
          )}
        </p>
        {d.rights.kick && <KickButton id={id} onDone={() => void mutate()} />}
        <p className="muted text-xs">
          Dropbox: {d.dropbox.kind === "fts" ? "the experiment's FTS" : "the embedded dropbox (outputs of local jobs, declared to the embedded catalogue)"}.
          {d.dropbox.health?.lastReadAt && <> Last read <Ago at={d.dropbox.health.lastReadAt} />.</>}
        </p>
        {d.dropbox.health?.skipped ? (
          <p className="muted text-xs" data-testid="dropbox-skipped">
            {d.dropbox.health.skipped.toLocaleString("en")} entr{d.dropbox.health.skipped === 1 ? "y" : "ies"} of the last read could not be read (a bad file name) and {d.dropbox.health.skipped === 1 ? "was" : "were"} left out.
          </p>
        ) : null}
        {d.dropbox.untied.trying + d.dropbox.untied.givenUp > 0 && (
          <p className="muted text-xs" data-testid="dropbox-untied">
            The experiment&apos;s dropbox holds {(d.dropbox.untied.trying + d.dropbox.untied.givenUp).toLocaleString("en")} file{d.dropbox.untied.trying + d.dropbox.untied.givenUp === 1 ? "" : "s"} no submission explains
            (no input matches, its name is not an output of the job type, or two submissions read its input). Each is tried for {d.dropbox.tieWindowDays} days after it is first seen
            {d.dropbox.untied.givenUp > 0 ? `; ${d.dropbox.untied.givenUp.toLocaleString("en")} no longer are` : ""}.
          </p>
        )}
        {d.dropbox.health?.staleSince && (
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200" data-testid="dropbox-stale">
            <span aria-hidden="true">⚠</span> The dropbox could not be read since <At at={d.dropbox.health.staleSince} /> ({d.dropbox.health.reason}). The transfers shown are the last ones read.
          </p>
        )}
        <ul className="flex flex-wrap gap-2" aria-label="Output files by state" data-testid="output-counts">
          {TRANSFER_ORDER.filter((s) => d.outputCounts[s] > 0).map((s) => (
            <li key={s}><ToneBadge tone={TRANSFER_TONE[s]} label={TRANSFER_LABEL[s]} count={d.outputCounts[s]} /></li>
          ))}
          {TRANSFER_ORDER.every((s) => d.outputCounts[s] === 0) && <li className="muted text-sm">No output file seen yet.</li>}
        </ul>
        {stuck.length > 0 && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200" data-testid="stuck-outputs">
            <p className="font-semibold">{stuck.length} output file{stuck.length === 1 ? " is" : "s are"} stuck in the dropbox:</p>
            <ul className="mt-1 space-y-1">
              {stuck.slice(0, 20).map((o) => (
                <li key={o.name}><span className="font-mono break-all">{o.name}</span>: {o.reason || "no reason given"}{o.stuckSince && <> (since <At at={o.stuckSince} />)</>}</li>
              ))}
            </ul>
          </div>
        )}
        {d.outputs.length > 0 && (
          <details>
            <summary className="cursor-pointer text-sm font-medium">Output files{partOf(d.outputs.length, Object.values(d.outputCounts).reduce((a, b) => a + b, 0))}</summary>
            <div className="mt-1 max-h-72 overflow-auto">
              <table className="w-full text-left text-sm" data-testid="output-table">
                <caption className="sr-only">Output files of submission {id}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="px-2 py-1">File</th>
                    <th scope="col" className="px-2 py-1">State</th>
                    <th scope="col" className="px-2 py-1">Made from</th>
                    <th scope="col" className="px-2 py-1">Location <span className="sr-only">(inside the local spool, or in the catalogue)</span></th>
                  </tr>
                </thead>
                <tbody>
                  {d.outputs.map((o) => (
                    <tr key={o.name} className="border-t border-slate-200 align-top dark:border-slate-700">
                      <td className="px-2 py-1 font-mono break-all">{o.name}</td>
                      <td className="px-2 py-1"><ToneBadge tone={TRANSFER_TONE[o.state]} label={TRANSFER_LABEL[o.state]} />{o.reason && o.state !== "STUCK" && <span className="muted block text-xs">{o.reason}</span>}</td>
                      <td className="px-2 py-1 font-mono break-all">{o.parent ?? "—"}</td>
                      <td className="px-2 py-1 font-mono break-all text-xs">{o.location ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </section>
    </div>
  );
}
