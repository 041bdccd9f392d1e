import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { DisconnectInput } from "../graph/input";
import { auditData } from "./access";
import { edgeEnds, lockStage } from "./connect-stages";

/** Removes the edge between two stages of the campaign (a missing edge is a 404); the consumer's version moves. Audited. */
export async function disconnectStages(actor: Actor, campaignId: number, input: DisconnectInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const { campaign, from, to } = await edgeEnds(tx, actor, campaignId, input.fromStageId, input.toStageId);
    const version = await lockStage(tx, to.id);
    const gone = await tx.stageDependency.deleteMany({ where: { fromStageId: from.id, toStageId: to.id } });
    if (gone.count === 0) throw new DomainError("not_found", `${from.name} does not feed ${to.name} (someone may have disconnected them already).`);
    await tx.campaignStage.update({ where: { id: to.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actorId: actor.id, action: "stage.dependency_removed", entityType: "CampaignStage", entityId: to.id, experimentId: campaign.experimentId, data: auditData(version + 1, { dependencies: { from: { from: from.name }, to: null } }, { campaignId, fromStageId: from.id }), requestId });
  });
}
