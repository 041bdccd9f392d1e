"use client";

import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import { getJson } from "@/components/ui/api-client";
import { ChartCard } from "@/components/dashboard/chart-card";
import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";
import type { CampaignCharts } from "@/lib/charts/queries";
import type { Wire } from "@/lib/http/wire";
import { windowQuery } from "@/lib/charts/window";
import { BurnUpChart, BurnUpTable, showsForecast } from "./burn-up-chart";
import { EfficiencyChart, EfficiencyTable, FailureChart, FailureTable, JobsChart, JobsTable, StageBurnUps, StageBurnUpsTable, SubmissionBars, SubmissionTable } from "./detail-charts";
import { WindowPicker } from "./window-picker";
import { fmtDay, fmtNumber, fmtTime } from "./format";

const IMPACT_LABEL: Record<string, string> = { NONE: "no impact", MINOR: "minor", MAJOR: "major", CRITICAL: "critical" };
const INCIDENT_STATUS_LABEL: Record<string, string> = { INVESTIGATING: "investigating", IDENTIFIED: "identified", MONITORING: "monitoring", RESOLVED: "resolved" };

/**
 * The campaign's Progress section: the time window (in the URL), the burn-up with its forecast, per-stage burn-ups,
 * jobs by state, submission bars, failures, CPU efficiency, and the incidents shaded on the time charts. The server
 * paints the first read; SWR re-reads at the refresh's pace. Every chart has its table one click away.
 */
