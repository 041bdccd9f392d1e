/**
 * Probing the leaves that are due, concurrently (at most PROBE_CONCURRENCY at once) and within a budget.
 * - The longest-waiting go first (oldest `lastCheckedAt`, never-checked first), so probes left over by one run lead
 *   the next: nothing starves behind the same slow leaves.
 * - Each probe gets min(its own timeoutMs, the time left in the budget): a hang ends as a timeout, a failed read that
 *   is recorded (stale since, backoff), not an abandon that leaves no trace. A probe is not started with less than
 *   min(its timeoutMs, MIN_PROBE_SLOT_MS, half the budget) left: it waits for the next run (abandoned).
 * - Abandoned (not started, or still out when the step is told to stop): no trace, tried again next run, so a busy
 *   run never reads as a bad service; but a leaf abandoned in every run for ABANDONED_FAILS_AFTER_MS gets a failed
 *   read saying so (`overdueAbandoned`).
 * - One probe that throws is a failed read of that probe, never an error of the round.
 */
import type { ProbeConfig } from "../probes/config";
import { runProbe, type ProbeEnvironment } from "../probes/run-probe";
import type { ProbeOutcome } from "../probes/judge";

export const PROBE_CONCURRENCY = 8;
/** A probe is started only with at least min(its timeoutMs, this, half the budget) left in the budget. */
export const MIN_PROBE_SLOT_MS = 1_000;
/** Past the budget, how long the round waits for probes finishing their (budget-bounded) time limit. */
const GRACE_MS = 500;
/** A leaf abandoned by every run for this long (about five runs) gets a failed read. */
export const ABANDONED_FAILS_AFTER_MS = 5 * 60_000;

export type DueProbe = {
  serviceId: number;
  name: string;
  config: ProbeConfig | { invalid: string };
  /** When it was last probed (null: never); the longest-waiting go first. */
  lastCheckedAt?: Date | null;
  /** When the service was made (for one never probed). */
  createdAt?: Date;
};
export type ProbeRound = { results: { serviceId: number; name: string; outcome: ProbeOutcome }[]; abandoned: string[]; abandonedIds: number[] };

const waitingSince = (p: DueProbe) => (p.lastCheckedAt ?? null)?.getTime() ?? -Infinity;

/** The due probes in the order they are run: the longest-waiting (never checked first), then by id. */
export function probeOrder(due: readonly DueProbe[]): DueProbe[] {
  return [...due].sort((a, b) => waitingSince(a) - waitingSince(b) || a.serviceId - b.serviceId);
}

export async function probeWithinBudget(due: readonly DueProbe[], env: ProbeEnvironment, budgetMs: number, signal?: AbortSignal): Promise<ProbeRound> {
  const order = probeOrder(due);
  const results: ProbeRound["results"] = [];
  const finished = new Set<number>();
  const started = Date.now();
  const left = () => budgetMs - (Date.now() - started);
  let next = 0;
  let over = false;
  let stop!: () => void;
  const deadline = new Promise<void>((resolve) => (stop = resolve));
  const timer = setTimeout(() => {
    over = true;
    stop();
  }, budgetMs + GRACE_MS);
  const onAbort = () => {
    over = true;
    stop();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const worker = async () => {
    while (!over && next < order.length) {
      const p = order[next];
      let outcome: ProbeOutcome;
      if ("invalid" in p.config) {
        next++;
        outcome = { ok: false, reason: p.config.invalid };
      } else {
        const slot = Math.min(p.config.timeoutMs, left());
        if (slot < Math.min(p.config.timeoutMs, MIN_PROBE_SLOT_MS, budgetMs / 2)) return; // too little time: it leads the next run
        next++;
        try {
          outcome = await runProbe({ ...p.config, timeoutMs: Math.floor(slot) }, env);
        } catch (err) {
          outcome = { ok: false, reason: `The probe failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
        }
      }
      if (over) return; // finished after the step was told to stop: abandoned like the rest
      results.push({ serviceId: p.serviceId, name: p.name, outcome });
      finished.add(p.serviceId);
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, order.length) }, worker)), deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    over = true;
  }
  const abandoned = order.filter((p) => !finished.has(p.serviceId));
  return { results: [...results], abandoned: abandoned.map((p) => p.name), abandonedIds: abandoned.map((p) => p.serviceId) };
}

/**
 * Failed reads for the abandoned probes that have waited ABANDONED_FAILS_AFTER_MS or more since their last probe (or,
 * never probed, since the service was made): every run in that time ran out before reaching them.
 */
export function overdueAbandoned(due: readonly DueProbe[], abandonedIds: readonly number[], now: Date): ProbeRound["results"] {
  const abandoned = new Set(abandonedIds);
  return due.flatMap((p) => {
    const since = p.lastCheckedAt ?? p.createdAt;
    if (!abandoned.has(p.serviceId) || !since || now.getTime() - since.getTime() < ABANDONED_FAILS_AFTER_MS) return [];
    const minutes = Math.floor((now.getTime() - since.getTime()) / 60_000);
    return [{ serviceId: p.serviceId, name: p.name, outcome: { ok: false, reason: `Not probed for ${minutes} minutes: every run's time for probes ran out before reaching it.` } }];
  });
}
