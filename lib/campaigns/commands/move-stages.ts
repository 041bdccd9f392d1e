import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { MoveInput } from "../graph/input";
import { mustModify, mustView } from "./access";

/**
 * Saves where stages are drawn on the campaign graph, in one statement. A place is layout, not configuration:
 * the stages' versions do not move (a stage form open elsewhere stays valid), but the move is audited.
 */
export async function moveStages(actor: Actor, campaignId: number, input: MoveInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true, experimentId: true, creatorId: true, creatorRole: true } });
    if (!campaign) throw notFound("Campaign");
    mustView(actor, campaign.experimentId, "Campaign");
    mustModify(actor, campaign.experimentId, campaign);
    const ids = input.positions.map((p) => p.stageId);
    const xs = input.positions.map((p) => p.x);
    const ys = input.positions.map((p) => p.y);
    const moved = await tx.$queryRaw<{ id: number; name: string }[]>`
      UPDATE "CampaignStage" s SET "graphX" = m.x, "graphY" = m.y
        FROM unnest(${ids}::int[], ${xs}::int[], ${ys}::int[]) AS m(id, x, y)
       WHERE s.id = m.id AND s."campaignId" = ${campaignId}
      RETURNING s.id, s."name"`;
    if (moved.length !== ids.length) throw new DomainError("invalid_input", "Only this campaign's stages can be moved on its graph; nothing was moved.", { field: "positions" });
    const names = new Map(moved.map((m) => [m.id, m.name]));
    await recordAudit(tx, { actorId: actor.id, action: "campaign.graph_moved", entityType: "Campaign", entityId: campaignId, experimentId: campaign.experimentId, data: { positions: input.positions.map((p) => ({ stage: names.get(p.stageId) ?? null, x: p.x, y: p.y })) }, requestId });
    return moved.length;
  });
}
