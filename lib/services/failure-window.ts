/**
 * The failure breakdown's window as it is written in a page's address (?failures=1d|7d|30d|90d): pure, shared by the
 * page and its links. An unknown value reads as the default (a week), never an error on a page.
 */
export const FAILURE_WINDOWS = ["1d", "7d", "30d", "90d"] as const;
export type FailureWindowKey = (typeof FAILURE_WINDOWS)[number];
export const DEFAULT_FAILURE_WINDOW: FailureWindowKey = "7d";
export const FAILURE_WINDOW_LABEL: Record<FailureWindowKey, string> = { "1d": "Last day", "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days" };

export function parseFailureWindow(value: string | string[] | undefined): FailureWindowKey {
  const v = Array.isArray(value) ? value[0] : value;
  return (FAILURE_WINDOWS as readonly string[]).includes(v ?? "") ? (v as FailureWindowKey) : DEFAULT_FAILURE_WINDOW;
}

/** The window ending at `now`. */
export function windowEnding(key: FailureWindowKey, now: number): { from: Date; to: Date } {
  return { from: new Date(now - Number(key.slice(0, -1)) * 86_400_000), to: new Date(now) };
}
