import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditData, mustModify, mustView, nameTaken } from "./access";
import { creatorRoleIn } from "./create-campaign";
import { freeName } from "./free-name";

/**
 * A copy of a campaign with its stages (configuration only: no holds, cursors or submissions), the
 * dependencies between them and its tags, owned by the actor in their own role.
 */
export async function cloneCampaign(actor: Actor, id: number, name: string | undefined, requestId?: string) {
  return db.$transaction(async (tx) => {
    const src = await tx.campaign.findUnique({ where: { id }, include: { stages: { include: { upstream: true, neededServices: true }, orderBy: { id: "asc" } }, tags: true } });
    if (!src) throw notFound("Campaign");
    mustView(actor, src.experimentId, "Campaign");
    mustModify(actor, src.experimentId, { creatorId: actor.id, creatorRole: creatorRoleIn(actor, src.experimentId) });
    const taken = async (n: string) => !!(await tx.campaign.findUnique({ where: { experimentId_name: { experimentId: src.experimentId, name: n } }, select: { id: true } }));
    if (name && (await taken(name))) throw nameTaken("campaign", name);
    const newName = name ?? (await freeName(src.name, taken));
    const row = await tx.campaign.create({
      data: {
        experimentId: src.experimentId,
        name: newName,
        description: src.description,
        defaults: src.defaults as Prisma.InputJsonValue,
        keywords: src.keywords as Prisma.InputJsonValue,
        creatorId: actor.id,
        creatorRole: creatorRoleIn(actor, src.experimentId),
        tags: { create: src.tags.map((t) => ({ tagId: t.tagId })) },
      },
    });
    const newStageId = new Map<number, number>();
    for (const s of src.stages) {
      const copy = await tx.campaignStage.create({
        data: {
          campaignId: row.id,
          name: s.name,
          position: s.position,
          stageType: s.stageType,
          jobTypeId: s.jobTypeId,
          loginSetupId: s.loginSetupId,
          batchBackend: s.batchBackend,
          inputDataset: s.inputDataset,
          splitType: s.splitType,
          softwareVersion: s.softwareVersion,
          vomsRole: s.vomsRole,
          paramOverrides: s.paramOverrides as Prisma.InputJsonValue,
          testParamOverrides: s.testParamOverrides as Prisma.InputJsonValue,
          completionType: s.completionType,
          completionPct: s.completionPct,
          failedRatio: s.failedRatio,
          maxJobs: s.maxJobs,
          active: s.active,
          cursor: { create: {} },
        },
        select: { id: true },
      });
      newStageId.set(s.id, copy.id);
    }
    const edges = src.stages.flatMap((s) => s.upstream.map((d) => ({ fromStageId: newStageId.get(d.fromStageId)!, toStageId: newStageId.get(s.id)!, filePatterns: d.filePatterns })));
    if (edges.length) await tx.stageDependency.createMany({ data: edges.filter((e) => e.fromStageId && e.toStageId) });
    const needs = src.stages.flatMap((s) => s.neededServices.map((x) => ({ stageId: newStageId.get(s.id)!, serviceId: x.serviceId })));
    if (needs.length) await tx.stageService.createMany({ data: needs });
    await recordAudit(tx, { actorId: actor.id, action: "campaign.cloned", entityType: "Campaign", entityId: row.id, experimentId: src.experimentId, data: auditData(row.version, undefined, { name: newName, from: { id: src.id, name: src.name }, stages: src.stages.length }), requestId });
    return row;
  });
}
