/**
 * Refresh step "services": probe the leaf services that are due (active, with a probe, not backing off), within the
 * run budget (POMS_SERVICE_PROBE_BUDGET_MS), then apply every result in one transaction (apply-probe-results.ts).
 * Runs before "drain-held-launches" (first of the refresh, in fact), so a service that recovered releases its held
 * launches in the same run. The summary names each failed read (stale since … and why) and each abandoned probe.
 */
import "server-only";
import type { Step } from "@/lib/background/runner";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { parseProbeConfig } from "../probes/config";
import type { ProbeEnvironment } from "../probes/run-probe";
import { applyProbeResults, type ApplySummary } from "./apply-probe-results";
import { overdueAbandoned, probeOrder, probeWithinBudget, type DueProbe } from "./probe-due";

export type ServicesRefreshOptions = {
  now: Date;
  budgetMs?: number;
  signal?: AbortSignal;
  /** Only these services (tests); every due leaf otherwise. */
  serviceIds?: number[];
  environment?: Partial<ProbeEnvironment>;
};

export type ServicesRefreshReport = ApplySummary & { due: number; abandoned: string[]; stale: { name: string; reason: string; since: string | null }[] };

/**
 * The leaves due for a probe at `now`, the longest-waiting first (never probed, then oldest last check), their probe
 * configuration parsed (a bad one becomes its own failed read).
 */
export async function dueProbes(now: Date, serviceIds?: number[]): Promise<DueProbe[]> {
  const rows = await db.service.findMany({
    where: {
      active: true,
      children: { none: {} },
      OR: [{ nextProbeAt: null }, { nextProbeAt: { lte: now } }],
      ...(serviceIds ? { id: { in: serviceIds } } : {}),
    },
    select: { id: true, name: true, probe: true, lastCheckedAt: true, createdAt: true },
    orderBy: { id: "asc" },
  });
  return probeOrder(
    rows
      .filter((r) => r.probe !== null)
      .map((r) => {
        const parsed = parseProbeConfig(r.probe);
        return { serviceId: r.id, name: r.name, config: parsed.ok ? parsed.config : { invalid: parsed.message }, lastCheckedAt: r.lastCheckedAt, createdAt: r.createdAt };
      }),
  );
}

export async function refreshServices(opts: ServicesRefreshOptions): Promise<ServicesRefreshReport> {
  const e = env();
  const environment: ProbeEnvironment = {
    baseUrl: e.POMS_PROBE_BASE_URL,
    allowLoopback: e.POMS_PROBE_ALLOW_LOOPBACK === "1",
    now: opts.now,
    ...opts.environment,
  };
  const due = await dueProbes(opts.now, opts.serviceIds);
  const probed = await probeWithinBudget(due, environment, opts.budgetMs ?? e.POMS_SERVICE_PROBE_BUDGET_MS, opts.signal);
  // Left over by every run for minutes: recorded as a failed read (it is no longer "tried again next run").
  const overdue = overdueAbandoned(due, probed.abandonedIds, opts.now);
  const round = { results: [...probed.results, ...overdue], abandoned: probed.abandoned };
  const results = round.results.map((r) => ({ serviceId: r.serviceId, probedAt: opts.now, outcome: r.outcome }));
  const summary = await db.$transaction((tx) => applyProbeResults(tx, results, opts.now), { timeout: 30_000 });
  const since = new Map(summary.staleSince.map((s) => [s.serviceId, s.since.toISOString()]));
  // The failed reads as applied (a Prometheus "no data" for a known service is one, though its probe gave a verdict).
  const names = new Map(round.results.map((r) => [r.serviceId, r.name]));
  const stale = summary.failed.map((f) => ({ name: names.get(f.serviceId) ?? String(f.serviceId), reason: f.reason, since: since.get(f.serviceId) ?? null }));
  return { ...summary, due: due.length, abandoned: round.abandoned, stale };
}

/** What a run's summary (RefreshRun.summary) says of the services step: bounded lists, in people's words. */
export function servicesStepSummary(r: ServicesRefreshReport): Record<string, unknown> {
  return {
    due: r.due,
    answered: r.applied - r.failedReads,
    failedReads: r.failedReads,
    stale: r.stale.slice(0, 50),
    abandoned: r.abandoned.slice(0, 50),
    changes: r.changes.slice(0, 100).map((c) => `${c.name}: ${c.from.toLowerCase()} → ${c.to.toLowerCase()}`),
    downtimesOpened: r.downtimesOpened,
    downtimesClosed: r.downtimesClosed,
    notified: r.notified,
  };
}

export const servicesStep: Step = {
  name: "services",
  timeoutMs: 60_000,
  async run({ now, signal }) {
    return servicesStepSummary(await refreshServices({ now, signal }));
  },
};
