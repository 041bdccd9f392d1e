/**
 * PostgreSQL's text of `date` and `timestamp` (without time zone) columns, which hold UTC by the
 * house rule (lib/db/client.ts), read as UTC whatever the process's time zone: the bare `pg` driver
 * would read them in local time.
 */
export const DATE = 1082;
export const TIMESTAMP = 1114;

/** "2026-11-29" or "2026-11-29 16:31:03.12" as a UTC Date. */
export const utcDate = (s: string): Date => new Date(s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(" ", "T")}Z`);

