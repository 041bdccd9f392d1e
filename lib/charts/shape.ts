/**
 * Shaping rollup rows into the series the campaign's charts draw: buckets, cumulative sums (burn-ups that never go
 * backwards), sampled job states, the failure breakdown, the CPU-efficiency histogram and the forecast's fan. Pure:
 * the queries (queries.ts) read the rows, these functions decide what the numbers are.
 */
import { truncate, type Bucket } from "./window";

/** Sums per bucket: rows with their time truncated to the bucket, missing buckets 0. */
export function perBucket(starts: readonly number[], bucket: Bucket, rows: readonly { t: number; value: number }[]): number[] {
  const index = new Map(starts.map((t, i) => [t, i]));
  const out = starts.map(() => 0);
  for (const r of rows) {
    const i = index.get(truncate(r.t, bucket));
    if (i !== undefined) out[i] += r.value;
  }
  return out;
}

/**
 * Running totals, starting from what was counted before the window: the value at each bucket is everything up to the
 * bucket's end. Negative increments are clamped to zero so a burn-up never goes backwards (the rollups clamp too).
 */
export function cumulative(increments: readonly number[], before = 0): number[] {
  let sum = Math.max(0, before);
  return increments.map((v) => (sum += Math.max(0, v)));
}

export type JobSample = { t: number; idle: number | null; running: number | null; held: number | null };
export type JobSeries = { idle: (number | null)[]; running: (number | null)[]; held: (number | null)[] };

/**
 * Jobs idle, running and held per bucket from the hourly samples (summed over stages per hour). An hour bucket shows
 * its sample; a day bucket the mean of its sampled hours, rounded. A bucket with no sample is null (a gap, not a zero:
 * the refresh did not look then).
 */
export function jobSeries(starts: readonly number[], bucket: Bucket, samples: readonly JobSample[]): JobSeries {
  const index = new Map(starts.map((t, i) => [t, i]));
  const hours = starts.map(() => new Map<number, { idle: number; running: number; held: number }>());
  for (const s of samples) {
    const i = index.get(truncate(s.t, bucket));
    if (i === undefined || (s.idle === null && s.running === null && s.held === null)) continue;
    const h = hours[i].get(s.t) ?? { idle: 0, running: 0, held: 0 };
    h.idle += s.idle ?? 0;
    h.running += s.running ?? 0;
    h.held += s.held ?? 0;
    hours[i].set(s.t, h);
  }
  const mean = (i: number, k: "idle" | "running" | "held") => {
    const hs = [...hours[i].values()];
    return hs.length ? Math.round(hs.reduce((a, h) => a + h[k], 0) / hs.length) : null;
  };
  return { idle: starts.map((_, i) => mean(i, "idle")), running: starts.map((_, i) => mean(i, "running")), held: starts.map((_, i) => mean(i, "held")) };
}

export type FailureRow = { exitCode: number; holdReason: string; site: string; jobs: number };
export type FailureCause = { label: string; exitCode: number | null; holdReason: string; jobs: number };
export type FailureBreakdown = { causes: FailureCause[]; sites: { site: string; jobs: number }[]; total: number };

/** What a failure was, in words: "Held: memory over limit", "Exit code 137", "No exit code reported". */
export function failureLabel(exitCode: number, holdReason: string): string {
  if (holdReason) return `Held: ${holdReason}`;
  return exitCode === -1 ? "No exit code reported" : `Exit code ${exitCode}`;
}

/** The largest causes (exit code or hold reason) and sites, the rest folded into "Other", most first. */
export function failureBreakdown(rows: readonly FailureRow[], top = 10): FailureBreakdown {
  const causes = new Map<string, FailureCause>();
  const sites = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    if (r.jobs <= 0) continue;
    total += r.jobs;
    const key = r.holdReason ? `h:${r.holdReason}` : `e:${r.exitCode}`;
    const c = causes.get(key) ?? { label: failureLabel(r.exitCode, r.holdReason), exitCode: r.holdReason ? null : r.exitCode, holdReason: r.holdReason, jobs: 0 };
    c.jobs += r.jobs;
    causes.set(key, c);
    const site = r.site || "Unknown site";
    sites.set(site, (sites.get(site) ?? 0) + r.jobs);
  }
  const byJobs = <T extends { jobs: number; label?: string; site?: string }>(a: T, b: T) => b.jobs - a.jobs || String(a.label ?? a.site).localeCompare(String(b.label ?? b.site));
  const fold = <T extends { jobs: number }>(list: T[], other: (jobs: number) => T) => {
    if (list.length <= top) return list;
    const rest = list.slice(top - 1).reduce((a, x) => a + x.jobs, 0);
    return [...list.slice(0, top - 1), other(rest)];
  };
  return {
    causes: fold([...causes.values()].sort(byJobs), (jobs) => ({ label: "Other causes", exitCode: null, holdReason: "", jobs })),
    sites: fold([...sites].map(([site, jobs]) => ({ site, jobs })).sort(byJobs), (jobs) => ({ site: "Other sites", jobs })),
    total,
  };
}

