/**
 * What the launch gate reads of the services (lib/launch/gate.ts judges): for each stage, the services it needs
 * (its own StageService rows, plus every service marked "every launch needs it" of no experiment or of the
 * stage's experiment; an inactive service is never needed), each with its state and the scheduled downtimes of itself and of its ancestor groups that
 * have not ended; and the installation-wide switch of service gating (InstallationSetting "launch.serviceGating",
 * on unless switched off). Two statements for any number of stages (the drain reads all its stages at once).
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { Prisma } from "@/lib/generated/prisma/client";
import type { GateDowntime, GateService, GateServices, ServiceState } from "@/lib/launch/gate";

export const SERVICE_GATING_KEY = "launch.serviceGating";

export type ServiceGating = { enabled: boolean; since: string | null; by: string | null };
const gatingValue = z.object({ enabled: z.boolean(), since: z.string().nullable(), by: z.string().nullable() });
export const GATING_ON: ServiceGating = { enabled: true, since: null, by: null };

/** The installation-wide switch: on unless OPOS switched it off. */
export async function readServiceGating(): Promise<ServiceGating> {
  const row = await db.installationSetting.findUnique({ where: { key: SERVICE_GATING_KEY } });
  const parsed = gatingValue.safeParse(row?.value);
  return parsed.success ? parsed.data : GATING_ON;
}

/** OPOS (service.manage) switches service gating on or off for the whole installation (audited). */
export async function setServiceGating(person: SignedInPerson, enabled: boolean): Promise<ServiceGating> {
  const d = decide(person, "service.manage");
  if (!d.allowed) throw forbidden(d.reason);
  const value: ServiceGating = { enabled, since: new Date().toISOString(), by: person.username };
  await db.$transaction(async (tx) => {
    await tx.installationSetting.upsert({ where: { key: SERVICE_GATING_KEY }, create: { key: SERVICE_GATING_KEY, value, updatedById: person.id }, update: { value, updatedById: person.id } });
    await recordAudit(tx, { actorId: person.id, action: enabled ? "launch.service_gating_on" : "launch.service_gating_off", entityType: "installation", entityId: SERVICE_GATING_KEY, data: {} });
  });
  return value;
}

type Row = {
  stageId: number;
  id: number;
  name: string;
  status: ServiceState;
  statusDetail: string;
  statusChangedAt: Date;
  staleSince: Date | null;
  downtimes: { title: string; startsAt: string; endsAt: string; cancelledAt: string | null; onServiceName: string }[] | null;
};

/**
 * SQL, one CTE of a `WITH RECURSIVE`: `above("serviceId", "ancestorId", depth)`, each service of the CTE
 * `services("serviceId")` (which must come before it) with itself (depth 0) and every group above it (at most 20 up).
 * A SCHEDULED downtime of any of them covers the service: the gate holds on it, and post-mortems
 * (lib/services/post-mortem.ts) judge the past by the same walk.
 */
export const ABOVE_CTE = Prisma.sql`above AS (
      SELECT sv.id AS "serviceId", sv.id AS "ancestorId", 0 AS depth FROM "Service" sv JOIN services n ON n."serviceId" = sv.id
      UNION ALL
      SELECT a."serviceId", p."parentId", a.depth + 1 FROM above a JOIN "Service" p ON p.id = a."ancestorId"
       WHERE p."parentId" IS NOT NULL AND a.depth < 20
    )`;

/**
 * The services each stage needs, with their states and the scheduled downtimes (own or an ancestor group's) that
 * have not ended by `now`. One statement for all the stages.
 */
