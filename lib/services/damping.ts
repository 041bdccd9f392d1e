/**
 * Damping a leaf's status against flapping: the last 3 probe verdicts are kept (`Service.recentResults`, newest
 * last) and the status changes only when the two NEWEST of them agree on something other than the current status
 * (so still 2 of the last 3, but never "good, bad, good, bad…": alternating answers never move a service, where
 * "any 2 of 3" would flip it on every run). A single odd answer never moves a service; a failed read is no verdict
 * at all (it never enters the list). Pure.
 * Also the backoff of a failing probe: 30 s doubling, at most 10 minutes (the original skipped 10 minutes).
 */
import type { Verdict } from "./probes/judge";

export const DAMPING_WINDOW = 3;
export const DAMPING_AGREE = 2;

export type Damped = { recentResults: Verdict[]; status: Verdict; changed: boolean };

/** The leaf after one more verdict: its kept verdicts and its (possibly unchanged) status. */
export function damp(current: { status: Verdict; recentResults: readonly Verdict[] }, verdict: Verdict): Damped {
  const recentResults = [...current.recentResults, verdict].slice(-DAMPING_WINDOW);
  // The newest DAMPING_AGREE verdicts must all be this one (2 in a row), not any 2 of the window.
  const newest = recentResults.slice(-DAMPING_AGREE);
  const status = newest.length === DAMPING_AGREE && newest.every((v) => v === verdict) ? verdict : current.status;
  return { recentResults, status, changed: status !== current.status };
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 600_000;

/** How long a probe that has failed `failures` times in a row is left alone before the next try. */
export function probeBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20));
}
