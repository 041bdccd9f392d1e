/**
 * Probing the leaves that are due, concurrently (at most PROBE_CONCURRENCY at once) and within a budget: probes not
 * finished when the budget runs out (or when the step is told to stop) are abandoned, not failed: they leave no
 * trace and are tried again next run, so a slow monitor never reads as a bad service.
 */
import type { ProbeConfig } from "../probes/config";
import { runProbe, type ProbeEnvironment } from "../probes/run-probe";
import type { ProbeOutcome } from "../probes/judge";

export const PROBE_CONCURRENCY = 8;

export type DueProbe = { serviceId: number; name: string; config: ProbeConfig | { invalid: string } };
export type ProbeRound = { results: { serviceId: number; name: string; outcome: ProbeOutcome }[]; abandoned: string[] };

export async function probeWithinBudget(due: readonly DueProbe[], env: ProbeEnvironment, budgetMs: number, signal?: AbortSignal): Promise<ProbeRound> {
  const results: ProbeRound["results"] = [];
  const finished = new Set<number>();
  let next = 0;
  let over = false;
  let stop!: () => void;
  const deadline = new Promise<void>((resolve) => (stop = resolve));
  const timer = setTimeout(() => {
    over = true;
    stop();
  }, budgetMs);
  const onAbort = () => {
    over = true;
    stop();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const worker = async () => {
    while (!over && next < due.length) {
      const p = due[next++];
      const outcome: ProbeOutcome = "invalid" in p.config ? { ok: false, reason: p.config.invalid } : await runProbe(p.config, env);
      if (over) return; // finished after the budget: abandoned like the rest
      results.push({ serviceId: p.serviceId, name: p.name, outcome });
      finished.add(p.serviceId);
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, due.length) }, worker)), deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    over = true;
  }
  return { results: [...results], abandoned: due.filter((p) => !finished.has(p.serviceId)).map((p) => p.name) };
}
