import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditData, mustModify, mustView } from "./access";
import { freeName } from "./free-name";

/** A copy of a stage in the same campaign (configuration and upstream edges; no hold, cursor or submissions). */
export async function cloneStage(actor: Actor, id: number, name: string | undefined, requestId?: string) {
  return db.$transaction(async (tx) => {
    const src = await tx.campaignStage.findUnique({ where: { id }, include: { campaign: { select: { id: true, experimentId: true, creatorId: true, creatorRole: true } }, upstream: true, neededServices: true } });
    if (!src) throw notFound("Stage");
    mustView(actor, src.campaign.experimentId, "CampaignStage");
    mustModify(actor, src.campaign.experimentId, src.campaign);
    const taken = async (n: string) => !!(await tx.campaignStage.findUnique({ where: { campaignId_name: { campaignId: src.campaignId, name: n } }, select: { id: true } }));
    if (name && (await taken(name))) throw new DomainError("invalid_input", `This campaign already has a stage named "${name}".`, { field: "name" });
    const newName = name ?? (await freeName(src.name, taken));
    const last = await tx.campaignStage.aggregate({ where: { campaignId: src.campaignId }, _max: { position: true } });
    const row = await tx.campaignStage.create({
      data: {
        campaignId: src.campaignId,
        name: newName,
        position: (last._max.position ?? 0) + 1,
        stageType: src.stageType,
        jobTypeId: src.jobTypeId,
        loginSetupId: src.loginSetupId,
        batchBackend: src.batchBackend,
        inputDataset: src.inputDataset,
        splitType: src.splitType,
        softwareVersion: src.softwareVersion,
        vomsRole: src.vomsRole,
        paramOverrides: src.paramOverrides as Prisma.InputJsonValue,
        testParamOverrides: src.testParamOverrides as Prisma.InputJsonValue,
        completionType: src.completionType,
        completionPct: src.completionPct,
        failedRatio: src.failedRatio,
        maxJobs: src.maxJobs,
        active: src.active,
        cursor: { create: {} },
      },
    });
    const edges = src.upstream.map((d) => ({ fromStageId: d.fromStageId === src.id ? row.id : d.fromStageId, toStageId: row.id, filePatterns: d.filePatterns }));
    if (edges.length) await tx.stageDependency.createMany({ data: edges });
    if (src.neededServices.length) await tx.stageService.createMany({ data: src.neededServices.map((s) => ({ stageId: row.id, serviceId: s.serviceId })) });
    await recordAudit(tx, { actorId: actor.id, action: "stage.cloned", entityType: "CampaignStage", entityId: row.id, experimentId: src.campaign.experimentId, data: auditData(row.version, undefined, { name: newName, campaignId: src.campaignId, from: { id: src.id, name: src.name } }), requestId });
    return row;
  });
}