export async function readNeededServices(stageIds: number[], now: Date = new Date()): Promise<Map<number, GateService[]>> {
  const out = new Map<number, GateService[]>(stageIds.map((id) => [id, []]));
  if (!stageIds.length) return out;
  const rows = await db.$queryRaw<Row[]>`
    WITH RECURSIVE needed AS (
      SELECT ss."stageId", ss."serviceId" FROM "StageService" ss WHERE ss."stageId" = ANY(${stageIds}::int[])
      UNION
      SELECT s.id AS "stageId", sv.id AS "serviceId"
        FROM "CampaignStage" s JOIN "Campaign" c ON c.id = s."campaignId"
        JOIN "Service" sv ON sv."gatesAll" AND sv.active AND (sv."experimentId" IS NULL OR sv."experimentId" = c."experimentId")
       WHERE s.id = ANY(${stageIds}::int[])
    ), services AS (SELECT DISTINCT "serviceId" FROM needed),
    ${ABOVE_CTE}
    SELECT n."stageId", sv.id, sv."displayName" AS name, sv.status::text AS status, sv."statusDetail", sv."statusChangedAt", sv."staleSince",
           (SELECT json_agg(json_build_object('title', d.title, 'startsAt', d."startsAt", 'endsAt', d."endsAt", 'cancelledAt', d."cancelledAt", 'onServiceName', o."displayName"))
              FROM above a JOIN "ServiceDowntime" d ON d."serviceId" = a."ancestorId" JOIN "Service" o ON o.id = a."ancestorId"
             WHERE a."serviceId" = sv.id AND d.kind = 'SCHEDULED' AND d."cancelledAt" IS NULL AND d."endsAt" > ${now}) AS downtimes
      FROM needed n JOIN "Service" sv ON sv.id = n."serviceId" AND sv.active
     ORDER BY n."stageId", sv."displayName", sv.id`;
  for (const r of rows) {
    const downtimes: GateDowntime[] = (r.downtimes ?? []).map((d) => ({
      title: d.title,
      startsAt: new Date(d.startsAt),
      endsAt: new Date(d.endsAt),
      cancelledAt: d.cancelledAt ? new Date(d.cancelledAt) : null,
      onServiceName: d.onServiceName,
    }));
    out.get(r.stageId)?.push({ id: r.id, name: r.name, status: r.status, statusDetail: r.statusDetail, statusChangedAt: r.statusChangedAt, staleSince: r.staleSince, downtimes });
  }
  return out;
}

/** The services part of the gate for some stages: the switch and each stage's needed services. */
export async function readGateServices(stageIds: number[], now: Date = new Date()): Promise<Map<number, GateServices>> {
  const [gating, needed] = await Promise.all([readServiceGating(), readNeededServices(stageIds, now)]);
  return new Map(stageIds.map((id) => [id, { enabled: gating.enabled, needed: needed.get(id) ?? [] }]));
}

/** The services OPOS may mark "every launch needs it", for the Operations page: active ones, by name. */
export async function listGatingServices() {
  const rows = await db.service.findMany({
    where: { active: true },
    select: { id: true, displayName: true, kind: true, gatesAll: true, status: true, version: true, experiment: { select: { name: true } }, parent: { select: { displayName: true } } },
    orderBy: [{ gatesAll: "desc" }, { displayName: "asc" }],
    take: 500,
  });
  return rows.map((s) => ({ id: s.id, name: s.displayName, group: s.kind === "GROUP", gatesAll: s.gatesAll, status: s.status, version: s.version, experiment: s.experiment?.name ?? null, parent: s.parent?.displayName ?? null }));
}
export type GatingServiceRow = Awaited<ReturnType<typeof listGatingServices>>[number];

/**
 * OPOS (service.manage) marks a service as needed by every launch (of its experiment, or of all when it has none),
 * at the version read: a stale version is refused. Audited in the same transaction.
 */
export async function setServiceGatesAll(person: SignedInPerson, serviceId: number, gatesAll: boolean, version: number) {
  const d = decide(person, "service.manage");
  if (!d.allowed) throw forbidden(d.reason);
  return db.$transaction(async (tx) => {
    const s = await tx.service.findUnique({ where: { id: serviceId }, select: { id: true, displayName: true, version: true, gatesAll: true } });
    if (!s) throw notFound("Service");
    const n = await tx.service.updateMany({ where: { id: serviceId, version }, data: { gatesAll, version: { increment: 1 } } });
    if (n.count !== 1) throw new DomainError("stale", `${s.displayName} was changed by someone else since you read it (now version ${s.version}); reload and try again.`);
    await recordAudit(tx, { actorId: person.id, action: gatesAll ? "service.gates_all" : "service.gates_own", entityType: "service", entityId: serviceId, data: { name: s.displayName, gatesAll, version: version + 1 } });
    return { id: serviceId, gatesAll, version: version + 1 };
  });
}
