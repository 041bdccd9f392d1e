/**
 * The services step's write: probe results applied in ONE transaction. The service rows are locked (the whole tree,
 * a few dozen rows, in id order), then: each result newer than the service's last check is applied (a verdict goes
 * through damping; a failed read sets "stale since", counts the failure and backs off, and keeps the status), the
 * tree is rolled up, and every status change appends a ServiceStatusEvent (from → to), opens an ACTUAL downtime when
 * a service turns BAD (unless one is open) and closes it when it becomes GOOD or DEGRADED; watchers are notified
 * (notify.ts). An UNKNOWN verdict (Prometheus: no series) for a service with a known status is a failed read (the
 * monitor went quiet; the service keeps its status), so BAD never turns UNKNOWN by a probe; a service that is BAD →
 * UNKNOWN some other way keeps its downtime open and nobody hears of a recovery. An inactive service is set to
 * UNKNOWN once ("no longer monitored") and its open ACTUAL downtime is closed.
 * Idempotent: a result whose probe time is not after the service's `lastCheckedAt` was applied already and is
 * skipped; a status is only written where it differs. Bulk statements throughout (jsonb_to_recordset).
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceStatus } from "@/lib/generated/prisma/enums";
import { damp, probeBackoffMs } from "../damping";
import { rollUp, type TreeNode } from "../tree";
import { planServiceNotifications, type StatusChange } from "../notify";
import type { ProbeOutcome, Verdict } from "../probes/judge";

/** The detail of a service made inactive (its status is UNKNOWN from then on). */
export const NO_LONGER_MONITORED = "no longer monitored";

/** One probe's result: which service, when the probe was made (the idempotency key), and what it found. */
export type ProbeResult = { serviceId: number; probedAt: Date; outcome: ProbeOutcome };

export type ApplySummary = {
  applied: number;
  skipped: number;
  failedReads: number;
  /** Each failed read applied, with its reason (including "no data" that became one here). */
  failed: { serviceId: number; reason: string }[];
  /** Services whose probe failed in these results, stale since when (the first failure of the run of failures). */
  staleSince: { serviceId: number; since: Date }[];
  changes: { serviceId: number; name: string; from: Verdict; to: Verdict }[];
  downtimesOpened: number;
  downtimesClosed: number;
  notified: number;
};

type Row = {
  id: number;
  name: string;
  displayName: string;
  parentId: number | null;
  active: boolean;
  hasProbe: boolean;
  hasChildren: boolean;
  status: ServiceStatus;
  statusDetail: string;
  recentResults: ServiceStatus[];
  goodShare: number | null;
  badShare: number | null;
  lastCheckedAt: Date | null;
  staleSince: Date | null;
  probeFailures: number;
};

type LeafWrite = {
  id: number;
  recentResults: string[];
  lastValue: number | null;
  lastCheckedAt: string;
  lastGoodReadAt: string | null;
  staleSince: string | null;
  staleReason: string;
  probeFailures: number;
  nextProbeAt: string | null;
};

/**
 * Applies `results` at `now` inside the caller's transaction `tx` (call it within `db.$transaction`). Safe to call
 * with results already applied, and with no results (the tree is still rolled up: a service made inactive counts).
 */
