"use client";

import Link from "next/link";
import type { CampaignProgress } from "@/lib/campaigns/progress";
import type { Wire } from "@/lib/http/wire";
import { BACKEND_LABEL, formatPercent, STAGE_TYPE_LABEL, SUBMISSION_STATUS_ORDER } from "@/lib/submissions/labels";
import type { BatchBackend, StageType } from "@/lib/generated/prisma/enums";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ControlButtons } from "./control-buttons";
import { useLive } from "./live";
import { LiveNote } from "./live-note";

type Data = Wire<CampaignProgress>;

/** The campaign's stages with live submission counts, job progress and percent complete; campaign-level control. */
export function CampaignLive({ id, initial }: { id: number; initial: Data }) {
  const { data, error, mutate, readAt } = useLive<Data>(`/api/v1/campaigns/${id}/progress`, initial);
  const d = data ?? initial;
  return (
    <>
      {d.rights.act && (
        <section className="card space-y-2" aria-labelledby="campaign-control">
          <h2 id="campaign-control" className="text-lg font-semibold">Control every stage</h2>
          <ControlButtons level="campaign" id={id} name={d.campaign.name} onDone={() => void mutate()} />
        </section>
      )}
      <section className="card space-y-2" aria-labelledby="stages">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="stages" className="text-lg font-semibold">Stages</h2>
          <LiveNote error={error} at={readAt} />
        </div>
        {d.stages.length === 0 ? (
          <p className="muted text-sm">This campaign has no stages yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="stages-table">
              <caption className="sr-only">Stages of {d.campaign.name}, with their submissions and job progress (test launches not counted)</caption>
              <thead className="border-b border-slate-200 dark:border-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">Stage</th>
                  <th scope="col" className="py-2 pr-3">Type · backend · split</th>
                  <th scope="col" className="py-2 pr-3">Submissions by state</th>
                  <th scope="col" className="min-w-40 py-2 pr-3">Jobs</th>
                  <th scope="col" className="py-2 pr-3 text-right">Complete</th>
                  <th scope="col" className="py-2">Waiting</th>
                </tr>
              </thead>
              <tbody>
                {d.stages.map((s) => (
                  <tr key={s.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="stage-row">
                    <td className="py-2 pr-3">
                      <Link href={`/stages/${s.id}`} className="font-medium underline">{s.name}</Link>
                      {!s.active && <span className="muted ml-1 text-xs">(inactive)</span>}
                      <div className="muted font-mono text-xs break-all">{s.inputDataset || "no input dataset"}</div>
                    </td>
                    <td className="py-2 pr-3">
                      <div>{STAGE_TYPE_LABEL[s.stageType as StageType] ?? s.stageType}</div>
                      <div className="muted text-xs">{BACKEND_LABEL[s.backend as BatchBackend] ?? s.backend}</div>
                      <div className="font-mono text-xs">{s.splitType}</div>
                    </td>
                    <td className="py-2 pr-3">
                      {s.submissions === 0 ? (
                        <span className="muted">none yet</span>
                      ) : (
                        <ul className="flex flex-wrap gap-1" aria-label={`Submissions of ${s.name} by state`}>
                          {SUBMISSION_STATUS_ORDER.filter((st) => s.byStatus[st]).map((st) => (
                            <li key={st}><SubmissionStatusBadge status={st} count={s.byStatus[st]} /></li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      <ProgressBar done={s.jobs.completed} failed={s.jobs.failed} total={s.jobs.total} label={`Jobs of ${s.name}`} />
                      {(s.jobs.running > 0 || s.jobs.idle > 0 || s.jobs.held > 0) && (
                        <div className="muted text-xs">{s.jobs.running} running · {s.jobs.idle} queued · {s.jobs.held} held</div>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums" data-testid="stage-percent">{formatPercent(s.percentComplete)}</td>
                    <td className="space-y-1 py-2">
                      {s.hold && <div><span className="rounded-full bg-orange-50 px-2 py-0.5 text-xs font-semibold text-orange-900 ring-1 ring-orange-300 ring-inset dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800" title={s.holdReason}><span aria-hidden="true">‖</span> On hold</span></div>}
                      {s.heldLaunches > 0 && <div><Link href={`/stages/${s.id}#held-launches`} className="underline">{s.heldLaunches} held launch{s.heldLaunches === 1 ? "" : "es"}</Link></div>}
                      {s.stale > 0 && <div className="text-xs text-amber-800 dark:text-amber-300"><span aria-hidden="true">⚠</span> {s.stale} not read lately</div>}
                      {!s.hold && !s.heldLaunches && !s.stale && <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
