/**
 * Time windows people ask for in a query string (a service's history, the calendar's downtimes), pure: a date
 * ("2026-11-29", midnight UTC) or an instant with its offset; sane defaults; bounded length; a clear 400 otherwise.
 */
import { DomainError } from "@/lib/errors";

const DAY = 86_400_000;

/** The windows a service page offers for its history (days). */
export const HISTORY_DAYS = [1, 7, 30, 90] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2026-11-29" (midnight UTC) or an ISO instant with offset; undefined when absent; a 400 naming the field when bad. */
export function parseWhen(text: string | undefined, field: string): Date | undefined {
  if (text === undefined || text === "") return undefined;
  const d = DATE.test(text) ? new Date(`${text}T00:00:00.000Z`) : INSTANT.test(text) ? new Date(text) : null;
  if (!d || Number.isNaN(d.getTime()) || (DATE.test(text) && d.toISOString().slice(0, 10) !== text) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 2100)
    throw new DomainError("invalid_input", `${field} must be a date like 2026-11-29 or a time like 2026-11-29T08:00Z.`, { field });
  return d;
}

function bounded(from: Date, to: Date, maxDays: number): { from: Date; to: Date } {
  if (to.getTime() <= from.getTime()) throw new DomainError("invalid_input", "to must be after from.", { field: "to" });
  if (to.getTime() - from.getTime() > maxDays * DAY) throw new DomainError("invalid_input", `Ask for at most ${maxDays} days at a time.`, { field: "to" });
  return { from, to };
}

/** A service's history: `days=N` (the last N days up to now), or from/to; default the last 30 days; at most 400 days. */
export function historyWindow(q: Record<string, string>, now = new Date()): { from: Date; to: Date } {
  if (q.days !== undefined) {
    if (!/^[1-9][0-9]{0,2}$/.test(q.days) || Number(q.days) > 400) throw new DomainError("invalid_input", "days must be a whole number from 1 to 400.", { field: "days" });
    return { from: new Date(now.getTime() - Number(q.days) * DAY), to: now };
  }
  const to = parseWhen(q.to, "to") ?? now;
  const from = parseWhen(q.from, "from") ?? new Date(to.getTime() - 30 * DAY);
  return bounded(from, to, 400);
}

export type CalendarQuery = { from: Date; to: Date; kinds: ("ACTUAL" | "SCHEDULED")[]; serviceIds: number[]; includeCancelled: boolean };

/** The calendar's downtimes: default this ISO week (Monday 00:00 UTC); at most 100 days; service=1,2; kind; cancelled=1. */
export function calendarQuery(q: Record<string, string>, now = new Date()): CalendarQuery {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  const from = parseWhen(q.from, "from") ?? monday;
  const to = parseWhen(q.to, "to") ?? new Date(from.getTime() + 7 * DAY);
  const serviceIds = q.service ? q.service.split(",").map((s) => s.trim()) : [];
  if (serviceIds.some((s) => !/^[1-9][0-9]{0,8}$/.test(s))) throw new DomainError("invalid_input", "service must be service ids separated by commas.", { field: "service" });
  const kind = q.kind ?? "scheduled";
  if (!["scheduled", "actual", "all"].includes(kind)) throw new DomainError("invalid_input", "kind must be scheduled, actual or all.", { field: "kind" });
  if (q.cancelled !== undefined && !["0", "1"].includes(q.cancelled)) throw new DomainError("invalid_input", "cancelled must be 0 or 1.", { field: "cancelled" });
  return {
    ...bounded(from, to, 100),
    kinds: kind === "all" ? ["ACTUAL", "SCHEDULED"] : kind === "actual" ? ["ACTUAL"] : ["SCHEDULED"],
    serviceIds: serviceIds.map(Number),
    includeCancelled: q.cancelled === "1",
  };
}
