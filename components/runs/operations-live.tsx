"use client";

import Link from "next/link";
import type { Hold } from "@/lib/launch/gate";
import { formatMs } from "@/lib/submissions/labels";
import { describeTrigger, readRunSteps, RUN_STATUS_LABEL, runMs, type RunStatus } from "@/lib/background/run-summary";
import type { Tone } from "@/lib/submissions/labels";
import { sendJson } from "@/components/ui/api-client";
import { ToneBadge } from "@/components/ui/badges";
import { useNow } from "@/components/ui/use-now";
import { HoldSwitch } from "./hold-switch";
import { useLive } from "./live";
import { LiveNote } from "./live-note";
import { Ago, At } from "./ago";

export type RunRow = { id: number; status: RunStatus; job: string; triggeredBy: string; summary: unknown; startedAt: string; finishedAt: string | null };

const RUN_TONE: Record<RunStatus, Tone> = { RUNNING: "working", OK: "done", PARTIAL: "held", FAILED: "failed", ABANDONED: "ended" };

export function OperationsLive({ initialHold, initialRuns, canManage }: { initialHold: Hold; initialRuns: RunRow[]; canManage: boolean }) {
  const hold = useLive<Hold>("/api/v1/launch-hold", initialHold);
  const runs = useLive<{ runs: RunRow[] }>("/api/v1/refresh-runs", { runs: initialRuns });
  const now = useNow(5000);
  const h = hold.data ?? initialHold;
  const list = runs.data?.runs ?? initialRuns;
  return (
    <div className="space-y-6">
      <section className="card space-y-2" aria-labelledby="global-hold">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="global-hold" className="text-lg font-semibold">Global launch hold</h2>
          <Link href="/held-launches" className="underline">Held launches</Link>
        </div>
        <HoldSwitch
          what="every stage of every experiment"
          hold={h}
          canChange={canManage}
          change={(held, reason) => sendJson("/api/v1/launch-hold", "PUT", { held, ...(reason ? { reason } : {}) })}
          onDone={() => void hold.mutate()}
          testId="global-hold-switch"
        />
      </section>

      <section className="card space-y-2" aria-labelledby="runs">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="runs" className="text-lg font-semibold">Recent refresh runs</h2>
          <LiveNote error={runs.error} at={runs.readAt} />
        </div>
        {list.length === 0 ? (
          <p className="muted text-sm">The refresh has not run yet.</p>
        ) : (
          <ol className="space-y-1" data-testid="refresh-runs">
            {list.map((r) => {
              const steps = readRunSteps(r.summary);
              const ms = runMs(r.startedAt, r.finishedAt, now);
              const failed = steps.filter((s) => !s.ok).length;
              return (
                <li key={r.id} data-testid="refresh-run">
                  <details className="rounded-md border border-slate-200 dark:border-slate-700">
                    <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                      <ToneBadge tone={RUN_TONE[r.status]} label={RUN_STATUS_LABEL[r.status] ?? r.status} />
                      <span>Run {r.id}</span>
                      <span className="muted">by {describeTrigger(r.triggeredBy)}</span>
                      <span><Ago at={r.startedAt} /></span>
                      <span className="muted">{ms === null ? "—" : `${r.status === "RUNNING" ? "running for " : "took "}${formatMs(ms)}`}</span>
                      <span className="muted">{steps.length} step{steps.length === 1 ? "" : "s"}{failed ? `, ${failed} failed` : ""}</span>
                    </summary>
                    <div className="space-y-2 border-t border-slate-200 px-3 py-2 text-sm dark:border-slate-700">
                      <p className="muted text-xs">Started <At at={r.startedAt} />{r.finishedAt ? <>, finished <At at={r.finishedAt} /></> : ""}.</p>
                      {steps.length === 0 ? (
                        <p className="muted">No steps recorded{r.status === "ABANDONED" ? ": its process stopped before it finished." : "."}</p>
                      ) : (
                        <ol className="space-y-2">
                          {steps.map((s, i) => (
                            <li key={`${s.step}-${i}`} className={`border-l-2 pl-3 ${s.ok ? "border-green-600" : "border-red-600"}`} data-testid="refresh-step">
                              <div className="flex flex-wrap items-center gap-2">
                                <ToneBadge tone={s.ok ? "done" : "failed"} label={s.ok ? "OK" : "Failed"} />
                                <span className="font-medium">{s.title}</span>
                                <span className="muted">{formatMs(s.ms)}</span>
                              </div>
                              {s.facts.length > 0 && (
                                <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
                                  {s.facts.map((f) => (
                                    <div key={f.label} className="flex gap-1"><dt className="muted">{f.label}:</dt><dd className="tabular-nums">{f.value}</dd></div>
                                  ))}
                                </dl>
                              )}
                              {s.errors.length > 0 && (
                                <ul className="mt-1 list-disc pl-5 text-xs text-red-700 dark:text-red-300">
                                  {s.errors.slice(0, 20).map((e, k) => <li key={k} className="break-all">{e}</li>)}
                                  {s.errors.length > 20 && <li>and {s.errors.length - 20} more.</li>}
                                </ul>
                              )}
                              {s.log.length > 0 && (
                                <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-800" tabIndex={0} aria-label={`Log of ${s.title}`}>{s.log.join("\n")}</pre>
                              )}
                            </li>
                          ))}
                        </ol>
                      )}
                    </div>
                  </details>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
