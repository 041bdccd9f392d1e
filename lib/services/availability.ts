/**
 * Daily availability of a service (the status page's 90-day bar), pure. The database cuts the downtimes into UTC days
 * (lib/services/queries.ts, one statement for every service); this merges what overlaps within a day, so two ACTUAL
 * downtimes covering the same hour count that hour once, and turns each day into a share of time up.
 * A day counts from 00:00 UTC to 24:00 UTC; today counts only up to now; an open downtime runs to now.
 */

export const DAY_MS = 86_400_000;

/** A downtime's part inside one UTC day (what the SQL returns, and what `clipToUtcDays` computes for tests). */
export type DayPiece = { day: string; kind: "ACTUAL" | "SCHEDULED"; startsAt: Date; endsAt: Date };

export type DayAvailability = {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Share of the day's counted time not inside an ACTUAL downtime, 0..1; null when nothing of the day is counted yet. */
  upShare: number | null;
  /** Minutes inside an ACTUAL downtime. */
  downMinutes: number;
  /** A SCHEDULED downtime (not cancelled) touched the day. */
  scheduled: boolean;
};

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** The last `days` UTC days ending with the day of `now`, oldest first. */
export function dayRange(days: number, now: Date): string[] {
  const today = dayStart(utcDay(now)).getTime();
  return Array.from({ length: days }, (_, i) => utcDay(new Date(today - (days - 1 - i) * DAY_MS)));
}

/**
 * Cuts downtimes into their pieces per UTC day inside [from, now] (the same cut the SQL makes); an open downtime
 * (endsAt null) runs to now. Pieces of zero length are dropped.
 */
export function clipToUtcDays(downtimes: { kind: "ACTUAL" | "SCHEDULED"; startsAt: Date; endsAt: Date | null }[], from: Date, now: Date): DayPiece[] {
  const out: DayPiece[] = [];
  for (const d of downtimes) {
    const s = Math.max(d.startsAt.getTime(), from.getTime());
    const e = d.kind === "ACTUAL" ? Math.min(d.endsAt?.getTime() ?? now.getTime(), now.getTime()) : (d.endsAt?.getTime() ?? s);
    for (let day = dayStart(utcDay(new Date(s))).getTime(); day < e; day += DAY_MS) {
      const ps = Math.max(s, day);
      const pe = Math.min(e, day + DAY_MS);
      if (pe > ps) out.push({ day: utcDay(new Date(day)), kind: d.kind, startsAt: new Date(ps), endsAt: new Date(pe) });
    }
  }
  return out;
}

/** Total length of the union of intervals (overlaps counted once). */
export function unionMs(intervals: { startsAt: Date; endsAt: Date }[]): number {
  const sorted = intervals.map((i) => [i.startsAt.getTime(), i.endsAt.getTime()] as const).filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cs = -Infinity;
  let ce = -Infinity;
  for (const [s, e] of sorted) {
    if (s > ce) {
      if (ce > cs) total += ce - cs;
      cs = s;
      ce = e;
    } else if (e > ce) ce = e;
  }
  if (ce > cs) total += ce - cs;
  return total;
}

/**
 * One bucket per day of `days`: the share up of the day's counted time (from `since`, the service's creation, and up
 * to `now`), the minutes down, and whether maintenance was scheduled in it. Days wholly before `since` or after `now`
 * have upShare null ("no data").
 */
export function bucketDays(pieces: DayPiece[], days: string[], now: Date, since?: Date): DayAvailability[] {
  const byDay = new Map<string, DayPiece[]>();
  for (const p of pieces) {
    const list = byDay.get(p.day);
    if (list) list.push(p);
    else byDay.set(p.day, [p]);
  }
  return days.map((day) => {
    const start = dayStart(day).getTime();
    const countedFrom = Math.max(start, since?.getTime() ?? start);
    const countedTo = Math.min(start + DAY_MS, now.getTime());
    const list = byDay.get(day) ?? [];
    const scheduled = list.some((p) => p.kind === "SCHEDULED");
    if (countedTo <= countedFrom) return { day, upShare: null, downMinutes: 0, scheduled };
    const actual = list
      .filter((p) => p.kind === "ACTUAL")
      .map((p) => ({ startsAt: new Date(Math.max(p.startsAt.getTime(), countedFrom)), endsAt: new Date(Math.min(p.endsAt.getTime(), countedTo)) }));
    const down = unionMs(actual);
    return { day, upShare: Math.max(0, 1 - down / (countedTo - countedFrom)), downMinutes: Math.round(down / 60_000), scheduled };
  });
}

/** The share up over the whole range, weighted by counted time (the figure printed beside the bar). */
export function overallUpShare(buckets: DayAvailability[], now: Date, since?: Date): number | null {
  let counted = 0;
  let down = 0;
  for (const b of buckets) {
    if (b.upShare === null) continue;
    const start = dayStart(b.day).getTime();
    const len = Math.min(start + DAY_MS, now.getTime()) - Math.max(start, since?.getTime() ?? start);
    counted += len;
    down += (1 - b.upShare) * len;
  }
  return counted > 0 ? 1 - down / counted : null;
}

/** How a day reads for people (the bar's tooltip and accessible label). */
export function describeDay(b: DayAvailability): string {
  const parts = [b.day];
  if (b.upShare === null) parts.push("no data");
  else if (b.downMinutes === 0) parts.push("no outage");
  else parts.push(`${formatShare(b.upShare)} up, down ${formatMinutes(b.downMinutes)}`);
  if (b.scheduled) parts.push("scheduled maintenance");
  return parts.join(": ").replace(/: (scheduled maintenance)$/, ", $1");
}

/** The band a day falls into (colour plus its word). */
export function dayBand(b: DayAvailability): "none" | "up" | "minor" | "major" {
  if (b.upShare === null) return "none";
  if (b.downMinutes === 0) return "up";
  return b.upShare >= 0.95 ? "minor" : "major";
}

export function formatShare(s: number): string {
  const pct = s * 100;
  return `${pct >= 99.995 || pct === 0 ? pct.toFixed(0) : pct >= 99 ? pct.toFixed(2) : pct.toFixed(1)} %`;
}

export function formatMinutes(m: number): string {
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
