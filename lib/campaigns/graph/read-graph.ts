/**
 * The campaign graph's data: stages as nodes (with their saved places and live submission counts by state, test
 * launches not counted), dependencies as edges, what the person may do, and for a person who may edit, the
 * templates a new stage can use. Four statements, whatever the campaign's size.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { can, type Actor } from "@/lib/people/policy";
import { mustSeeExperiment } from "@/lib/people/visibility";
import type { StageType, SubmissionStatus } from "@/lib/generated/prisma/enums";

export type GraphNodeData = {
  id: number;
  name: string;
  stageType: StageType;
  active: boolean;
  hold: boolean;
  graphX: number | null;
  graphY: number | null;
  jobTypeId: number;
  loginSetupId: number;
  submissions: number;
  byStatus: Partial<Record<SubmissionStatus, number>>;
};
export type GraphEdgeData = { id: number; fromStageId: number; toStageId: number; filePatterns: string };

export async function campaignGraph(actor: Actor, campaignId: number) {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, name: true, experimentId: true, creatorId: true, creatorRole: true } });
  if (!campaign) throw notFound("Campaign");
  mustSeeExperiment(actor, campaign.experimentId, "Campaign");
  const modify = can(actor, "campaign.modify", { experimentId: campaign.experimentId, ownerId: campaign.creatorId, ownerRole: campaign.creatorRole });
  const [stages, counts, edges, choices] = await Promise.all([
    db.campaignStage.findMany({
      where: { campaignId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true, name: true, stageType: true, active: true, hold: true, graphX: true, graphY: true, jobTypeId: true, loginSetupId: true },
    }),
    db.$queryRaw<{ stageId: number; status: SubmissionStatus; n: number }[]>`
      SELECT s."stageId", s."status", count(*)::int AS n FROM "Submission" s
       WHERE s."campaignId" = ${campaignId} AND NOT s."isTest" GROUP BY s."stageId", s."status"`,
    db.stageDependency.findMany({ where: { toStage: { campaignId } }, orderBy: { id: "asc" }, select: { id: true, fromStageId: true, toStageId: true, filePatterns: true } }),
    modify
      ? Promise.all([
          db.jobType.findMany({ where: { experimentId: campaign.experimentId, active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
          db.loginSetup.findMany({ where: { experimentId: campaign.experimentId, active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
        ])
      : null,
  ]);
  const nodes: GraphNodeData[] = stages.map((s) => {
    const mine = counts.filter((c) => c.stageId === s.id);
    return { ...s, submissions: mine.reduce((a, c) => a + c.n, 0), byStatus: Object.fromEntries(mine.map((c) => [c.status, c.n])) };
  });
  return {
    campaign: { id: campaign.id, name: campaign.name },
    nodes,
    edges: edges as GraphEdgeData[],
    rights: { modify },
    choices: choices ? { jobTypes: choices[0], loginSetups: choices[1] } : null,
  };
}
export type CampaignGraph = Awaited<ReturnType<typeof campaignGraph>>;
