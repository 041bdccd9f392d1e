/**
 * Stage schedules as rules (pure): a cron expression read in an IANA time zone, checked with messages a person can
 * act on, and its next run. croner parses and steps the expression (daylight-saving changes included).
 * Five fields (minute hour day-of-month month day-of-week) or a nickname (@hourly, @daily, @weekly, @monthly,
 * @yearly); seconds are refused: the refresh that runs schedules comes every few minutes, not every second.
 */
import { Cron } from "croner";
import { CRON_HELP } from "./words";

export { CRON_HELP };

const NICKNAMES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

export type CheckedSchedule =
  | { ok: true; cronExpression: string; timeZone: string; nextRun: Date }
  | { ok: false; field: "cronExpression" | "timeZone"; message: string };

/** The zone's canonical spelling, or null when there is no such zone. */
export function readTimeZone(zone: string): string | null {
  const z = zone.trim();
  if (!z || z.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function cronOf(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, paused: true });
}

/** Reads an expression and a zone as a person typed them (syntax and zone only; cheap): normalised, or why not. */
export function readSchedule(expression: string, zone: string): { ok: true; cronExpression: string; timeZone: string } | (CheckedSchedule & { ok: false }) {
  const expr = expression.trim().replace(/\s+/g, " ");
  if (!expr) return { ok: false, field: "cronExpression", message: `Write when it runs. ${CRON_HELP}` };
  if (expr.length > 120) return { ok: false, field: "cronExpression", message: "The cron expression is too long (at most 120 characters)." };
  const timeZone = readTimeZone(zone);
  if (!timeZone) return { ok: false, field: "timeZone", message: `“${zone.trim().slice(0, 64)}” is not a time zone we know; use an IANA name such as UTC, America/Chicago or Europe/Rome.` };
  const fields = expr.split(" ");
  if (expr.startsWith("@") ? !NICKNAMES.includes(expr.toLowerCase()) : fields.length !== 5) {
    return { ok: false, field: "cronExpression", message: `“${expr}” is not a cron expression we take (${expr.startsWith("@") ? "unknown nickname" : `${fields.length} field${fields.length === 1 ? "" : "s"}`}). ${CRON_HELP}` };
  }
  try {
    cronOf(expr, timeZone);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^CronPattern:\s*/, "") : String(err);
    return { ok: false, field: "cronExpression", message: `“${expr}” cannot be read: ${why}. ${CRON_HELP}` };
  }
  return { ok: true, cronExpression: expr, timeZone };
}

/** Checks an expression and a zone as a person typed them; on success, the next run after `now`. */
export function checkSchedule(expression: string, zone: string, now: Date): CheckedSchedule {
  const read = readSchedule(expression, zone);
  if (!read.ok) return read;
  const next = nextRunAfter(read.cronExpression, read.timeZone, now);
  if (!next) return { ok: false, field: "cronExpression", message: `“${read.cronExpression}” never runs (for example the 30th of February); check the day and month fields.` };
  return { ...read, nextRun: next };
}

/**
 * The next run strictly after `after`, or null when the expression (stored, so once valid) never runs again.
 * The refresh asks from "now", not from the missed run: runs missed while nothing was refreshing fire once.
 */
export function nextRunAfter(expression: string, timeZone: string, after: Date): Date | null {
  try {
    return cronOf(expression, timeZone).nextRun(after) ?? null;
  } catch {
    return null;
  }
}

/** "Mon, 30 Nov 2026, 03:00 Europe/Rome": a run time in the schedule's own zone. */
export function formatInZone(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  return `${text} ${timeZone}`;
}
