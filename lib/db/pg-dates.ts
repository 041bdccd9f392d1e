/**
 * PostgreSQL's text of `date` and `timestamp` (without time zone) columns, which hold UTC by the
 * house rule (lib/db/client.ts), read as UTC whatever the process's time zone: the bare `pg` driver
 * would read them in local time.
 */
export const DATE = 1082;
export const TIMESTAMP = 1114;

/** "2026-11-29" or "2026-11-29 16:31:03.12" as a UTC Date. */
export const utcDate = (s: string): Date => new Date(s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(" ", "T")}Z`);

/**
 * The same as `Date.prototype.toJSON` writes it ("2026-11-29T16:31:03.120Z"), without making a Date:
 * for rows that only become JSON or text, where Dates cost more than the rest of the row.
 */
export function isoText(s: string): string {
  if (s.length === 10) return `${s}T00:00:00.000Z`;
  if (s.length < 19 || s[10] !== " ") return s; // infinity, BC, years past 9999: not in our columns
  return `${s.slice(0, 10)}T${s.slice(11, 19)}.${s.length > 20 ? s.slice(20, 23).padEnd(3, "0") : "000"}Z`;
}
