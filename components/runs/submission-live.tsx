"use client";

import Link from "next/link";
import type { SubmissionDetail } from "@/lib/submissions/queries";
import type { Wire } from "@/lib/http/wire";
import type { BatchBackend } from "@/lib/generated/prisma/enums";
import { BACKEND_LABEL, describeLaunch, formatPercent, jobProgress, SUBMISSION_STATUS_LABEL } from "@/lib/submissions/labels";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ControlButtons } from "./control-buttons";
import { useLive } from "./live";
import { LiveNote } from "./live-note";
import { Ago, At } from "./ago";

type Data = Wire<SubmissionDetail>;

const FILE_STATUS: Record<string, string> = { PENDING: "waiting", DELIVERED: "delivered", CONSUMED: "processed", FAILED: "failed", SKIPPED: "skipped", DECLARED: "declared", LOCATED: "located" };

/** The submission page's live part: why it was launched, where it stands, its history, snapshot, command and log. */
export function SubmissionLive({ id, initial }: { id: number; initial: Data }) {
  const { data, error, mutate, readAt } = useLive<Data>(`/api/v1/submissions/${id}`, initial);
  const d = data ?? initial;
  const s = d.submission;
  const p = jobProgress(s.jobs, s.jobsTotalMax, s.plannedJobs);
  const inputs = d.files.filter((f) => f.role === "INPUT");
  const outputs = d.files.filter((f) => f.role === "OUTPUT");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <span data-testid="submission-status"><SubmissionStatusBadge status={s.status} /></span>
        <span className="muted text-sm">since <Ago at={s.statusChangedAt} /></span>
        <LiveNote error={error} at={readAt} />
      </div>
      {s.staleSince && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200" data-testid="stale-warning">
          <span aria-hidden="true">⚠</span> Stale since <At at={s.staleSince} />: the batch system could not be read{s.staleReason ? ` (${s.staleReason})` : ""}. The state shown is the last one read; the refresh keeps trying.
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-2" aria-labelledby="why">
          <h2 id="why" className="text-lg font-semibold">Why it was launched</h2>
          <p className="text-sm" data-testid="submission-why">{describeLaunch({ trigger: s.trigger, launchedBy: s.launchedBy, launchedByKind: s.launchedByKind, parentId: null })}</p>
          <dl className="grid gap-2 text-sm sm:grid-cols-2">
            {s.parent && (
              <div><dt className="muted">From submission</dt><dd><Link href={`/submissions/${s.parent.id}`} className="underline">#{s.parent.id}</Link> ({SUBMISSION_STATUS_LABEL[s.parent.status]})</dd></div>
            )}
            <div><dt className="muted">Slice</dt><dd className="break-all">{s.sliceLabel || "—"}</dd></div>
            <div><dt className="muted">Dataset</dt><dd className="font-mono break-all">{s.inputDataset || "—"}</dd></div>
            <div><dt className="muted">Test launch</dt><dd>{s.isTest ? "Yes" : "No"}</dd></div>
            <div><dt className="muted">Launched</dt><dd><At at={s.createdAt} /></dd></div>
            <div><dt className="muted">Backend</dt><dd>{BACKEND_LABEL[s.batchBackend as BatchBackend] ?? s.batchBackend}</dd></div>
            <div><dt className="muted">Batch id</dt><dd className="font-mono break-all">{s.batchId ?? "none yet"}</dd></div>
            {inputs.length > 0 && (
              <div><dt className="muted">Input files</dt><dd>{inputs.map((f) => `${f.n.toLocaleString("en")} ${FILE_STATUS[f.status] ?? f.status.toLowerCase()}`).join(", ")}</dd></div>
            )}
            {outputs.length > 0 && (
              <div><dt className="muted">Output files</dt><dd>{outputs.map((f) => `${f.n.toLocaleString("en")} ${FILE_STATUS[f.status] ?? f.status.toLowerCase()}`).join(", ")}</dd></div>
            )}
          </dl>
        </section>

        <section className="card space-y-2" aria-labelledby="progress">
          <h2 id="progress" className="text-lg font-semibold">Progress</h2>
          <p className="text-2xl font-bold tabular-nums" data-testid="submission-percent">{formatPercent(s.percentComplete)}</p>
          <ProgressBar done={p.done} failed={p.failed} total={p.total} label={`Jobs of submission ${s.id}`} />
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Jobs by state, as last read" data-testid="submission-counts">
            <li>{s.jobs.idle} queued</li>
            <li>{s.jobs.running} running</li>
            <li>{s.jobs.held} held</li>
            <li>{s.jobs.completed} done</li>
            <li className={s.jobs.failed ? "font-semibold text-red-700 dark:text-red-300" : ""}>{s.jobs.failed} failed</li>
            <li>{s.jobs.removed} removed</li>
            <li>{s.jobs.cancelled} cancelled</li>
          </ul>
          <p className="muted text-xs">
            {s.lastPolledAt ? <>Last read from the batch system <Ago at={s.lastPolledAt} />.</> : "Not read from the batch system yet."}
            {s.monitorDone ? " Every job has left the queue." : ""}
          </p>
          {d.rights.act && !s.monitorDone && <ControlButtons level="submission" id={s.id} name={`submission ${s.id}`} onDone={() => void mutate()} />}
        </section>
      </div>

      <section className="card space-y-2" aria-labelledby="timeline">
        <h2 id="timeline" className="text-lg font-semibold">Status timeline</h2>
        <ol className="space-y-2 text-sm" data-testid="submission-timeline">
          {d.events.map((ev) => (
            <li key={ev.id} className="flex flex-wrap items-center gap-2 border-l-2 border-slate-300 pl-3 dark:border-slate-700">
              <SubmissionStatusBadge status={ev.status} />
              <span>{ev.by ? `by ${ev.by}` : ""}</span>
              <span className="muted"><At at={ev.at} /></span>
              {ev.reason && <span className="w-full">{ev.reason}</span>}
            </li>
          ))}
        </ol>
      </section>

      <section className="card space-y-2" aria-labelledby="command">
        <h2 id="command" className="text-lg font-semibold">Command and launch log</h2>
        <h3 className="muted text-sm">Command</h3>
        <pre className="max-h-48 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-800" tabIndex={0} aria-label="Command" data-testid="submission-command">
          {s.command || "—"}
        </pre>
        <h3 className="muted text-sm">Launch log</h3>
        <pre className="max-h-80 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-800" tabIndex={0} aria-label="Launch log" data-testid="submission-log">
          {s.launchLog || "—"}
        </pre>
      </section>

      <section className="card space-y-2" aria-labelledby="snapshot">
        <h2 id="snapshot" className="text-lg font-semibold">Configuration as launched</h2>
        <p className="muted text-sm">{d.snapshot.takenAt ? <>Frozen at launch, <At at={d.snapshot.takenAt} />: what ran, not today&apos;s values.</> : "No snapshot was kept for this submission."}</p>
        {(["stage", "jobType", "loginSetup"] as const).map((k) =>
          d.snapshot[k] ? (
            <details key={k} data-testid={`snapshot-${k}`}>
              <summary className="cursor-pointer text-sm font-medium">{k === "stage" ? "Stage" : k === "jobType" ? "Job type" : "Login/setup"}</summary>
              <pre className="mt-1 max-h-96 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800" tabIndex={0}>
                {JSON.stringify(d.snapshot[k], null, 2)}
              </pre>
            </details>
          ) : null,
        )}
      </section>
    </div>
  );
}
