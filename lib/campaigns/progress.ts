/**
 * The campaign page's live data: the campaign, and per stage its submissions by state, job counts as last read,
 * percent complete and waiting held launches. Two statements (the campaign with its links; the stages with
 * their aggregates), whatever the number of submissions.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { effectiveStage } from "./effective";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { mustSeeExperiment } from "@/lib/people/visibility";

export type StageProgress = {
  id: number;
  name: string;
  position: number;
  stageType: string;
  active: boolean;
  hold: boolean;
  holdReason: string;
  splitType: string;
  inputDataset: string;
  backend: string;
  submissions: number;
  byStatus: Partial<Record<SubmissionStatus, number>>;
  jobs: { idle: number; running: number; held: number; completed: number; failed: number; cancelled: number; removed: number; total: number };
  percentComplete: number;
  heldLaunches: number;
  lastLaunchAt: Date | null;
  stale: number;
};

type Row = Omit<StageProgress, "jobs" | "backend" | "percentComplete"> & {
  idle: number; running: number; heldJobs: number; completed: number; failed: number; cancelled: number; removed: number; total: number;
  batchBackend: string | null; softwareVersion: string | null; vomsRole: string | null; completionType: string | null; completionPct: number | null; failedRatio: number | null;
};

export async function campaignProgress(person: SignedInPerson, campaignId: number) {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    include: { experiment: { select: { name: true, displayName: true } }, creator: { select: { username: true, name: true } }, tags: { include: { tag: true } }, tasks: { include: { task: { select: { id: true, number: true, title: true, status: true } } } } },
  });
  if (!campaign) throw notFound("Campaign");
  // Another experiment's campaign is not found, as tasks are (its id says nothing).
  mustSeeExperiment(person, campaign.experimentId, "Campaign");
  const rows = await db.$queryRaw<Row[]>`
    SELECT st.id, st."name", st."position", st."stageType"::text AS "stageType", st."active", st."hold", st."holdReason", st."splitType", st."inputDataset",
           st."batchBackend"::text AS "batchBackend", st."softwareVersion", st."vomsRole", st."completionType"::text AS "completionType", st."completionPct", st."failedRatio",
           count(s.id)::int AS submissions,
           COALESCE((SELECT json_object_agg(x.status, x.n) FROM (SELECT s2."status", count(*)::int AS n FROM "Submission" s2 WHERE s2."stageId" = st.id AND NOT s2."isTest" GROUP BY s2."status") x), '{}'::json) AS "byStatus",
           COALESCE(sum(s."jobsIdle"), 0)::int AS idle, COALESCE(sum(s."jobsRunning"), 0)::int AS running, COALESCE(sum(s."jobsHeld"), 0)::int AS "heldJobs",
           COALESCE(sum(s."jobsCompleted"), 0)::int AS completed, COALESCE(sum(s."jobsFailed"), 0)::int AS failed,
           COALESCE(sum(s."jobsCancelled"), 0)::int AS cancelled, COALESCE(sum(s."jobsRemoved"), 0)::int AS removed,
           COALESCE(sum(GREATEST(s."jobsTotalMax", CASE WHEN s."batchId" IS NOT NULL THEN s."plannedJobs" ELSE 0 END)), 0)::int AS total,
           (SELECT count(*)::int FROM "HeldLaunch" h WHERE h."stageId" = st.id AND h."releasedAt" IS NULL) AS "heldLaunches",
           max(s."createdAt") AS "lastLaunchAt", count(s."staleSince")::int AS stale
      FROM "CampaignStage" st LEFT JOIN "Submission" s ON s."stageId" = st.id AND NOT s."isTest"
     WHERE st."campaignId" = ${campaignId}
     GROUP BY st.id ORDER BY st."position", st.id`;
  const stages: StageProgress[] = rows.map((r) => {
    const eff = effectiveStage({ ...r, batchBackend: r.batchBackend as never, completionType: r.completionType as never, paramOverrides: [] }, campaign.defaults);
    const finished = r.completed + r.failed + r.cancelled + r.removed;
    return {
      id: r.id, name: r.name, position: r.position, stageType: r.stageType, active: r.active, hold: r.hold, holdReason: r.holdReason, splitType: r.splitType,
      inputDataset: r.inputDataset, backend: eff.batchBackend, submissions: r.submissions, byStatus: r.byStatus, heldLaunches: r.heldLaunches,
      lastLaunchAt: r.lastLaunchAt, stale: r.stale,
      jobs: { idle: r.idle, running: r.running, held: r.heldJobs, completed: r.completed, failed: r.failed, cancelled: r.cancelled, removed: r.removed, total: r.total },
      percentComplete: r.total ? Math.round((finished / r.total) * 1000) / 10 : 0,
    };
  });
  const canAct = decide(person, "campaign.act", { experimentId: campaign.experimentId, ownerId: campaign.creatorId, ownerRole: campaign.creatorRole }).allowed;
  const canModify = decide(person, "campaign.modify", { experimentId: campaign.experimentId, ownerId: campaign.creatorId, ownerRole: campaign.creatorRole }).allowed;
  return {
    campaign: {
      id: campaign.id, name: campaign.name, description: campaign.description, active: campaign.active, experiment: campaign.experiment.name,
      experimentName: campaign.experiment.displayName, owner: campaign.creator.username, ownerName: campaign.creator.name, ownerRole: campaign.creatorRole,
      tags: campaign.tags.map((t) => t.tag.name), tasks: campaign.tasks.map((t) => t.task), updatedAt: campaign.updatedAt,
    },
    stages,
    rights: { act: canAct, modify: canModify },
  };
}
export type CampaignProgress = Awaited<ReturnType<typeof campaignProgress>>;
