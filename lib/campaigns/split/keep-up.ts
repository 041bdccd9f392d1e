/**
 * new(window, round, lag, firsttime, lasttime): keep-up processing in time windows over the files' start times,
 * after the original's webservice/split_types/new.py. How each parameter is read (docs/decisions.md):
 *   window     the length of one slice (default 1w); made a whole multiple of round, as the original did.
 *   round      window starts fall on multiples of it (default 1s).
 *   lag        how long after a window closes before it is taken, for files still arriving (the original's fts=,
 *              default 30m; fts= is accepted as its other name).
 *   firsttime  where the first window starts (unix seconds or an ISO date/time in UTC); without it the first
 *              launch takes the latest closed window (the original's default: new files only).
 *   lasttime   no window ending after it is taken (default: now, so windows close as time passes).
 * Durations take the original's suffixes w d h m s (a bare number is seconds). Arguments are named
 * (window=6h) or given in that order (new(6h, 1h, 30m)). The original's localtime= is not offered: times are UTC.
 * Pure.
 */
import { bracketed, fail, type Parsed } from "./text";

export type KeepUpSpec = { type: "new"; window: number; round: number; lag: number; firsttime: number | null; lasttime: number | null };

const ORDER = ["window", "round", "lag", "firsttime", "lasttime"] as const;
const UNIT: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
const MAX_SECONDS = 10 * 365 * 86_400;
export const KEEP_UP_DEFAULTS = { window: 604_800, round: 1, lag: 1_800 };

function duration(text: string): number | null {
  const m = /^([0-9]{1,9})\s*([wdhms]?)$/i.exec(text);
  if (!m) return null;
  return Number(m[1]) * UNIT[(m[2] || "s").toLowerCase()];
}

/** Unix seconds, or an ISO date (2026-06-20) / date-time (2026-06-20T12:00[:00][Z]) read as UTC. */
function instant(text: string): number | null {
  if (/^[0-9]{1,11}$/.test(text)) return Number(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?Z?)?$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const back = new Date(ms);
  if (Number.isNaN(ms) || back.getUTCDate() !== +m[3] || back.getUTCMonth() !== +m[2] - 1) return null;
  return ms / 1000;
}

export function parseKeepUp(src: string): Parsed<KeepUpSpec> {
  const inner = bracketed(src, "new");
  if (inner === null) return fail("Write new as new(window=1d, lag=30m) or just new.");
  const got: Partial<Record<(typeof ORDER)[number], string>> = {};
  const parts = inner === "" ? [] : inner.split(",").map((p) => p.trim());
  let positional = 0;
  for (const part of parts) {
    const named = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(part);
    let key: (typeof ORDER)[number];
    let value: string;
    if (named) {
      const k = named[1].toLowerCase() === "fts" ? "lag" : named[1].toLowerCase();
      if (!(ORDER as readonly string[]).includes(k)) return fail(`new has no parameter "${named[1]}"; it takes ${ORDER.join(", ")}.`);
      key = k as (typeof ORDER)[number];
      value = named[2].trim();
    } else {
      if (positional >= ORDER.length) return fail(`new takes at most ${ORDER.length} parameters: ${ORDER.join(", ")}.`);
      key = ORDER[positional++];
      value = part;
    }
    if (got[key] !== undefined) return fail(`new: ${key} is given twice.`);
    got[key] = value;
  }
  const spec: KeepUpSpec = { type: "new", ...KEEP_UP_DEFAULTS, firsttime: null, lasttime: null };
  for (const key of ["window", "round", "lag"] as const) {
    if (got[key] === undefined) continue;
    const d = duration(got[key]!);
    if (d === null) return fail(`new: ${key} is a duration such as 6h, 1d or 1w (suffixes w d h m s).`);
    if (d > MAX_SECONDS) return fail(`new: ${key} may be at most ten years.`);
    spec[key] = d;
  }
  if (spec.window < 1 || spec.round < 1) return fail("new: window and round must be at least one second.");
  spec.window -= spec.window % spec.round;
  if (spec.window < 1) return fail("new: the window must be at least as long as round.");
  for (const key of ["firsttime", "lasttime"] as const) {
    if (got[key] === undefined) continue;
    const t = instant(got[key]!);
    if (t === null) return fail(`new: ${key} is unix seconds or a date such as 2026-06-20 or 2026-06-20T12:00Z (UTC).`);
    spec[key] = t;
  }
  if (spec.firsttime !== null && spec.lasttime !== null && spec.firsttime >= spec.lasttime) return fail("new: firsttime must be before lasttime.");
  return { ok: true, spec };
}

function durationText(s: number): string {
  for (const u of ["w", "d", "h", "m"]) if (s % UNIT[u] === 0) return `${s / UNIT[u]}${u}`;
  return `${s}s`;
}

export function formatKeepUp(spec: KeepUpSpec): string {
  const parts = [`window=${durationText(spec.window)}`];
  if (spec.round !== KEEP_UP_DEFAULTS.round) parts.push(`round=${durationText(spec.round)}`);
  if (spec.lag !== KEEP_UP_DEFAULTS.lag) parts.push(`lag=${durationText(spec.lag)}`);
  if (spec.firsttime !== null) parts.push(`firsttime=${spec.firsttime}`);
  if (spec.lasttime !== null) parts.push(`lasttime=${spec.lasttime}`);
  return `new(${parts.join(", ")})`;
}

const down = (t: number, round: number) => t - (((t % round) + round) % round);

/** The first window's start: firsttime (rounded down), else the latest window that has closed by now. */
export function firstWindowStart(spec: KeepUpSpec, nowSeconds: number): number {
  if (spec.firsttime !== null) return down(spec.firsttime, spec.round);
  return latestStart(spec, nowSeconds);
}

/**
 * The latest window start whose window has closed, lag included, and ends by lasttime (the original's bound_time,
 * except that lag counts from now, not from lasttime: a window that ended at lasttime long ago is not held back).
 */
export function latestStart(spec: KeepUpSpec, nowSeconds: number): number {
  const closedBy = nowSeconds - spec.lag;
  const last = spec.lasttime === null ? closedBy : Math.min(spec.lasttime, closedBy);
  return down(last - spec.window, spec.round);
}

/**
 * Which window the next launch takes, given the cursor's start and the start time (seconds) of the earliest file
 * at or after it: the window holding that file (windows stay aligned on the cursor's start), once it has closed.
 * Empty windows are passed over, so keep-up never launches on nothing. "done": the next window would end after
 * lasttime; "waiting": it has not closed yet, or no file has arrived after the cursor.
 */
export function nextWindow(spec: KeepUpSpec, from: number, earliestFile: number | null, nowSeconds: number): { kind: "window"; start: number; end: number } | { kind: "waiting" | "done"; start: number } {
  const bound = latestStart(spec, nowSeconds);
  const start = earliestFile === null || earliestFile < from ? from : from + Math.floor((earliestFile - from) / spec.window) * spec.window;
  if (spec.lasttime !== null && start + spec.window > spec.lasttime) return { kind: "done", start };
  if (earliestFile === null || start > bound) return { kind: "waiting", start };
  return { kind: "window", start, end: start + spec.window };
}
