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

/**
 * A launch of claimed held launch `id` threw. If it made a submission (releasedSubmissionId is set, in the same
 * transaction), the held launch stays released: unclaiming it would launch the same request again (two submissions,
 * two slices). Only when nothing was made is it unclaimed, to be tried again. The error is kept either way. One statement.
 */
async function afterLaunchError(id: number, err: unknown): Promise<string> {
  const message = err instanceof Error ? err.message : String(err);
  await db.$executeRaw`
    UPDATE "HeldLaunch" SET "lastError" = ${message.slice(0, 500)}, "releasedAt" = CASE WHEN "releasedSubmissionId" IS NULL THEN NULL ELSE "releasedAt" END
     WHERE id = ${id}`;
  return message;
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
    await afterLaunchError(id, err);
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
 * who asked (their rights are checked again: someone who lost them gets a lastError, not a launch). Bounded by `max`.
 *
 * Statements, whatever the number waiting: the stages with waiting launches (their own hold off); the services of all
 * of them (lib/services/gate-services.ts), judged once per stage by the gate; one bulk UPDATE bringing up to date the
 * reasons of the launches their services still hold; then the window, cut in SQL among the launches of open stages
 * only (those that never failed first, each oldest first), so no pile of launches that cannot go ever starves one that
 * can. Each launch of the window then judges its own gate afresh (launchStage's drain mode): a service that goes bad,
 * a hold set or gating switched on during the drain stops the rest, which are put back in their places.
 */
export async function drainHeldLaunches(opts: { stageId?: number; max?: number; signal?: AbortSignal } = {}) {
  const result = { waiting: 0, launched: 0, stillHeld: 0, failed: 0, errors: [] as string[] };
  if ((await readGlobalHold()).held) return { ...result, skipped: "global hold" };
  const max = opts.max ?? 50;
  const stageId = opts.stageId ?? null;
  const stages = await db.$queryRaw<{ stageId: number; waiting: number }[]>`
    SELECT h."stageId", count(*)::int AS waiting FROM "HeldLaunch" h JOIN "CampaignStage" s ON s.id = h."stageId"
     WHERE h."releasedAt" IS NULL AND NOT s.hold AND (${stageId}::int IS NULL OR h."stageId" = ${stageId}::int)
     GROUP BY h."stageId"`;
  result.waiting = stages.reduce((n, s) => n + s.waiting, 0);
  if (!stages.length) return result;
  // The services the waiting stages need, read once (after the refresh's services step has judged them this run).
  const services = await readGateServices(stages.map((s) => s.stageId));
  const open: number[] = [];
  const closed = { stageIds: [] as number[], reasons: [] as string[], serviceIds: [] as string[] };
  for (const { stageId: id } of stages) {
    const gate = judgeGate({ global: NO_HOLD, stage: { hold: false, holdReason: "", heldAt: null }, services: services.get(id) });
    if (gate.open) open.push(id);
    else {
      closed.stageIds.push(id);
      closed.reasons.push(gate.reason);
      closed.serviceIds.push(gate.serviceIds.join(","));
    }
  }
  if (closed.stageIds.length) {
    // Still closed, perhaps for another reason now (the stage's hold was lifted but a service is down): say so.
    await db.$executeRaw`
      UPDATE "HeldLaunch" h SET "gateReason" = u.reason, "heldByServiceIds" = string_to_array(u.ids, ',')::int[]
        FROM unnest(${closed.stageIds}::int[], ${closed.reasons}::text[], ${closed.serviceIds}::text[]) AS u("stageId", reason, ids)
       WHERE h."stageId" = u."stageId" AND h."releasedAt" IS NULL
         AND (h."gateReason" <> u.reason OR h."heldByServiceIds" <> string_to_array(u.ids, ',')::int[])`;
  }
  if (!open.length) return result;
  const window = await db.heldLaunch.findMany({
    where: { releasedAt: null, stageId: { in: open } },
    orderBy: [{ lastError: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: max,
  });
  const closedSince = new Set<number>();
  for (const h of window) {
    if (opts.signal?.aborted) break;
    // Its stage's gate closed during this drain: the rest of that stage wait (their reason was set on the first).
    if (closedSince.has(h.stageId)) continue;
    const requester = h.requestedById ? await loadActor(h.requestedById) : null;
    if (!requester) {
      await db.heldLaunch.update({ where: { id: h.id }, data: { lastError: "The person who asked for this launch is gone; release or delete it by hand." } });
      result.failed++;
      continue;
    }
    const claimed = await claim(h.id);
    if (!claimed) continue;
    try {
      const out = await launchStage({ person: requester, trigger: "HELD_RELEASE", bySystem: true, because: "held launch, its gate open again" }, requestFromHeld(h.stageId, h.params), { heldLaunchId: h.id, drain: true });
      if (out.kind === "held") {
        result.stillHeld++;
        closedSince.add(h.stageId);
      } else if (out.kind === "failed") result.failed++;
      else result.launched++;
    } catch (err) {
      const message = await afterLaunchError(h.id, err);
      result.failed++;
      result.errors.push(`held launch ${h.id}: ${message}`);
    }
  }
  return result;
}
