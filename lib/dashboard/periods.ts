/**
 * The calendar of the dashboard: weeks for throughput and age buckets for open work, as UTC dates
 * (YYYY-MM-DD) so that a figure and the list it links to (`updatedFrom`, `updatedTo`) count the same
 * days. Pure.
 */

const DAY_MS = 86_400_000;

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));

/** The Monday (UTC) of the week holding `date`: weeks run Monday to Sunday, as PostgreSQL's `date_trunc('week', …)`. */
export function weekStart(date: string): string {
  const dayOfWeek = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -dayOfWeek);
}

/** How many weeks the throughput chart shows, the current (partial) week last. */
export const THROUGHPUT_WEEKS = 12;

/** The Mondays of the last `weeks` weeks up to the one holding `today`, oldest first. */
export function recentWeeks(today: string, weeks = THROUGHPUT_WEEKS): string[] {
  const current = weekStart(today);
  return Array.from({ length: weeks }, (_, i) => addDays(current, -7 * (weeks - 1 - i)));
}

/** "9 Nov": a week's label on the chart. */
export function shortDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** How long open work has waited since it last changed, in whole days: [minDays, maxDays). */
export type AgeingBucket = { label: string; minDays: number; maxDays: number | null };

export const AGEING_BUCKETS: readonly AgeingBucket[] = [
  { label: "Under 1 week", minDays: 0, maxDays: 7 },
  { label: "1–2 weeks", minDays: 7, maxDays: 14 },
  { label: "2–4 weeks", minDays: 14, maxDays: 28 },
  { label: "4 weeks or more", minDays: 28, maxDays: null },
];

/** The index of the bucket for work last changed `days` days ago (a future date counts as today). */
export function ageingBucketOf(days: number): number {
  const i = AGEING_BUCKETS.findIndex((b) => days < (b.maxDays ?? Infinity));
  return i < 0 ? AGEING_BUCKETS.length - 1 : i;
}

/**
 * The last-update dates of a bucket as the Tasks list's filters: work last changed on a day d with
 * minDays ≤ today − d < maxDays, i.e. `updatedFrom` = today − maxDays + 1 (inclusive) and `updatedTo`
 * = today − minDays + 1 (exclusive). The youngest bucket has no upper end, the oldest no lower end.
 */
export function ageingDates(today: string, bucket: AgeingBucket): { updatedFrom?: string; updatedTo?: string } {
  return {
    ...(bucket.maxDays === null ? {} : { updatedFrom: addDays(today, -bucket.maxDays + 1) }),
    ...(bucket.minDays === 0 ? {} : { updatedTo: addDays(today, -bucket.minDays + 1) }),
  };
}

/** Open work "stale" on the overview: no change for at least this many days (the Tasks list's `stale=`). */
export const STALE_DAYS = 14;
