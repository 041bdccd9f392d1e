import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Actor } from "@/lib/people/policy";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { readDefaults, readPairs } from "../effective";
import { keywordPairsOf } from "../commands/campaign-tags";
import { renderCampaignToml, type CampaignDocument, type StageDocument } from "./document";
import { campaignFingerprint } from "./fingerprint";

/**
 * A campaign as its TOML document: configuration only (no cursors, holds or submissions), stages in their page
 * order, job types and login/setups by name, with the campaign's id and version, each stage's version and the
 * fingerprint of stages, edges and schedules (what an update is checked against). Four statements whatever the
 * campaign's size, read in one snapshot so the fingerprint matches the values written.
 */
export async function campaignDocument(actor: Actor, campaignId: number): Promise<{ document: CampaignDocument; fileName: string }> {
  // One snapshot (repeatable read): the fingerprint must describe exactly the stages, edges and schedules written.
  const { c, stages, edges, schedules } = await db.$transaction(
    async (tx) => {
      const c = await tx.campaign.findUnique({
        where: { id: campaignId },
        include: { experiment: { select: { name: true } }, tags: { select: { tag: { select: { name: true } } } } },
      });
      if (!c) throw notFound("Campaign");
      mustSeeExperiment(actor, c.experimentId, "Campaign");
      const stages = await tx.campaignStage.findMany({ where: { campaignId }, orderBy: [{ position: "asc" }, { id: "asc" }], include: { jobType: { select: { name: true } }, loginSetup: { select: { name: true } } } });
      const edges = await tx.stageDependency.findMany({ where: { toStage: { campaignId } }, select: { fromStageId: true, toStageId: true, filePatterns: true } });
      const schedules = await tx.stageSchedule.findMany({ where: { stage: { campaignId } }, orderBy: { id: "asc" }, select: { id: true, stageId: true, cronExpression: true, timeZone: true, active: true, clearWhenDone: true, ownerId: true } });
      return { c, stages, edges, schedules };
    },
    { isolationLevel: "RepeatableRead" },
  );
  const order = new Map(stages.map((s, i) => [s.id, i]));
  const nameOf = new Map(stages.map((s) => [s.id, s.name]));
  const docStages: StageDocument[] = stages.map((s) => {
    return {
      name: s.name,
      version: s.version,
      position: s.position,
      stageType: s.stageType,
      jobType: s.jobType.name,
      loginSetup: s.loginSetup.name,
      batchBackend: s.batchBackend,
      inputDataset: s.inputDataset,
      splitType: s.splitType,
      testSplitType: s.testSplitType,
      // As stored: a value the import cannot read is refused there, on its line, rather than dropped here.
      sliceOptions: (Array.isArray(s.sliceOptions) ? s.sliceOptions : []) as StageDocument["sliceOptions"],
      softwareVersion: s.softwareVersion,
      vomsRole: s.vomsRole,
      paramOverrides: readPairs(s.paramOverrides),
      testParamOverrides: readPairs(s.testParamOverrides),
      completionType: s.completionType,
      completionPct: s.completionPct,
      failedRatio: s.failedRatio,
      maxJobs: s.maxJobs,
      active: s.active,
      graph: s.graphX !== null && s.graphY !== null ? { x: s.graphX, y: s.graphY } : null,
      schedules: schedules.filter((x) => x.stageId === s.id).map((x) => ({ cron: x.cronExpression, timeZone: x.timeZone, active: x.active, clearWhenDone: x.clearWhenDone })),
    };
  });
  const dependencies = edges
    .filter((e) => order.has(e.fromStageId) && order.has(e.toStageId))
    .sort((a, b) => order.get(a.toStageId)! - order.get(b.toStageId)! || order.get(a.fromStageId)! - order.get(b.fromStageId)!)
    .map((e) => ({ from: nameOf.get(e.fromStageId)!, to: nameOf.get(e.toStageId)!, filePatterns: e.filePatterns }));
  const document: CampaignDocument = {
    campaign: {
      experiment: c.experiment.name,
      name: c.name,
      description: c.description,
      active: c.active,
      id: c.id,
      version: c.version,
      fingerprint: campaignFingerprint({ stages, edges, schedules }),
      defaults: readDefaults(c.defaults),
      keywords: keywordPairsOf(c.keywords),
      tags: c.tags.map((t) => t.tag.name).sort(),
    },
    stages: docStages,
    dependencies,
  };
  return { document, fileName: `${c.experiment.name}-${c.name}.toml` };
}

/** The campaign's TOML text, with a header saying what it is and when it was taken. */
export async function exportCampaign(actor: Actor, campaignId: number): Promise<{ text: string; fileName: string }> {
  const { document, fileName } = await campaignDocument(actor, campaignId);
  return { text: renderCampaignToml(document, [`Exported from POMS on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`]), fileName };
}
