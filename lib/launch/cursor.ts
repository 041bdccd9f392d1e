/**
 * Moving a stage's split cursor by hand: reset to the start, one slice back, or set to a value. Each change is
 * recorded (SplitCursorEvent: from, to, who, why) in the same transaction that holds the cursor row, so it
 * cannot interleave with a launch taking a slice.
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { parseSplitType, readCursor, resetCursor, setCursor, stepBackCursor, describeCursor, type SplitCursor } from "@/lib/campaigns/split";

export type CursorChange = { action: "reset" } | { action: "back" } | { action: "set"; value: number };

export async function changeCursor(person: SignedInPerson, stageId: number, change: CursorChange, reason: string) {
  const stage = await db.campaignStage.findUnique({ where: { id: stageId }, select: { id: true, splitType: true, inputDataset: true, campaign: { select: { experimentId: true, creatorId: true, creatorRole: true } } } });
  if (!stage) throw notFound("Stage");
  const d = decide(person, "campaign.act", { experimentId: stage.campaign.experimentId, ownerId: stage.campaign.creatorId, ownerRole: stage.campaign.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  const parsed = parseSplitType(stage.splitType);
  if (!parsed.ok) throw new DomainError("conflict", `The stage's split type cannot be used: ${parsed.message}`);
  const spec = parsed.spec;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "SplitCursor" ("stageId", "position", "updatedAt") VALUES (${stageId}, '{}'::jsonb, now()) ON CONFLICT DO NOTHING`;
    const [row] = await tx.$queryRaw<{ position: unknown }[]>`SELECT "position" FROM "SplitCursor" WHERE "stageId" = ${stageId} FOR UPDATE`;
    const from = readCursor(spec, row?.position);
    let to: SplitCursor;
    if (change.action === "reset") to = resetCursor(spec);
    else if (change.action === "back") to = stepBackCursor(spec, from);
    else {
      const r = setCursor(spec, change.value);
      if (!r.ok) throw new DomainError("invalid_input", r.message, { field: "value" });
      to = r.cursor;
    }
    await tx.splitCursor.update({ where: { stageId }, data: { position: to } });
    await tx.splitCursorEvent.create({ data: { stageId, actorId: person.id, actorKind: "PERSON", fromPosition: from, toPosition: to, reason } });
    await recordAudit(tx, { actorId: person.id, action: `cursor.${change.action}`, entityType: "stage", entityId: stageId, experimentId: stage.campaign.experimentId, data: { from, to, reason } });
    return { from, to, description: describeCursor(spec, to, stage.inputDataset) };
  });
}
