/**
 * The maintenance calendar's rules, pure (used by the page and its client island alike): the view and date in the URL,
 * the days a view shows (weeks start on Monday, all in UTC), stepping, the snap of pointer gestures to 30-minute slots
 * (week) or whole days (month), what a drag does to a downtime, and the side-by-side layout of overlapping ones.
 */

export type CalendarView = "week" | "month";
export type CalendarState = { view: CalendarView; date: string; serviceId: number | null };

export const DAY_MS = 86_400_000;
export const SLOT_MIN = 30;
export const SLOT_MS = SLOT_MIN * 60_000;
export const SLOTS_PER_DAY = 24 * (60 / SLOT_MIN);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const validDay = (s: string | undefined) =>
  s && DATE.test(s) && !Number.isNaN(dayStart(s).getTime()) && isoDay(dayStart(s)) === s && s >= "2000" && s < "2101" ? s : undefined;

/** The calendar's state from its URL; anything unreadable falls back to the week of today and all services. */
export function parseCalendarState(q: Record<string, string | string[] | undefined>, today: string): CalendarState {
  const one = (k: string) => (Array.isArray(q[k]) ? q[k][0] : q[k]);
  const view = one("view") === "month" ? "month" : "week";
  const service = one("service");
  return { view, date: validDay(one("date")) ?? today, serviceId: service && /^[1-9][0-9]{0,8}$/.test(service) ? Number(service) : null };
}

/** The one writer of the calendar's links (view, date and the service filter survive every step). */
export function calendarHref(s: CalendarState): string {
  const p = new URLSearchParams({ view: s.view, date: s.date });
  if (s.serviceId) p.set("service", String(s.serviceId));
  return `/services/calendar?${p.toString()}`;
}

const mondayOf = (day: string) => {
  const d = dayStart(day);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
};

/** The days a view shows: a week from its Monday, or the six weeks around a month (from the Monday on or before the 1st). */
export function visibleDays(view: CalendarView, date: string): string[] {
  const first = view === "week" ? mondayOf(date) : mondayOf(`${date.slice(0, 7)}-01`);
  const n = view === "week" ? 7 : 42;
  return Array.from({ length: n }, (_, i) => isoDay(new Date(first.getTime() + i * DAY_MS)));
}

export function visibleRange(view: CalendarView, date: string): { from: Date; to: Date; days: string[] } {
  const days = visibleDays(view, date);
  return { from: dayStart(days[0]), to: new Date(dayStart(days[days.length - 1]).getTime() + DAY_MS), days };
}

/** The previous or next week or month. */
export function stepDate(view: CalendarView, date: string, dir: -1 | 1): string {
  if (view === "week") return isoDay(new Date(dayStart(date).getTime() + dir * 7 * DAY_MS));
  const d = dayStart(date);
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + dir, 1)));
}

/** What the heading says: "Week of 23 Nov 2026" or "November 2026". */
export function viewTitle(view: CalendarView, date: string): string {
  if (view === "month") return dayStart(date).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  return `Week of ${mondayOf(date).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
}

/** The instant under the pointer: the day column and the slot in it (week), or the day (month). */
export function instantAt(days: string[], dayIndex: number, slot: number): Date {
  const i = Math.max(0, Math.min(days.length - 1, dayIndex));
  const s = Math.max(0, Math.min(SLOTS_PER_DAY - 1, slot));
  return new Date(dayStart(days[i]).getTime() + s * SLOT_MS);
}

/** A selection from one cell to another (either direction) as a window covering both cells. */
export function selectionWindow(a: Date, b: Date, cellMs: number): { startsAt: Date; endsAt: Date } {
  const lo = Math.min(a.getTime(), b.getTime());
  const hi = Math.max(a.getTime(), b.getTime());
  return { startsAt: new Date(lo), endsAt: new Date(hi + cellMs) };
}

/**
 * A drag: "move" shifts the window by the delta; "resize" moves its end, never to less than one cell after its start.
 * The delta is whole cells (slots in the week view, days in the month view).
 */
export function dragged(mode: "move" | "resize", w: { startsAt: Date; endsAt: Date }, deltaMs: number, cellMs: number): { startsAt: Date; endsAt: Date } {
  if (mode === "move") return { startsAt: new Date(w.startsAt.getTime() + deltaMs), endsAt: new Date(w.endsAt.getTime() + deltaMs) };
  return { startsAt: w.startsAt, endsAt: new Date(Math.max(w.startsAt.getTime() + cellMs, w.endsAt.getTime() + deltaMs)) };
}

export type Placed<T> = { item: T; day: string; startMin: number; endMin: number; lane: number; lanes: number; continuesBefore: boolean; continuesAfter: boolean };

/**
 * The week view's blocks: each downtime cut per day column (minutes from midnight UTC), overlapping blocks of one day
 * side by side in lanes (the fewest lanes the day needs).
 */
export function placeInDays<T extends { id: number; startsAt: Date; endsAt: Date }>(items: T[], days: string[]): Placed<T>[] {
  const out: Placed<T>[] = [];
  for (const day of days) {
    const start = dayStart(day).getTime();
    const end = start + DAY_MS;
    const pieces = items
      .filter((it) => it.startsAt.getTime() < end && it.endsAt.getTime() > start)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || b.endsAt.getTime() - a.endsAt.getTime() || a.id - b.id)
      .map((item) => ({
        item,
        day,
        startMin: Math.round((Math.max(item.startsAt.getTime(), start) - start) / 60_000),
        endMin: Math.round((Math.min(item.endsAt.getTime(), end) - start) / 60_000),
        lane: 0,
        lanes: 1,
        continuesBefore: item.startsAt.getTime() < start,
        continuesAfter: item.endsAt.getTime() > end,
      }));
    // Greedy lanes within clusters of blocks that overlap each other.
    let cluster: typeof pieces = [];
    let clusterEnd = -1;
    const close = () => {
      const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
      for (const p of cluster) p.lanes = lanes;
      cluster = [];
    };
    for (const p of pieces) {
      if (p.startMin >= clusterEnd) close();
      const laneEnds = new Map<number, number>();
      for (const q of cluster) laneEnds.set(q.lane, Math.max(laneEnds.get(q.lane) ?? 0, q.endMin));
      let lane = 0;
      while ((laneEnds.get(lane) ?? -1) > p.startMin) lane++;
      p.lane = lane;
      cluster.push(p);
      clusterEnd = Math.max(clusterEnd, p.endMin);
    }
    close();
    out.push(...pieces);
  }
  return out;
}

/** "datetime-local" text (the form's fields, in UTC) to an instant, and back. */
export const toLocalField = (d: Date) => d.toISOString().slice(0, 16);
export function fromLocalField(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return null;
  const d = new Date(`${text}:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}
