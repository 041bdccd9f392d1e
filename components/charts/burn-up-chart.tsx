"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { CampaignCharts } from "@/lib/charts/queries";
import { bucketMs } from "@/lib/charts/window";
import { DONE, FAILED, FORECAST, INCIDENT, OKABE_ITO } from "./palette";
import { fmtBucket, fmtDay, fmtNumber, fmtTick, fmtTime } from "./format";
import { AXIS, TOOLTIP } from "./chart-style";
import { BucketTable } from "./bucket-table";

type Point = { t: number; done?: number; failed?: number; median?: number | null; band?: [number, number] | null };

/** Where the window's shading of incidents and outages starts and ends (clipped to what the chart shows). */
export function shadings(d: CampaignCharts, end: number) {
  const clip = (s: number, e: number | null) => [Math.max(s, d.window.from), Math.min(e ?? d.generatedAt, end)] as const;
  return [
    ...d.incidents.map((i) => ({ key: `i${i.id}`, label: `Incident: ${i.title}`, colour: INCIDENT, range: clip(i.start, i.end) })),
    ...d.downtimes.map((o) => ({ key: `d${o.id}`, label: `Outage: ${o.service}`, colour: OKABE_ITO.grey, range: clip(o.start, o.end) })),
  ].filter((s) => s.range[1] > s.range[0]);
}

/** Does the forecast's fan belong on this window (the window reaches the moment it was computed)? */
export const showsForecast = (d: CampaignCharts) => !!d.forecast && d.forecast.fan.length > 0 && d.window.to >= d.forecast.computedAt;

/** Files done against the campaign's total, with the forecast's median and 85 % band from now, and incidents shaded. */
export function BurnUpChart({ data: d, height = 280 }: { data: CampaignCharts; height?: number }) {
  const step = bucketMs(d.window.bucket);
  const points: Point[] = d.buckets.map((t, i) => ({ t: Math.min(t + step, d.generatedAt), done: d.burnUp.done[i], failed: d.burnUp.failed[i] }));
  const fan = showsForecast(d) ? d.forecast!.fan : [];
  for (const f of fan) points.push({ t: f.t, median: f.median, band: f.band });
  points.sort((a, b) => a.t - b.t);
  const end = Math.max(d.window.to, ...fan.map((f) => f.t));
  const last = d.burnUp.done.at(-1) ?? 0;
  const description = `Burn-up: ${fmtNumber(last)} of ${d.total === null ? "an unknown number of" : fmtNumber(d.total)} files done by ${fmtTime(Math.min(d.window.to, d.generatedAt))}. ${d.forecast?.description ?? "No forecast yet."}`;
  return (
    <div className="w-full text-slate-700 dark:text-slate-300" data-testid="burnup-chart">
      <ComposedChart responsive data={points} style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 0, left: 4 }} title="Burn-up of files done" desc={description}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="t" type="number" scale="time" domain={[d.window.from, end]} tickFormatter={(t: number) => fmtTick(t, d.window.bucket)} {...AXIS} />
        <YAxis allowDecimals={false} tickFormatter={(v: number) => fmtNumber(v)} width={64} {...AXIS} />
        <Tooltip {...TOOLTIP} labelFormatter={(t) => fmtBucket(Number(t), d.window.bucket)} formatter={(v) => (Array.isArray(v) ? `${fmtNumber(Number(v[0]))} – ${fmtNumber(Number(v[1]))}` : fmtNumber(Number(v)))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {shadings(d, end).map((s) => (
          <ReferenceArea key={s.key} x1={s.range[0]} x2={s.range[1]} fill={s.colour} fillOpacity={0.15} stroke={s.colour} strokeOpacity={0.6} strokeDasharray="4 2" ifOverflow="hidden" label={{ value: s.label, position: "insideTopLeft", fontSize: 11, fill: "currentColor" }} />
        ))}
        {d.total !== null && <ReferenceLine y={d.total} stroke="currentColor" strokeDasharray="2 4" label={{ value: `Total ${fmtNumber(d.total)}`, position: "insideBottomRight", fontSize: 11, fill: "currentColor" }} />}
        {fan.length > 0 && <Area dataKey="band" name="Forecast: 85 % band" stroke="none" fill={FORECAST} fillOpacity={0.25} isAnimationActive={false} connectNulls />}
        {fan.length > 0 && <Line dataKey="median" name="Forecast: median" stroke={FORECAST} strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />}
        <Line dataKey="failed" name="Files failed" stroke={FAILED} strokeDasharray="2 2" dot={false} isAnimationActive={false} connectNulls />
        <Line dataKey="done" name="Files done" stroke={DONE} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
      </ComposedChart>
    </div>
  );
}

/** The burn-up's numbers: every bucket's running totals, then the forecast's dates. */
export function BurnUpTable({ data: d }: { data: CampaignCharts }) {
  return (
    <BucketTable
      data={d}
      testId="burnup-table"
      caption={`Files done and failed since the campaign began, at the end of each ${d.window.bucket}`}
      rowTestId="burnup-row"
      columns={[
        { name: "Files done", cell: (i) => d.burnUp.done[i], testId: "burnup-done" },
        { name: "Files failed", cell: (i) => d.burnUp.failed[i] },
        { name: "Total", cell: () => d.total ?? "—" },
      ]}
      footer={
        d.forecast && d.forecast.medianAt !== null && (
          <tfoot>
            <tr>
              <th scope="row" className="pr-3 pt-2 text-left">Forecast</th>
              <td colSpan={3} className="pt-2" data-testid="burnup-forecast">
                median {fmtDay(d.forecast.medianAt)}
                {d.forecast.lowAt !== null && d.forecast.highAt !== null && `; 85 % band ${fmtDay(d.forecast.lowAt)} to ${fmtDay(d.forecast.highAt)}`}
              </td>
            </tr>
          </tfoot>
        )
      }
    />
  );
}
