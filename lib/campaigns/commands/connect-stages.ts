import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { ConnectInput } from "../graph/input";
import { auditData, mustModify, mustView, type Tx } from "./access";

/** The campaign and the two stages an edge joins: both must be stages of this campaign (a self-edge is one stage). */
export async function edgeEnds(tx: Tx, actor: Actor, campaignId: number, fromStageId: number, toStageId: number) {
  const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true, experimentId: true, creatorId: true, creatorRole: true } });
  if (!campaign) throw notFound("Campaign");
  mustView(actor, campaign.experimentId, "Campaign");
  mustModify(actor, campaign.experimentId, campaign);
  const stages = await tx.campaignStage.findMany({ where: { id: { in: [fromStageId, toStageId] } }, select: { id: true, name: true, campaignId: true, version: true } });
  const from = stages.find((s) => s.id === fromStageId);
  const to = stages.find((s) => s.id === toStageId);
  for (const [s, field] of [[from, "fromStageId"], [to, "toStageId"]] as const) {
    if (!s || s.campaignId !== campaignId) throw new DomainError("invalid_input", "A dependency joins two stages of the same campaign; that stage is not one of this campaign's.", { field });
  }
  return { campaign, from: from!, to: to! };
}

/** Locks a stage's row for the rest of the transaction and gives its version as it is now. */
export async function lockStage(tx: Tx, stageId: number): Promise<number> {
  const [row] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "CampaignStage" WHERE id = ${stageId} FOR UPDATE`;
  return row.version;
}

/**
 * A new edge "to consumes from's outputs matching the patterns". A cycle and a self-edge are allowed; the same
 * edge twice is a conflict. The consumer's version moves (its upstream list is part of its configuration, so a
 * stage form opened before this is refused rather than silently dropping the edge). Audited on the consumer.
 */
export async function connectStages(actor: Actor, campaignId: number, input: ConnectInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const { campaign, from, to } = await edgeEnds(tx, actor, campaignId, input.fromStageId, input.toStageId);
    // The consumer's row first: two connects into one stage take turns, so the limit below cannot be passed.
    const version = await lockStage(tx, to.id);
    if (await tx.stageDependency.findUnique({ where: { fromStageId_toStageId: { fromStageId: from.id, toStageId: to.id } }, select: { id: true } })) {
      throw new DomainError("conflict", from.id === to.id ? `${to.name} already relaunches itself.` : `${from.name} already feeds ${to.name}.`);
    }
    if ((await tx.stageDependency.count({ where: { toStageId: to.id } })) >= 20) throw new DomainError("invalid_input", `${to.name} already has 20 upstream stages, the most a stage may have.`);
    const edge = await tx.stageDependency.create({ data: { fromStageId: from.id, toStageId: to.id, filePatterns: input.filePatterns } });
    await tx.campaignStage.update({ where: { id: to.id }, data: { version: { increment: 1 } } });
    await recordAudit(tx, { actorId: actor.id, action: "stage.dependency_added", entityType: "CampaignStage", entityId: to.id, experimentId: campaign.experimentId, data: auditData(version + 1, { dependencies: { from: null, to: { from: from.name, filePatterns: input.filePatterns } } }, { campaignId, fromStageId: from.id }), requestId });
    return edge;
  });
}