/** The eleven CPU-efficiency buckets of EfficiencyRollup: tenths 0–9, then above 100 %. */
export const EFFICIENCY_LABELS = ["0–10 %", "10–20 %", "20–30 %", "30–40 %", "40–50 %", "50–60 %", "60–70 %", "70–80 %", "80–90 %", "90–100 %", "over 100 %"];

export function efficiencyHistogram(rows: readonly { bucket: number; jobs: number }[]): number[] {
  const out = EFFICIENCY_LABELS.map(() => 0);
  for (const r of rows) if (r.bucket >= 0 && r.bucket < out.length) out[r.bucket] += Math.max(0, r.jobs);
  return out;
}

export type ForecastFacts = {
  state: "ON_TRACK" | "STALLED" | "FINISHED" | "NO_DATA";
  filesTotal: number;
  filesDone: number;
  medianAt: number | null;
  lowAt: number | null;
  highAt: number | null;
  computedAt: number;
};

export type FanPoint = { t: number; median: number | null; band: [number, number] | null };

/**
 * The forecast drawn from now: three straight lines from the files done now to the total, reaching it at the band's
 * early edge, the median and the late edge. The area between the early and late lines is the 85 % band.
 */
export function forecastFan(f: ForecastFacts): FanPoint[] {
  if (f.state !== "ON_TRACK" || f.medianAt === null || f.lowAt === null) return [];
  const start = f.computedAt;
  const done = Math.min(f.filesDone, f.filesTotal);
  const at = (t: number, end: number) => (end <= start ? f.filesTotal : Math.min(f.filesTotal, done + ((f.filesTotal - done) * (t - start)) / (end - start)));
  // No late edge: the slowest futures do not finish within the forecast's horizon, so the band's floor stays flat.
  const slow = (t: number) => (f.highAt === null ? done : at(t, f.highAt));
  const times = [...new Set([start, f.lowAt, f.medianAt, f.highAt ?? f.medianAt].filter((t) => t >= start))].sort((a, b) => a - b);
  return times.map((t) => ({ t, median: Math.round(at(t, f.medianAt!)), band: [Math.round(slow(t)), Math.round(at(t, f.lowAt!))] }));
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const fmtDay = (t: number) => new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/**
 * How the forecast was computed, in a manager's words, from CampaignForecast.method (written by the refresh:
 * window, trials, seed and what widened the band). Unknown keys are ignored; missing ones are left out.
 */
export function describeForecast(f: ForecastFacts & { dailyRate: number | null; erratic: boolean; method: unknown }): string {
  const m = (f.method && typeof f.method === "object" ? f.method : {}) as Record<string, unknown>;
  const days = num(m.windowDays);
  const trials = num(m.trials);
  const stallDays = num(m.stallDays);
  const minDays = num(m.minDays);
  const blockDays = num(m.blockDays);
  const left = Math.max(0, f.filesTotal - f.filesDone);
  const n = (v: number) => v.toLocaleString("en-US");
  switch (f.state) {
    case "FINISHED":
      return `Finished: all ${n(f.filesTotal)} files are done.`;
    case "NO_DATA":
      return f.filesTotal > 0
        ? `No forecast yet: there is too little history${minDays ? ` (fewer than ${minDays} days of it)` : ""} to say when this campaign will finish.`
        : "No forecast yet: the campaign's total is not known (its input stages have no files yet).";
    case "STALLED":
      return `No forecast: no files were done ${stallDays ? `in the last ${stallDays} days` : "recently"}, so there is no pace to project; ${n(left)} files are left.`;
    case "ON_TRACK": {
      const band =
        f.lowAt !== null && f.highAt !== null
          ? ` and 85 % between ${fmtDay(f.lowAt)} and ${fmtDay(f.highAt)}`
          : f.lowAt !== null
            ? `; the fastest finish from ${fmtDay(f.lowAt)}, the slowest take more than ten years`
            : "";
      const parts = [
        `${n(left)} files are left.`,
        `We simulated ${trials ? `${n(trials)} possible futures` : "many possible futures"} by drawing days at random from the last ${days ?? "few"} days' throughput${f.dailyRate !== null ? ` (typically ${n(Math.round(f.dailyRate))} files a day)` : ""}.`,
        f.medianAt !== null ? `Half of them finish by ${fmtDay(f.medianAt)}${band}.` : "",
        f.erratic ? `Throughput has been uneven, so days were drawn ${blockDays && blockDays > 1 ? `in runs of ${blockDays}` : "in runs"}, keeping bursts and quiet spells together, which widens the band.` : "",
      ];
      return parts.filter(Boolean).join(" ");
    }
  }
}
