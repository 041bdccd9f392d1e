"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from "recharts";
import type { CampaignCharts } from "@/lib/charts/queries";
import { bucketMs } from "@/lib/charts/window";
import { EFFICIENCY_LABELS } from "@/lib/charts/shape";
import { SUBMISSION_STATUS_LABEL, SUBMISSION_TONE, type Tone } from "@/lib/submissions/labels";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { FAILED, HELD, IDLE, OKABE_ITO, RUNNING, SERIES_COLOURS, SERIES_DASHES } from "./palette";
import { AXIS, TOOLTIP } from "./chart-style";
import { fmtBucket, fmtNumber, fmtTick, fmtTime } from "./format";
import { shadings } from "./burn-up-chart";
import { BucketTable } from "./bucket-table";

const wrap = "w-full text-slate-700 dark:text-slate-300";
const th = "pr-3";
const num = "pr-3 text-right tabular-nums";

/** Each stage's files done since the campaign began (one line per stage, each with its own colour and dash). */
export function StageBurnUps({ data: d }: { data: CampaignCharts }) {
  const step = bucketMs(d.window.bucket);
  const points = d.buckets.map((t, i) => Object.fromEntries([["t", Math.min(t + step, d.generatedAt)], ...d.stages.map((s) => [`s${s.id}`, s.done[i]])]));
  return (
    <div className={wrap} data-testid="stage-burnups-chart">
      <LineChart responsive data={points} style={{ width: "100%", height: 240 }} margin={{ top: 8, right: 12, bottom: 0, left: 4 }} title="Files done per stage" desc={d.stages.map((s) => `${s.name}: ${fmtNumber(s.done.at(-1) ?? 0)} files done`).join("; ")}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="t" type="number" scale="time" domain={[d.window.from, d.window.to]} tickFormatter={(t: number) => fmtTick(t, d.window.bucket)} {...AXIS} />
        <YAxis allowDecimals={false} tickFormatter={(v: number) => fmtNumber(v)} width={64} {...AXIS} />
        <Tooltip {...TOOLTIP} labelFormatter={(t) => fmtBucket(Number(t), d.window.bucket)} formatter={(v) => fmtNumber(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {d.stages.map((s, i) => (
          <Line key={s.id} dataKey={`s${s.id}`} name={s.name} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeDasharray={SERIES_DASHES[i % SERIES_DASHES.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </div>
  );
}

export function StageBurnUpsTable({ data: d }: { data: CampaignCharts }) {
  return (
    <BucketTable
      data={d}
      testId="stage-burnups-table"
      caption={`Files done per stage since the campaign began, at the end of each ${d.window.bucket}`}
      columns={d.stages.map((s) => ({ name: s.name, cell: (i) => s.done[i] }))}
    />
  );
}

const JOB_SERIES = [
  { key: "running", name: "Running", colour: RUNNING, dash: "" },
  { key: "idle", name: "Idle (waiting)", colour: IDLE, dash: "6 3" },
  { key: "held", name: "Held", colour: HELD, dash: "2 2" },
] as const;

/** Jobs running, idle and held as the refresh sampled them (a gap where it did not look), incidents shaded. */
export function JobsChart({ data: d }: { data: CampaignCharts }) {
  const points = d.buckets.map((t, i) => ({ t, running: d.jobs.running[i], idle: d.jobs.idle[i], held: d.jobs.held[i] }));
  const sampled = points.filter((p) => p.running !== null);
  const lastSample = sampled.at(-1);
  return (
    <div className={wrap} data-testid="jobs-chart">
      <LineChart responsive data={points} style={{ width: "100%", height: 240 }} margin={{ top: 8, right: 12, bottom: 0, left: 4 }} title="Jobs running, idle and held"
        desc={lastSample ? `At ${fmtBucket(lastSample.t, d.window.bucket)}: ${lastSample.running} running, ${lastSample.idle} idle, ${lastSample.held} held.` : "No samples of job states in this window."}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="t" type="number" scale="time" domain={[d.window.from, d.window.to]} tickFormatter={(t: number) => fmtTick(t, d.window.bucket)} {...AXIS} />
        <YAxis allowDecimals={false} width={56} {...AXIS} />
        <Tooltip {...TOOLTIP} labelFormatter={(t) => fmtBucket(Number(t), d.window.bucket)} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {shadings(d, d.window.to).map((s) => (
          <ReferenceArea key={s.key} x1={s.range[0]} x2={s.range[1]} fill={s.colour} fillOpacity={0.15} ifOverflow="hidden" label={{ value: s.label, position: "insideTopLeft", fontSize: 11, fill: "currentColor" }} />
        ))}
        {JOB_SERIES.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.colour} strokeDasharray={s.dash} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </div>
  );
}

export function JobsTable({ data: d }: { data: CampaignCharts }) {
  return (
    <BucketTable
      data={d}
      testId="jobs-table"
      caption={`Jobs running, idle and held per ${d.window.bucket} (day buckets: the mean of the hourly samples)`}
      columns={JOB_SERIES.map((s) => ({ name: s.name, cell: (i) => d.jobs[s.key][i] ?? "not sampled" }))}
    />
  );
}

const TONE_COLOUR: Record<Tone, string> = { waiting: OKABE_ITO.skyBlue, working: OKABE_ITO.green, held: OKABE_ITO.orange, done: OKABE_ITO.blue, failed: OKABE_ITO.vermillion, ended: OKABE_ITO.grey };

/** Each submission from launch to end (or now), newest at the top, coloured by how it ended. */
export function SubmissionBars({ data: d }: { data: CampaignCharts }) {
  const stageName = new Map(d.stages.map((s) => [s.id, s.name]));
  const bars = [...d.submissions.bars].reverse().map((s) => ({
    label: `#${s.id} ${stageName.get(s.stageId) ?? ""}`,
    range: [Math.max(s.start, d.window.from), Math.min(s.end ?? d.generatedAt, d.window.to)],
    status: s.status as SubmissionStatus,
  }));
  if (!bars.length) return <p className="muted text-sm">No submissions ran in this window.</p>;
  return (
    <div className={wrap} data-testid="submission-bars-chart">
      <BarChart responsive layout="vertical" data={bars} style={{ width: "100%", height: 40 + bars.length * 18 }} margin={{ top: 4, right: 12, bottom: 0, left: 4 }} title="Submissions over time"
        desc={`${bars.length} submissions, from launch to end or now; newest at the top.`}>
        <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis type="number" scale="time" domain={[d.window.from, d.window.to]} tickFormatter={(t: number) => fmtTick(t, d.window.bucket)} {...AXIS} />
        <YAxis type="category" dataKey="label" width={110} interval={0} {...AXIS} tick={{ fill: "currentColor", fontSize: 11 }} />
        <Tooltip {...TOOLTIP} formatter={(v, _n, item) => [Array.isArray(v) ? `${fmtTime(Number(v[0]))} → ${fmtTime(Number(v[1]))}` : String(v), SUBMISSION_STATUS_LABEL[(item?.payload as { status: SubmissionStatus }).status]]} />
        <Bar dataKey="range" name="Ran" isAnimationActive={false}>
          {bars.map((b) => <Cell key={b.label} fill={TONE_COLOUR[SUBMISSION_TONE[b.status]]} />)}
        </Bar>
      </BarChart>
    </div>
  );
}

export function SubmissionTable({ data: d }: { data: CampaignCharts }) {
  const stageName = new Map(d.stages.map((s) => [s.id, s.name]));
  return (
    <table className="w-full text-left text-sm" data-testid="submissions-table">
      <caption className="sr-only">Submissions that ran in the window, newest first</caption>
      <thead>
        <tr>
          <th scope="col" className={th}>Submission</th>
          <th scope="col" className={th}>Stage</th>
          <th scope="col" className={th}>State</th>
          <th scope="col" className={th}>Launched</th>
          <th scope="col">Ended</th>
        </tr>
      </thead>
      <tbody>
        {[...d.submissions.bars].reverse().map((s) => (
          <tr key={s.id}>
            <th scope="row" className={`${th} font-normal`}><Link href={`/submissions/${s.id}`} className="underline">#{s.id}</Link></th>
            <td className={th}>{stageName.get(s.stageId)}</td>
            <td className={th}>{SUBMISSION_STATUS_LABEL[s.status as SubmissionStatus] ?? s.status}</td>
            <td className={th}>{fmtTime(s.start)}</td>
            <td>{s.end === null ? "still running" : fmtTime(s.end)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Failed and held jobs by cause (exit code or hold reason), largest first. */
export function FailureChart({ data: d }: { data: CampaignCharts }) {
  if (!d.failures.total) return <p className="muted text-sm" data-testid="failures-none">No jobs failed or were held in this window.</p>;
  const rows = d.failures.causes.map((c) => ({ label: c.label, jobs: c.jobs }));
  return (
    <div className={wrap} data-testid="failures-chart">
      <BarChart responsive layout="vertical" data={rows} style={{ width: "100%", height: 40 + rows.length * 26 }} margin={{ top: 4, right: 16, bottom: 0, left: 4 }} title="Failures by cause"
        desc={rows.map((r) => `${r.label}: ${r.jobs} jobs`).join("; ")}>
        <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis type="number" allowDecimals={false} {...AXIS} />
        <YAxis type="category" dataKey="label" width={170} interval={0} {...AXIS} tick={{ fill: "currentColor", fontSize: 11 }} />
        <Tooltip {...TOOLTIP} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
        <Bar dataKey="jobs" name="Jobs" fill={FAILED} isAnimationActive={false} label={{ position: "right", fontSize: 11, fill: "currentColor" }} />
      </BarChart>
    </div>
  );
}

/** One two-column table of jobs per label (a cause, a site). */
function JobsByLabelTable({ caption, head, rows, testId }: { caption: string; head: string; rows: { label: string; jobs: number }[]; testId: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <caption className="text-left font-semibold">{caption}</caption>
      <thead><tr><th scope="col" className={th}>{head}</th><th scope="col" className={num}>Jobs</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}><th scope="row" className={`${th} font-normal`}>{r.label}</th><td className={num}>{r.jobs}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function FailureTable({ data: d }: { data: CampaignCharts }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <JobsByLabelTable caption="By cause" head="Cause" rows={d.failures.causes} testId="failures-table" />
      <JobsByLabelTable caption="By site" head="Site" rows={d.failures.sites.map((s) => ({ label: s.site, jobs: s.jobs }))} testId="failure-sites-table" />
    </div>
  );
}

/** Ended jobs by CPU efficiency (CPU time ÷ wall time); low bars mean jobs waiting on data or I/O. */
export function EfficiencyChart({ data: d }: { data: CampaignCharts }) {
  const total = d.efficiency.reduce((a, b) => a + b, 0);
  if (!total) return <p className="muted text-sm">No jobs ended in this window.</p>;
  const rows = EFFICIENCY_LABELS.map((label, i) => ({ label, jobs: d.efficiency[i] }));
  return (
    <div className={wrap} data-testid="efficiency-chart">
      <BarChart responsive data={rows} style={{ width: "100%", height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 4 }} title="CPU efficiency of ended jobs" desc={rows.filter((r) => r.jobs).map((r) => `${r.label}: ${r.jobs} jobs`).join("; ")}>
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="label" interval={1} {...AXIS} tick={{ fill: "currentColor", fontSize: 11 }} />
        <YAxis allowDecimals={false} width={56} {...AXIS} />
        <Tooltip {...TOOLTIP} cursor={{ fill: "currentColor", fillOpacity: 0.08 }} />
        <Bar dataKey="jobs" name="Jobs" isAnimationActive={false}>
          {rows.map((r, i) => <Cell key={r.label} fill={i < 5 ? OKABE_ITO.orange : SERIES_COLOURS[0]} />)}
        </Bar>
      </BarChart>
      <p className="muted text-xs">Below 50 % (orange): jobs mostly waiting, often on data or the network.</p>
    </div>
  );
}

export function EfficiencyTable({ data: d }: { data: CampaignCharts }) {
  return (
    <table className="w-full text-left text-sm" data-testid="efficiency-table">
      <caption className="sr-only">Ended jobs by CPU efficiency</caption>
      <thead><tr><th scope="col" className={th}>CPU efficiency</th><th scope="col" className={num}>Jobs</th></tr></thead>
      <tbody>
        {EFFICIENCY_LABELS.map((label, i) => (
          <tr key={label}><th scope="row" className={`${th} font-normal`}>{label}</th><td className={num}>{d.efficiency[i]}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
