/**
 * The charts' time window: 24 h, 7 d, 30 d or a custom range, as it travels in the URL (`window`, `from`, `to`), and
 * the buckets a chart draws it in (hours up to a week, days beyond). Pure; the API answers a bad window with a 400
 * naming what is wrong, the page falls back to the default and says so.
 */
import { DomainError } from "@/lib/errors";

export const CHART_WINDOWS = ["24h", "7d", "30d", "custom"] as const;
export type ChartWindowName = (typeof CHART_WINDOWS)[number];
export type Bucket = "hour" | "day";

export type ChartWindow = { name: ChartWindowName; from: Date; to: Date; bucket: Bucket };

export const DEFAULT_WINDOW: ChartWindowName = "7d";
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** A custom window spans at most this many days (a year and a bit: about 400 daily points, well under 200 KB). */
export const MAX_CUSTOM_DAYS = 400;

export const WINDOW_LABEL: Record<ChartWindowName, string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom" };

const PRESET_MS: Record<Exclude<ChartWindowName, "custom">, number> = { "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS };

/** Hours for spans up to 7 days (at most 168 points), days beyond. */
export const bucketFor = (spanMs: number): Bucket => (spanMs <= 7 * DAY_MS ? "hour" : "day");

export const truncate = (t: number, bucket: Bucket) => (bucket === "hour" ? Math.floor(t / HOUR_MS) * HOUR_MS : Math.floor(t / DAY_MS) * DAY_MS);
export const bucketMs = (bucket: Bucket) => (bucket === "hour" ? HOUR_MS : DAY_MS);

const bad = (message: string) => new DomainError("invalid_input", message);

/** `2026-11-01` (a UTC day) or a full ISO time; anything else is refused. */
function parseMoment(text: string, field: string, endOfDay: boolean): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  if (!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    throw bad(`"${field}" must be a date such as 2026-11-01 (or a time such as 2026-11-01T08:00Z).`);
  }
  const t = Date.parse(day ? `${text}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(text) ? text : `${text}Z`);
  // Date.parse rolls 30 February over to March; a real date reads back as itself.
  if (!Number.isFinite(t) || (day && new Date(t).toISOString().slice(0, 10) !== text)) throw bad(`"${field}" is not a real date.`);
  const year = new Date(t).getUTCFullYear();
  if (year < 2000 || year > 2100) throw bad(`"${field}" must be between the years 2000 and 2100.`);
  // A day as the end of a range means the whole of that day.
  return new Date(day && endOfDay ? t + DAY_MS : t);
}

/**
 * The window the query string asks for, at `now`. Presets end at the current bucket's end so the last bucket is the
 * one in progress; a custom window needs `from` and `to` (days or times, UTC), from before to, at most 400 days.
 */
export function parseChartWindow(fields: Record<string, string | undefined>, now: Date): ChartWindow {
  const name = (fields.window ?? "").trim() || DEFAULT_WINDOW;
  if (!(CHART_WINDOWS as readonly string[]).includes(name)) throw bad(`"window" must be one of ${CHART_WINDOWS.join(", ")}.`);
  if (name !== "custom") {
    const span = PRESET_MS[name as Exclude<ChartWindowName, "custom">];
    const bucket = bucketFor(span);
    const to = truncate(now.getTime(), bucket) + bucketMs(bucket);
    return { name: name as ChartWindowName, from: new Date(to - span), to: new Date(to), bucket };
  }
  const fromText = (fields.from ?? "").trim();
  const toText = (fields.to ?? "").trim();
  if (!fromText || !toText) throw bad('A custom window needs both "from" and "to".');
  const from = parseMoment(fromText, "from", false);
  const to = parseMoment(toText, "to", true);
  if (to.getTime() <= from.getTime()) throw bad('"from" must be before "to".');
  if (to.getTime() - from.getTime() > MAX_CUSTOM_DAYS * DAY_MS) throw bad(`A custom window spans at most ${MAX_CUSTOM_DAYS} days.`);
  const bucket = bucketFor(to.getTime() - from.getTime());
  // Whole buckets: the first holding `from`, the last holding the moment before `to`.
  const start = truncate(from.getTime(), bucket);
  const end = truncate(to.getTime() - 1, bucket) + bucketMs(bucket);
  return { name: "custom", from: new Date(start), to: new Date(end), bucket };
}

/** The start of every bucket in [from, to), oldest first. */
export function bucketStarts(w: Pick<ChartWindow, "from" | "to" | "bucket">): number[] {
  const step = bucketMs(w.bucket);
  const out: number[] = [];
  for (let t = truncate(w.from.getTime(), w.bucket); t < w.to.getTime(); t += step) out.push(t);
  return out;
}

/** The query string of a window (what links and the API use). */
export function windowQuery(w: { name: ChartWindowName; from?: Date | string; to?: Date | string }): string {
  if (w.name !== "custom") return `window=${w.name}`;
  const iso = (d: Date | string | undefined) => (d instanceof Date ? d.toISOString() : (d ?? ""));
  return `window=custom&from=${encodeURIComponent(iso(w.from))}&to=${encodeURIComponent(iso(w.to))}`;
}
