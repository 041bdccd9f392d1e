"use client";

import Link from "next/link";
import { useState } from "react";
import type { StageStatus } from "@/lib/campaigns/stage-status";
import type { Wire } from "@/lib/http/wire";
import type { Hold } from "@/lib/launch/gate";
import type { BatchBackend } from "@/lib/generated/prisma/enums";
import { BACKEND_LABEL, formatCursorPosition, jobProgress, SOURCE_LABEL } from "@/lib/submissions/labels";
import { sendJson } from "@/components/ui/api-client";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ControlButtons } from "./control-buttons";
import { CursorForm } from "./cursor-panel";
import { HeldLaunchList } from "./held-launch-list";
import { HoldSwitch } from "./hold-switch";
import { LaunchPanel, type LaunchTarget } from "./launch-panel";
import { useLive } from "./live";
import { LiveNote } from "./live-note";
import { Ago } from "./ago";
import { StageServices } from "@/components/services/stage-services";

type Data = Wire<StageStatus>;

function Source({ from }: { from: keyof typeof SOURCE_LABEL }) {
  return <span className={`text-xs ${from === "stage" ? "text-blue-800 dark:text-blue-300" : "muted"}`}>({SOURCE_LABEL[from]})</span>;
}

/** The stage page's live part: configuration as it applies, cursor, hold, held launches, launch panel, submissions. */
export function StageLive({ id, initial }: { id: number; initial: Data }) {
  const { data, error, mutate, readAt } = useLive<Data>(`/api/v1/stages/${id}`, initial);
  const globalHold = useLive<Hold>(initial.rights.act ? "/api/v1/launch-hold" : null);
  const [target, setTarget] = useState<LaunchTarget>({ mode: "normal" });
  const d = data ?? initial;
  const e = d.effective;
  const refresh = () => void mutate();

  function relaunch(submissionId: number) {
    setTarget({ mode: "relaunch", relaunchOf: submissionId });
    const h = document.getElementById("launch-heading");
    h?.scrollIntoView({ block: "start" });
    h?.focus();
  }

  return (
    <div className="space-y-6">
      <LiveNote error={error} at={readAt} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-2" aria-labelledby="stage-details">
          <h2 id="stage-details" className="text-lg font-semibold">How it launches</h2>
          <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="stage-effective">
            <div><dt className="muted">Input dataset</dt><dd className="font-mono break-all">{d.stage.inputDataset || "none (generator)"}</dd></div>
            <div><dt className="muted">Split</dt><dd className="font-mono">{d.stage.splitType}</dd></div>
            <div>
              <dt className="muted">Job type</dt>
              <dd><Link href={`/job-types/${d.jobType.id}`} className="underline">{d.jobType.name}</Link>{d.jobType.filesPerJob ? <span className="muted"> · {d.jobType.filesPerJob} file(s) per job</span> : null}</dd>
            </div>
            <div>
              <dt className="muted">Login/setup</dt>
              <dd><Link href={`/login-setups/${d.loginSetup.id}`} className="underline">{d.loginSetup.name}</Link> <span className="muted font-mono text-xs">{d.loginSetup.launchAccount}@{d.loginSetup.launchHost}</span></dd>
            </div>
            <div><dt className="muted">Backend</dt><dd>{BACKEND_LABEL[e.batchBackend as BatchBackend] ?? e.batchBackend} <Source from={e.inherited.batchBackend} /></dd></div>
            <div><dt className="muted">Software version</dt><dd><span className="font-mono">{e.softwareVersion || "—"}</span> <Source from={e.inherited.softwareVersion} /></dd></div>
            <div><dt className="muted">VO role</dt><dd>{e.vomsRole} <Source from={e.inherited.vomsRole} /></dd></div>
            <div>
              <dt className="muted">Complete when</dt>
              <dd>
                {e.completionPct} % {e.completionType === "LOCATED" ? "located" : "complete"} <Source from={e.inherited.completionPct} />
              </dd>
            </div>
            <div><dt className="muted">Failed when</dt><dd>failed jobs &gt; {e.failedRatio} × completed <Source from={e.inherited.failedRatio} /></dd></div>
            <div><dt className="muted">Jobs per submission</dt><dd>{d.stage.maxJobs ? `at most ${d.stage.maxJobs}` : "one per files-per-job"}</dd></div>
          </dl>
          {e.paramOverrides.length > 0 && (
            <div className="text-sm">
              <h3 className="muted">Parameter overrides (campaign, then stage)</h3>
              <ul className="font-mono text-xs break-all">
                {e.paramOverrides.map(([k, v]) => <li key={k}>{k} {v}</li>)}
              </ul>
            </div>
          )}
        </section>

        <section className="card space-y-3" aria-labelledby="stage-cursor">
          <h2 id="stage-cursor" className="text-lg font-semibold">Where the next launch starts</h2>
          <p className="text-sm" data-testid="cursor-text">
            <span className="font-medium">{d.cursor.text}</span>
            {d.cursor.updatedAt && <span className="muted"> · moved <Ago at={d.cursor.updatedAt} /></span>}
          </p>
          {d.rights.act && <CursorForm stageId={id} splitType={d.stage.splitType} onDone={refresh} />}
          <details>
            <summary className="cursor-pointer text-sm font-medium">Cursor history ({d.cursorEvents.length})</summary>
            {d.cursorEvents.length === 0 ? (
              <p className="muted text-sm">Only launches have moved it.</p>
            ) : (
              <ol className="mt-2 space-y-1 text-sm" data-testid="cursor-history">
                {d.cursorEvents.map((c) => (
                  <li key={c.id} className="border-l-2 border-slate-300 pl-2 dark:border-slate-700">
                    <span className="font-medium">{c.by}</span> moved it from {formatCursorPosition(c.from)} to {formatCursorPosition(c.to)} <span className="muted"><Ago at={c.at} /></span>
                    {c.reason && <div className="muted">Why: {c.reason}</div>}
                  </li>
                ))}
              </ol>
            )}
          </details>
        </section>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card space-y-2" aria-labelledby="stage-hold">
          <h2 id="stage-hold" className="text-lg font-semibold">Hold</h2>
          <HoldSwitch
            what="this stage"
            hold={{ held: d.stage.hold, reason: d.stage.holdReason, since: d.stage.heldAt, by: d.stage.heldBy }}
            canChange={d.rights.act}
            change={(held, reason) => sendJson(`/api/v1/stages/${id}/hold`, "POST", { held, ...(reason ? { reason } : {}) })}
            onDone={refresh}
            testId="stage-hold-switch"
          />
        </section>
        <section className="card space-y-2" aria-labelledby="held-launches">
          <h2 id="held-launches" className="text-lg font-semibold">Held launches ({d.heldLaunches.length})</h2>
          <HeldLaunchList rows={d.heldLaunches} canAct={d.rights.act} showStage={false} onDone={refresh} />
        </section>
      </div>

      <StageServices services={d.services} oldestHeldAt={d.heldLaunches.find((h) => h.heldByServiceIds.length > 0)?.createdAt ?? null} editHref={d.rights.modify ? `/stages/${id}/edit` : null} />

      {d.rights.act && <LaunchPanel stageId={id} stageHeld={d.stage.hold} globalHold={globalHold.data} target={target} onTarget={setTarget} onLaunched={refresh} />}

      <section className="card space-y-2" aria-labelledby="stage-submissions">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="stage-submissions" className="text-lg font-semibold">Latest submissions</h2>
          {d.rights.act && <ControlButtons level="stage" id={id} name={d.stage.name} onDone={refresh} />}
        </div>
        {d.submissions.length === 0 ? (
          <p className="muted text-sm">Not launched yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="submissions-table">
              <caption className="sr-only">The stage&apos;s latest submissions, newest first</caption>
              <thead className="border-b border-slate-200 dark:border-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">Submission</th>
                  <th scope="col" className="py-2 pr-3">State</th>
                  <th scope="col" className="py-2 pr-3">Slice</th>
                  <th scope="col" className="min-w-40 py-2 pr-3">Jobs</th>
                  <th scope="col" className="py-2 pr-3">By</th>
                  <th scope="col" className="py-2 pr-3">Launched</th>
                  {d.rights.act && <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {d.submissions.map((s) => {
                  const p = jobProgress({ completed: s.jobsCompleted, failed: s.jobsFailed }, s.jobsTotalMax, s.plannedJobs);
                  return (
                    <tr key={s.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="submission-row">
                      <td className="py-2 pr-3">
                        <Link href={`/submissions/${s.id}`} className="font-medium underline">#{s.id}</Link>
                        {s.isTest && <span className="ml-1 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">test</span>}
                        {s.batchId && <div className="muted font-mono text-xs break-all">{s.batchId}</div>}
                      </td>
                      <td className="py-2 pr-3">
                        <SubmissionStatusBadge status={s.status} />
                        {s.staleSince && (
                          <div className="mt-1 text-xs text-amber-800 dark:text-amber-300">
                            <span aria-hidden="true">⚠</span> not read since <Ago at={s.staleSince} />
                          </div>
                        )}
                      </td>
                      <td className="py-2 pr-3 break-all">{s.sliceLabel || "—"}</td>
                      <td className="py-2 pr-3"><ProgressBar done={p.done} failed={p.failed} total={p.total} label={`Jobs of submission ${s.id}`} /></td>
                      <td className="py-2 pr-3">{s.launchedBy ?? "—"}</td>
                      <td className="py-2 pr-3"><Ago at={s.createdAt} /></td>
                      {d.rights.act && (
                        <td className="py-2">
                          <button type="button" className="btn whitespace-nowrap" onClick={() => relaunch(s.id)} aria-label={`Relaunch on the same files as submission ${s.id}`}>
                            Relaunch on the same files
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
