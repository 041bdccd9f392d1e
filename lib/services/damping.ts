/**
 * Damping a leaf's status against flapping: the last 3 probe verdicts are kept (`Service.recentResults`, newest
 * last) and the status changes only when 2 of them agree on something other than the current status. A single odd
 * answer never moves a service; a failed read is no verdict at all (it never enters the list). Pure.
 * Also the backoff of a failing probe: 30 s doubling, at most 10 minutes (the original skipped 10 minutes).
 */
import type { Verdict } from "./probes/judge";

export const DAMPING_WINDOW = 3;
export const DAMPING_AGREE = 2;

export type Damped = { recentResults: Verdict[]; status: Verdict; changed: boolean };

/** The leaf after one more verdict: its kept verdicts and its (possibly unchanged) status. */
export function damp(current: { status: Verdict; recentResults: readonly Verdict[] }, verdict: Verdict): Damped {
  const recentResults = [...current.recentResults, verdict].slice(-DAMPING_WINDOW);
  const agreeing = recentResults.filter((v) => v === verdict).length;
  const status = agreeing >= DAMPING_AGREE ? verdict : current.status;
  return { recentResults, status, changed: status !== current.status };
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 600_000;

/** How long a probe that has failed `failures` times in a row is left alone before the next try. */
export function probeBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20));
}
