/**
 * The two switches of the launch gate: the global hold (one row of InstallationSetting for the whole
 * installation) and a stage's hold. Setting either is recorded with its actor; lifting one lets the held
 * launches behind it go (the caller drains them: lib/launch/held-launches.ts).
 */
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { NO_HOLD, type Hold } from "./gate";

export const GLOBAL_HOLD_KEY = "launch.hold";
const holdValue = z.object({ held: z.boolean(), reason: z.string(), since: z.string().nullable(), by: z.string().nullable() });

export async function readGlobalHold(): Promise<Hold> {
  const row = await db.installationSetting.findUnique({ where: { key: GLOBAL_HOLD_KEY } });
  const parsed = holdValue.safeParse(row?.value);
  return parsed.success ? parsed.data : NO_HOLD;
}

/** OPOS (service.manage) holds or releases every launch of the installation. */
export async function setGlobalHold(person: SignedInPerson, held: boolean, reason: string): Promise<Hold> {
  const d = decide(person, "service.manage");
  if (!d.allowed) throw forbidden(d.reason);
  if (held && !reason) throw new DomainError("invalid_input", "Say why all launches are held: people whose launches wait will read it.", { field: "reason" });
  const value: Hold = held ? { held: true, reason, since: new Date().toISOString(), by: person.username } : NO_HOLD;
  await db.$transaction(async (tx) => {
    await tx.installationSetting.upsert({ where: { key: GLOBAL_HOLD_KEY }, create: { key: GLOBAL_HOLD_KEY, value, updatedById: person.id }, update: { value, updatedById: person.id } });
    await recordAudit(tx, { actorId: person.id, action: held ? "launch.global_hold" : "launch.global_release", entityType: "installation", entityId: GLOBAL_HOLD_KEY, data: { reason } });
  });
  return value;
}

/** Holds or releases one stage (campaign.act on its experiment). Returns the stage's experiment for the caller. */
export async function setStageHold(person: SignedInPerson, stageId: number, held: boolean, reason: string) {
  const stage = await db.campaignStage.findUnique({ where: { id: stageId }, select: { id: true, hold: true, campaign: { select: { experimentId: true, creatorId: true, creatorRole: true } } } });
  if (!stage) throw notFound("Stage");
  const d = decide(person, "campaign.act", { experimentId: stage.campaign.experimentId, ownerId: stage.campaign.creatorId, ownerRole: stage.campaign.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  await db.$transaction(async (tx) => {
    await tx.campaignStage.update({
      where: { id: stageId },
      data: held ? { hold: true, holdReason: reason, heldAt: new Date(), heldById: person.id } : { hold: false, holdReason: "", heldAt: null, heldById: null },
    });
    await recordAudit(tx, { actorId: person.id, action: held ? "stage.hold" : "stage.release", entityType: "stage", entityId: stageId, experimentId: stage.campaign.experimentId, data: { reason } });
  });
  return { changed: stage.hold !== held };
}