export async function applyProbeResults(tx: Prisma.TransactionClient, results: readonly ProbeResult[], now = new Date()): Promise<ApplySummary> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT s.id, s.name, s."displayName", s."parentId", s.active, s.probe IS NOT NULL AS "hasProbe",
           EXISTS (SELECT 1 FROM "Service" c WHERE c."parentId" = s.id) AS "hasChildren",
           s.status, s."statusDetail", s."recentResults"::text[] AS "recentResults", s."goodShare", s."badShare",
           s."lastCheckedAt", s."staleSince", s."probeFailures"
    FROM "Service" s ORDER BY s.id FOR UPDATE OF s`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const newStatus = new Map<number, { status: Verdict; detail: string }>();
  const leafWrites: LeafWrite[] = [];
  let skipped = 0;
  let failedReads = 0;
  const failed: ApplySummary["failed"] = [];

  // Newest result per service first wins only if newer than what was applied; older or equal ones are skipped.
  const ordered = [...results].sort((a, b) => a.probedAt.getTime() - b.probedAt.getTime());
  const state = new Map<number, Row>();
  for (const r of ordered) {
    const base = state.get(r.serviceId) ?? byId.get(r.serviceId);
    if (!base || !base.active || base.hasChildren || (base.lastCheckedAt && r.probedAt.getTime() <= base.lastCheckedAt.getTime())) {
      skipped++;
      continue;
    }
    const at = r.probedAt.toISOString();
    let next: Row;
    // "No data" from a monitor that used to answer is a quiet monitor, not a service that became unknown.
    const outcome: ProbeOutcome =
      r.outcome.ok && r.outcome.verdict === "UNKNOWN" && base.status !== "UNKNOWN" ? { ok: false, reason: `The monitor has no data now (${r.outcome.detail}).` } : r.outcome;
    if (outcome.ok) {
      const d = damp({ status: base.status, recentResults: base.recentResults }, outcome.verdict);
      const detail = d.status === outcome.verdict ? outcome.detail : base.statusDetail;
      if (d.status !== base.status || detail !== base.statusDetail) newStatus.set(base.id, { status: d.status, detail });
      next = { ...base, status: d.status, statusDetail: detail, recentResults: d.recentResults, lastCheckedAt: r.probedAt, staleSince: null, probeFailures: 0 };
      leafWrites.push({ id: base.id, recentResults: d.recentResults, lastValue: outcome.value !== null && Number.isFinite(outcome.value) ? outcome.value : null, lastCheckedAt: at, lastGoodReadAt: at, staleSince: null, staleReason: "", probeFailures: 0, nextProbeAt: null });
    } else {
      failedReads++;
      failed.push({ serviceId: base.id, reason: outcome.reason });
      const failures = base.probeFailures + 1;
      const staleSince = base.staleSince ?? r.probedAt;
      next = { ...base, lastCheckedAt: r.probedAt, staleSince, probeFailures: failures };
      leafWrites.push({
        id: base.id,
        recentResults: base.recentResults,
        lastValue: null,
        lastCheckedAt: at,
        lastGoodReadAt: null,
        staleSince: staleSince.toISOString(),
        staleReason: outcome.reason.slice(0, 500),
        probeFailures: failures,
        nextProbeAt: new Date(r.probedAt.getTime() + probeBackoffMs(failures)).toISOString(),
      });
    }
    state.set(base.id, next);
  }

  if (leafWrites.length) {
    // One statement; the last write per service wins (results were applied in time order).
    const last = [...new Map(leafWrites.map((w) => [w.id, w])).values()];
    await tx.$executeRaw`
      UPDATE "Service" s SET
        "recentResults" = x."recentResults"::"ServiceStatus"[],
        "lastValue" = CASE WHEN x."lastGoodReadAt" IS NULL THEN s."lastValue" ELSE x."lastValue" END,
        "lastCheckedAt" = x."lastCheckedAt",
        "lastGoodReadAt" = COALESCE(x."lastGoodReadAt", s."lastGoodReadAt"),
        "staleSince" = x."staleSince",
        "staleReason" = x."staleReason",
        "probeFailures" = x."probeFailures",
        "nextProbeAt" = x."nextProbeAt"
      FROM jsonb_to_recordset(${JSON.stringify(last)}::jsonb) AS x(id int, "recentResults" text[], "lastValue" float8, "lastCheckedAt" timestamp(3),
        "lastGoodReadAt" timestamp(3), "staleSince" timestamp(3), "staleReason" text, "probeFailures" int, "nextProbeAt" timestamp(3))
      WHERE s.id = x.id`;
  }

  // The tree, with the leaves' new statuses.
  const nodes: TreeNode[] = rows.map((r) => ({
    id: r.id,
    parentId: r.parentId,
    name: r.displayName,
    active: r.active,
    status: newStatus.get(r.id)?.status ?? r.status,
    goodShare: r.goodShare,
    badShare: r.badShare,
    isGroup: r.hasChildren || !r.hasProbe,
  }));
  for (const [id, g] of rollUp(nodes)) {
    const row = byId.get(id)!;
    if (g.status !== row.status || g.detail !== row.statusDetail) newStatus.set(id, g);
  }
  // Services no longer active are no longer monitored: UNKNOWN once, and their open ACTUAL downtime is closed below.
  const retired = new Set<number>();
  for (const r of rows)
    if (!r.active && r.status !== "UNKNOWN") {
      newStatus.set(r.id, { status: "UNKNOWN", detail: NO_LONGER_MONITORED });
      retired.add(r.id);
    }

  const changes: StatusChange[] = [];
  const details: { id: number; status: string; detail: string; changed: boolean }[] = [];
  for (const [id, s] of newStatus) {
    const row = byId.get(id)!;
    const changed = s.status !== row.status;
    details.push({ id, status: s.status, detail: s.detail.slice(0, 500), changed });
    if (changed) changes.push({ serviceId: id, from: row.status, to: s.status, detail: s.detail });
  }
  if (details.length) {
    await tx.$executeRaw`
      UPDATE "Service" s SET status = x.status::"ServiceStatus", "statusDetail" = x.detail,
        "statusChangedAt" = CASE WHEN x.changed THEN ${now}::timestamp(3) ELSE s."statusChangedAt" END,
        version = s.version + CASE WHEN x.changed THEN 1 ELSE 0 END, "updatedAt" = now()
      FROM jsonb_to_recordset(${JSON.stringify(details)}::jsonb) AS x(id int, status text, detail text, changed boolean)
      WHERE s.id = x.id`;
  }

  let downtimesOpened = 0;
  let downtimesClosed = 0;
  let notified = 0;
  if (changes.length) {
    await tx.serviceStatusEvent.createMany({ data: changes.map((c) => ({ serviceId: c.serviceId, fromStatus: c.from, status: c.to, detail: c.detail.slice(0, 500), createdAt: now })) });
    const turnedBad = changes.filter((c) => c.to === "BAD").map((c) => c.serviceId);
    // Closed when the service is back (GOOD, DEGRADED) or no longer monitored; never because it became UNKNOWN.
    const leftBad = changes.filter((c) => c.to === "GOOD" || c.to === "DEGRADED" || retired.has(c.serviceId)).map((c) => c.serviceId);
    // Services coming back from UNKNOWN with a downtime still open were bad before they went quiet: that is a recovery.
    const fromUnknown = changes.filter((c) => c.from === "UNKNOWN").map((c) => c.serviceId);
    const wasBad = new Set(
      fromUnknown.length
        ? (await tx.serviceDowntime.findMany({ where: { serviceId: { in: fromUnknown }, kind: "ACTUAL", endsAt: null }, select: { serviceId: true } })).map((d) => d.serviceId)
        : [],
    );
    if (leftBad.length)
      downtimesClosed = await tx.$executeRaw`
        UPDATE "ServiceDowntime" SET "endsAt" = ${now}, version = version + 1, "updatedAt" = now()
        WHERE kind = 'ACTUAL' AND "endsAt" IS NULL AND "serviceId" = ANY(${leftBad}::int[])`;
    if (turnedBad.length) {
      const reasons = turnedBad.map((id) => newStatus.get(id)!.detail.slice(0, 500));
      downtimesOpened = await tx.$executeRaw`
        INSERT INTO "ServiceDowntime" ("serviceId", kind, "startsAt", reason, "createdAt", "updatedAt")
        SELECT x.id, 'ACTUAL', ${now}, x.reason, now(), now()
        FROM unnest(${turnedBad}::int[], ${reasons}::text[]) AS x(id, reason)
        WHERE NOT EXISTS (SELECT 1 FROM "ServiceDowntime" d WHERE d."serviceId" = x.id AND d.kind = 'ACTUAL' AND d."endsAt" IS NULL)`;
    }
    const watches = await tx.watch.findMany({ where: { serviceId: { not: null } }, select: { serviceId: true, personId: true } });
    const watchers = new Map<number, number[]>();
    for (const w of watches) watchers.set(w.serviceId!, [...(watchers.get(w.serviceId!) ?? []), w.personId]);
    const planned = planServiceNotifications(
      changes.map((c) => (wasBad.has(c.serviceId) ? { ...c, from: "BAD" as const } : c)),
      rows.map((r) => ({ id: r.id, parentId: r.parentId, displayName: r.displayName, status: newStatus.get(r.id)?.status ?? r.status })),
      watchers,
    );
    const data = planned.flatMap((p) => p.personIds.map((personId) => ({ personId, serviceId: p.serviceId, message: p.message, createdAt: now })));
    if (data.length) notified = (await tx.notification.createMany({ data })).count;
  }

  return {
    applied: results.length - skipped,
    skipped,
    failedReads,
    failed,
    staleSince: [...state.values()].filter((r) => r.staleSince).map((r) => ({ serviceId: r.id, since: r.staleSince! })),
    changes: changes.map((c) => ({ serviceId: c.serviceId, name: byId.get(c.serviceId)!.name, from: c.from, to: c.to })),
    downtimesOpened,
    downtimesClosed,
    notified,
  };
}
