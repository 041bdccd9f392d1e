import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { CreateStageInput } from "../input";
import { auditData, mustModify, mustView } from "./access";
import { checkStageRefs } from "./stage-refs";
import { readSliceOptions, sliceOptionsProblem } from "../split/slice-options";
import { DomainError } from "@/lib/errors";

/** A new stage of a campaign; an inheritable field given as null inherits the campaign's default. */
export async function createStage(actor: Actor, campaignId: number, input: CreateStageInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findUnique({ where: { id: campaignId }, select: { id: true, experimentId: true, creatorId: true, creatorRole: true } });
    if (!campaign) throw notFound("Campaign");
    mustView(actor, campaign.experimentId, "Campaign");
    mustModify(actor, campaign.experimentId, campaign);
    if (await tx.campaignStage.findUnique({ where: { campaignId_name: { campaignId, name: input.name } }, select: { id: true } })) throw new DomainError("invalid_input", `This campaign already has a stage named "${input.name}".`, { field: "name" });
    await checkStageRefs(tx, campaign, input);
    const sliceProblem = sliceOptionsProblem(input.splitType, readSliceOptions(input.sliceOptions));
    if (sliceProblem) throw new DomainError("invalid_input", sliceProblem, { field: "sliceOptions" });
    const { dependencies, position, serviceIds, ...fields } = input;
    const last = await tx.campaignStage.aggregate({ where: { campaignId }, _max: { position: true } });
    const row = await tx.campaignStage.create({
      data: { ...fields, campaignId, position: position ?? (last._max.position ?? -1) + 1, cursor: { create: {} } },
    });
    if (serviceIds.length) await tx.stageService.createMany({ data: serviceIds.map((serviceId) => ({ stageId: row.id, serviceId })) });
    if (dependencies.length) await tx.stageDependency.createMany({ data: dependencies.map((d) => ({ fromStageId: d.fromStageId, toStageId: row.id, filePatterns: d.filePatterns })) });
    await recordAudit(tx, { actorId: actor.id, action: "stage.created", entityType: "CampaignStage", entityId: row.id, experimentId: campaign.experimentId, data: auditData(row.version, undefined, { name: row.name, campaignId }), requestId });
    return row;
  });
}
