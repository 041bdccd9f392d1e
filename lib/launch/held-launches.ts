/**
 * Held launches: launches that met a closed gate wait here with the gate's reason. A person may release one
 * (launch it now, despite the hold: recorded) or delete it; when the gate opens, the drain launches them,
 * oldest first, as the system on behalf of the person who asked. A held launch is claimed by one statement
 * (releasedAt set where it was null) before it launches, so two drains never launch it twice.
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, visibleExperimentIds } from "@/lib/people/policy";
import { loadActor, type SignedInPerson } from "@/lib/people/actor";
import { launchStage, requestFromHeld } from "./launch-stage";
import { judgeGate, NO_HOLD } from "./gate";
import { readGlobalHold } from "./holds";
import { readGateServices } from "@/lib/services/gate-services";
import { mustSeeExperiment } from "@/lib/people/visibility";

export type HeldLaunchRow = {
  id: number;
  stageId: number;
  stageName: string;
  campaignId: number;
  campaignName: string;
  experiment: string;
  mode: string;
  requestedBy: string | null;
  gateReason: string;
  /** The services whose state held it (empty: a hold switch held it). */
  heldByServiceIds: number[];
  lastError: string;
  createdAt: Date;
};

/** Waiting held launches the person may see, oldest first (optionally of one stage). One statement. */
export async function listHeldLaunches(person: SignedInPerson, opts: { stageId?: number; take?: number } = {}): Promise<HeldLaunchRow[]> {
  const visible = visibleExperimentIds(person);
  return db.$queryRaw<HeldLaunchRow[]>`
    SELECT h.id, h."stageId", s."name" AS "stageName", c.id AS "campaignId", c."name" AS "campaignName", e."name" AS experiment,
           COALESCE(h."params"->>'mode', 'normal') AS mode, p."username" AS "requestedBy", h."gateReason", h."heldByServiceIds", h."lastError", h."createdAt"
      FROM "HeldLaunch" h JOIN "CampaignStage" s ON s.id = h."stageId" JOIN "Campaign" c ON c.id = s."campaignId"
      JOIN "Experiment" e ON e.id = c."experimentId" LEFT JOIN "Person" p ON p.id = h."requestedById"
     WHERE h."releasedAt" IS NULL
       AND (${visible === undefined} OR c."experimentId" = ANY(${visible ?? []}::int[]))
       AND (${opts.stageId ?? null}::int IS NULL OR h."stageId" = ${opts.stageId ?? null}::int)
     ORDER BY h."createdAt", h.id
     LIMIT ${opts.take ?? 500}`;
}

async function claim(id: number) {
  const rows = await db.$queryRaw<{ id: number; stageId: number; params: unknown; requestedById: number | null }[]>`
    UPDATE "HeldLaunch" SET "releasedAt" = now() WHERE id = ${id} AND "releasedAt" IS NULL RETURNING id, "stageId", "params", "requestedById"`;
  return rows[0];
}

