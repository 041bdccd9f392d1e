/**
 * Judging what a probe read: a number against thresholds, a value at a JSON path, the monitor's clock. Pure.
 * "No number" is never 0: a missing or null value, NaN or ±Inf, or a value outside the plausible range is a failed
 * read (the monitor is broken), and never passes a threshold.
 */
import type { ThresholdProbe } from "./config";

export type Verdict = "GOOD" | "DEGRADED" | "BAD" | "UNKNOWN";
/** A probe's answer: a verdict (with what it saw), or a failed read (which is never a status change). */
export type ProbeOutcome = { ok: true; verdict: Verdict; detail: string; value: number | null } | { ok: false; reason: string };

/** How far ahead of ours a monitor's clock may be before its answer is refused (a stale or broken monitor). */
export const CLOCK_SKEW_S = 300;

const fmt = (v: number, unit: string) => `${Number.isInteger(v) ? v : Number(v.toPrecision(4))}${unit ? ` ${unit}` : ""}`;

/** The verdict for a measured value, or a failed read when the value is no usable number. */
export function judgeValue(p: Pick<ThresholdProbe, "direction" | "degradedAt" | "badAt" | "range" | "unit">, value: number, what = "value"): ProbeOutcome {
  if (!Number.isFinite(value)) return { ok: false, reason: `The monitor sent no usable number for the ${what} (${value}).` };
  if (p.range && (value < p.range[0] || value > p.range[1]))
    return { ok: false, reason: `The monitor's ${what} ${fmt(value, p.unit)} is outside what it can be (${fmt(p.range[0], p.unit)} to ${fmt(p.range[1], p.unit)}).` };
  const worse = (limit: number) => (p.direction === "higherIsWorse" ? value >= limit : value <= limit);
  const edge = p.direction === "higherIsWorse" ? "at or above" : "at or below";
  if (worse(p.badAt)) return { ok: true, verdict: "BAD", value, detail: `${what} ${fmt(value, p.unit)} (bad ${edge} ${fmt(p.badAt, p.unit)})` };
  if (p.degradedAt !== undefined && worse(p.degradedAt)) return { ok: true, verdict: "DEGRADED", value, detail: `${what} ${fmt(value, p.unit)} (degraded ${edge} ${fmt(p.degradedAt, p.unit)})` };
  return { ok: true, verdict: "GOOD", value, detail: `${what} ${fmt(value, p.unit)}` };
}

/** The value at a dotted path (`pools.0.fill`) of parsed JSON, or undefined. */
export function valueAtPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A number as monitors send it: a JSON number, or a numeric string ("0.93", "NaN", "+Inf"). Null when it is neither. */
export function monitorNumber(raw: unknown): number | null {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string" || !raw.trim()) return null;
  const s = raw.trim();
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return NaN;
  const n = Number(s);
  return Number.isNaN(n) ? null : n;
}

/** A monitor's timestamp (unix seconds, or an ISO text) in ms, or null. */
export function monitorTime(raw: unknown): number | null {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw > 1e12 ? raw : raw * 1000;
  if (typeof raw === "string") {
    const n = monitorNumber(raw);
    if (n !== null && Number.isFinite(n)) return n > 1e12 ? n : n * 1000;
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** A failed read when the monitor's clock is ahead of ours by more than the allowed skew; null when it is fine. */
export function refuseFutureClock(atMs: number, nowMs: number): ProbeOutcome | null {
  const ahead = (atMs - nowMs) / 1000;
  return ahead > CLOCK_SKEW_S ? { ok: false, reason: `The monitor's clock is ${Math.round(ahead)} s ahead of ours: its answer cannot be trusted.` } : null;
}
