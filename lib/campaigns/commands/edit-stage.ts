import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { EditStageInput } from "../input";
import { auditData, changesOf, mustModify, mustView, staleError } from "./access";
import { checkStageRefs } from "./stage-refs";
import { readSliceOptions, sliceOptionsProblem } from "../split/slice-options";

/**
 * Edits a stage's configuration at the version the person read (a stale version is refused and explained).
 * Run-time fields (hold, cursor) are not configuration and are not touched here. Given dependencies replace
 * the stage's upstream list.
 */
export async function editStage(actor: Actor, id: number, input: EditStageInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.campaignStage.findUnique({ where: { id }, include: { campaign: { select: { id: true, experimentId: true, creatorId: true, creatorRole: true } }, upstream: { orderBy: { fromStageId: "asc" } }, neededServices: { select: { serviceId: true }, orderBy: { serviceId: "asc" } } } });
    if (!row) throw notFound("Stage");
    mustView(actor, row.campaign.experimentId, "CampaignStage");
    mustModify(actor, row.campaign.experimentId, row.campaign);
    const { version, ...fields } = input;
    if (row.version !== version) throw await staleError(tx, "CampaignStage", id, version);
    const before = { ...row, dependencies: row.upstream.map((d) => ({ fromStageId: d.fromStageId, filePatterns: d.filePatterns })), serviceIds: row.neededServices.map((s) => s.serviceId) };
    const after = { ...fields, dependencies: fields.dependencies && [...fields.dependencies].sort((a, b) => a.fromStageId - b.fromStageId), serviceIds: fields.serviceIds && [...fields.serviceIds].sort((a, b) => a - b) };
    const changes = changesOf(before, after);
    const keys = Object.keys(changes);
    if (!keys.length) return row;
    if (changes.name && (await tx.campaignStage.findUnique({ where: { campaignId_name: { campaignId: row.campaignId, name: fields.name! } }, select: { id: true } }))) throw new DomainError("invalid_input", `This campaign already has a stage named "${fields.name}".`, { field: "name" });
    if (changes.splitType || changes.sliceOptions) {
      const sliceProblem = sliceOptionsProblem(fields.splitType ?? row.splitType, readSliceOptions(fields.sliceOptions ?? row.sliceOptions));
      if (sliceProblem) throw new DomainError("invalid_input", sliceProblem, { field: changes.sliceOptions ? "sliceOptions" : "splitType" });
    }
    await checkStageRefs(tx, row.campaign, { jobTypeId: changes.jobTypeId ? fields.jobTypeId : undefined, loginSetupId: changes.loginSetupId ? fields.loginSetupId : undefined, dependencies: after.dependencies, serviceIds: changes.serviceIds ? after.serviceIds : undefined });
    const data = Object.fromEntries(keys.filter((k) => k !== "dependencies" && k !== "serviceIds").map((k) => [k, after[k as keyof typeof after]]));
    const n = await tx.campaignStage.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "CampaignStage", id, version);
    if (changes.dependencies && after.dependencies) {
      await tx.stageDependency.deleteMany({ where: { toStageId: id } });
      if (after.dependencies.length) await tx.stageDependency.createMany({ data: after.dependencies.map((d) => ({ fromStageId: d.fromStageId, toStageId: id, filePatterns: d.filePatterns })) });
    }
    if (changes.serviceIds && after.serviceIds) {
      await tx.stageService.deleteMany({ where: { stageId: id } });
      if (after.serviceIds.length) await tx.stageService.createMany({ data: after.serviceIds.map((serviceId) => ({ stageId: id, serviceId })) });
    }
    const action = keys.length === 1 && "active" in changes ? (fields.active ? "stage.reactivated" : "stage.deactivated") : "stage.edited";
    await recordAudit(tx, { actorId: actor.id, action, entityType: "CampaignStage", entityId: id, experimentId: row.campaign.experimentId, data: auditData(version + 1, changes, { campaignId: row.campaignId }), requestId });
    return tx.campaignStage.findUniqueOrThrow({ where: { id } });
  });
}