async function heldWithAccess(person: SignedInPerson, id: number) {
  const h = await db.heldLaunch.findUnique({ where: { id }, include: { stage: { include: { campaign: true } } } });
  if (!h) throw notFound("Held launch");
  const c = h.stage.campaign;
  mustSeeExperiment(person, c.experimentId, "Held launch");
  const d = decide(person, "campaign.act", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  if (h.releasedAt) throw new DomainError("conflict", "This held launch was already released or drained.");
  return h;
}

/**
 * A person launches a held launch now, despite the hold. Only OPOS (who set it) may go past the global hold; a stage's
 * hold may be passed by anyone who may act on the stage.
 */
export async function releaseHeldLaunch(person: SignedInPerson, id: number) {
  await heldWithAccess(person, id);
  if ((await readGlobalHold()).held) {
    const d = decide(person, "service.manage");
    if (!d.allowed) throw forbidden(`All launches are on hold by OPOS; only they may launch past it. ${d.reason}`);
  }
  const h = await claim(id);
  if (!h) throw new DomainError("conflict", "This held launch was already released or drained.");
  try {
    return await launchStage({ person, trigger: "HELD_RELEASE" }, requestFromHeld(h.stageId, h.params), { ignoreGate: true, heldLaunchId: id });
  } catch (err) {
    await db.heldLaunch.update({ where: { id }, data: { releasedAt: null, lastError: err instanceof Error ? err.message.slice(0, 500) : String(err) } });
    throw err;
  }
}

export async function deleteHeldLaunch(person: SignedInPerson, id: number) {
  const h = await heldWithAccess(person, id);
  await db.$transaction(async (tx) => {
    const n = await tx.heldLaunch.deleteMany({ where: { id, releasedAt: null } });
    if (n.count === 0) throw new DomainError("conflict", "This held launch was already released or drained.");
    await recordAudit(tx, { actorId: person.id, action: "launch.held_deleted", entityType: "stage", entityId: h.stageId, experimentId: h.stage.campaign.experimentId, data: { heldLaunchId: id, reason: h.gateReason } });
  });
}

/**
 * Launches waiting held launches whose gate is open now, oldest first, as the system on behalf of the person
 * who asked (their rights are checked again: someone who lost them gets a lastError, not a launch). Bounded.
 */
export async function drainHeldLaunches(opts: { stageId?: number; max?: number; signal?: AbortSignal } = {}) {
  const result = { waiting: 0, launched: 0, failed: 0, errors: [] as string[] };
  if ((await readGlobalHold()).held) return { ...result, skipped: "global hold" };
  // Only stages whose own hold is off; launches that never failed before those that did, each oldest first, so a
  // pile of launches that cannot go never blocks the rest. Launches whose needed services still hold them are set
  // aside before the window is cut (their reason brought up to date), for the same reason.
  const max = opts.max ?? 50;
  const candidates = await db.heldLaunch.findMany({
    where: { releasedAt: null, stage: { hold: false }, ...(opts.stageId ? { stageId: opts.stageId } : {}) },
    orderBy: [{ lastError: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: Math.max(max * 10, 200),
  });
  // The services the waiting stages need, read once (after the refresh's services step has judged them this run).
  const services = await readGateServices([...new Set(candidates.map((h) => h.stageId))]);
  const waiting: typeof candidates = [];
  for (const h of candidates) {
    const gate = judgeGate({ global: NO_HOLD, stage: { hold: false, holdReason: "", heldAt: null }, services: services.get(h.stageId) });
    if (gate.open) {
      if (waiting.length < max) waiting.push(h);
    } else if (gate.reason !== h.gateReason || gate.serviceIds.join() !== h.heldByServiceIds.join()) {
      // Still closed, perhaps for another reason now (the stage's hold was lifted but a service is down): say so.
      await db.heldLaunch.updateMany({ where: { id: h.id, releasedAt: null }, data: { gateReason: gate.reason, heldByServiceIds: gate.serviceIds } });
    }
  }
  result.waiting = candidates.length;
  for (const h of waiting) {
    if (opts.signal?.aborted) break;
    // The gate as it is now: someone may have held the stage, or everything, since this drain began.
    const [global, stage] = await Promise.all([readGlobalHold(), db.campaignStage.findUnique({ where: { id: h.stageId }, select: { hold: true, holdReason: true, heldAt: true } })]);
    if (!stage || !judgeGate({ global, stage, services: services.get(h.stageId) }).open) continue;
    const requester = h.requestedById ? await loadActor(h.requestedById) : null;
    if (!requester) {
      await db.heldLaunch.update({ where: { id: h.id }, data: { lastError: "The person who asked for this launch is gone; release or delete it by hand." } });
      result.failed++;
      continue;
    }
    const claimed = await claim(h.id);
    if (!claimed) continue;
    try {
      const out = await launchStage({ person: requester, trigger: "HELD_RELEASE", bySystem: true }, requestFromHeld(h.stageId, h.params), { heldLaunchId: h.id, ignoreGate: true });
      if (out.kind === "failed") result.failed++;
      else result.launched++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await db.heldLaunch.update({ where: { id: h.id }, data: { releasedAt: null, lastError: message.slice(0, 500) } });
      result.failed++;
      result.errors.push(`held launch ${h.id}: ${message}`);
    }
  }
  return result;
}