export function ProgressSection({ initial, refreshMs, notice }: { initial: Wire<CampaignCharts>; refreshMs: number; notice?: string }) {
  const d0 = initial as unknown as CampaignCharts;
  const url = `/api/v1/campaigns/${d0.campaign.id}/charts?${windowQuery({ name: d0.window.name, from: new Date(d0.window.from), to: new Date(d0.window.to) })}`;
  const [readAt, setReadAt] = useState(0);
  const { data, error } = useSWR<CampaignCharts>(url, getJson<CampaignCharts>, {
    fallbackData: d0, refreshInterval: refreshMs, revalidateOnFocus: true, keepPreviousData: true, revalidateOnMount: false, onSuccess: () => setReadAt(Date.now()),
  });
  const d = data ?? d0;
  const f = d.forecast;
  return (
    <section className="space-y-4" aria-labelledby="progress" id="progress-section" data-testid="progress-section">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="progress" className="text-lg font-semibold">Progress</h2>
        <ChartsLiveNote error={error} at={readAt} seconds={Math.round(refreshMs / 1000)} />
      </div>
      <WindowPicker campaignId={d.campaign.id} window={d.window} />
      {notice && <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{notice}</p>}
      <div className="card space-y-2" data-testid="forecast">
        <h3 className="font-semibold">When will it be done?</h3>
        {!f ? (
          <p className="text-sm" data-testid="forecast-summary">No forecast yet: the refresh has not computed one for this campaign.</p>
        ) : (
          <>
            <p className="text-sm" data-testid="forecast-summary">
              {f.state === "ON_TRACK" && f.medianAt !== null ? (
                <>
                  Forecast: <strong>{fmtDay(f.medianAt)}</strong>
                  {f.lowAt !== null && f.highAt !== null && <> (85 % between {fmtDay(f.lowAt)} and {fmtDay(f.highAt)})</>} · {fmtNumber(f.filesDone)} of {fmtNumber(f.filesTotal)} files done
                </>
              ) : f.state === "STALLED" ? (
                <strong>No forecast: stalled</strong>
              ) : f.state === "FINISHED" ? (
                <strong>Finished</strong>
              ) : (
                <strong>No forecast yet</strong>
              )}
            </p>
            <p className="muted text-sm" data-testid="forecast-method">{f.description} Computed {fmtTime(f.computedAt)}.</p>
          </>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="lg:col-span-2">
          <ChartCard
            id="chart-burnup"
            title="Burn-up: files done against the total"
            hint={showsForecast(d) ? "With the forecast from now: the median (dashed) and the 85 % band (shaded). Incidents and outages are shaded on the time axis." : "Incidents and outages are shaded on the time axis."}
            chart={<BurnUpChart data={d} />}
            table={<BurnUpTable data={d} />}
          />
        </div>
        <ChartCard id="chart-stages" title="Files done per stage" chart={<StageBurnUps data={d} />} table={<StageBurnUpsTable data={d} />} />
        <ChartCard id="chart-jobs" title="Jobs running, idle and held" hint={d.window.bucket === "day" ? "Each day: the mean of the refresh's hourly samples." : "As the refresh sampled them each hour."} chart={<JobsChart data={d} />} table={<JobsTable data={d} />} />
        <ChartCard
          id="chart-submissions"
          title="Submissions over time"
          hint={d.submissions.overlapping > d.submissions.shown ? `The newest ${d.submissions.shown} of ${fmtNumber(d.submissions.overlapping)} submissions that ran in this window.` : "Every submission that ran in this window, from launch to end."}
          chart={<SubmissionBars data={d} />}
          table={<SubmissionTable data={d} />}
        />
        <ChartCard id="chart-failures" title="Why jobs failed" hint={`${fmtNumber(d.failures.total)} failed or held jobs in this window, by exit code or hold reason.`} chart={<FailureChart data={d} />} table={<FailureTable data={d} />} />
        <ChartCard id="chart-efficiency" title="CPU efficiency of ended jobs" hint="CPU time ÷ wall time per job." chart={<EfficiencyChart data={d} />} table={<EfficiencyTable data={d} />} />
        <section className="card" aria-labelledby="incidents-title" data-testid="incidents">
          <h3 id="incidents-title" className="font-semibold">Incidents and outages in this window</h3>
          <p className="muted text-xs">Of the services this campaign&apos;s stages need, those every launch needs, and its experiment&apos;s own.</p>
          {d.incidents.length === 0 && d.downtimes.length === 0 ? (
            <p className="mt-2 text-sm">None.</p>
          ) : (
            <ul className="mt-2 space-y-2 text-sm">
              {d.incidents.map((i) => (
                <li key={`i${i.id}`} data-testid="incident">
                  <span className="font-medium">{i.title}</span> <span className="muted">({IMPACT_LABEL[i.impact] ?? i.impact}, {INCIDENT_STATUS_LABEL[i.status] ?? i.status})</span>
                  <div className="muted text-xs">{fmtTime(i.start)} → {i.end === null ? "ongoing" : fmtTime(i.end)}</div>
                  <div className="text-xs">
                    Services:{" "}
                    {i.services.map((s, k) => (
                      <span key={s.id}>
                        {k > 0 && ", "}
                        <Link href={`/services/${s.id}`} className="underline">{s.name}</Link>
                      </span>
                    ))}
                  </div>
                </li>
              ))}
              {d.downtimes.map((o) => (
                <li key={`d${o.id}`} data-testid="outage">
                  <span className="font-medium">Outage of <Link href={`/services/${o.serviceId}`} className="underline">{o.service}</Link></span>
                  {o.title && <span className="muted"> ({o.title})</span>}
                  <div className="muted text-xs">{fmtTime(o.start)} → {o.end === null ? "ongoing" : fmtTime(o.end)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

/** "Live: updates every 30 s · read 4 s ago", or why the last read failed (the charts on screen are then from before). */
function ChartsLiveNote({ error, at, seconds }: { error?: Error; at: number; seconds: number }) {
  const now = useNow(5000);
  return (
    <p className={`text-xs ${error ? "text-red-700 dark:text-red-300" : "muted"}`} data-testid="charts-live-note">
      {error ? `Not updated: ${error.message}` : `Live: updates every ${seconds} s, as the refresh does${at ? ` · read ${formatAge(now - at)}` : ""}`}
    </p>
  );
}
