/**
 * Thirty days of campaign history for the charts and forecasts (issue 11), from the seeded raw rows: the demo
 * campaigns' launches are spread over the last month (lib/demo/campaigns.ts launchDaysAgo), their jobs and input
 * files carry those times, and the rollups are rebuilt from them by the same rules the refresh keeps them with
 * (lib/rollups/rebuild.ts), so every chart shows what the rows say. Three stories:
 *  - sbnd_keepup_2026 on track: a launch every two days; its task is needed in six weeks;
 *  - uboone_reprocess_v10 late: nothing done from 12 to 5.5 days ago (the services' outage of 10–7 days ago), slower
 *    since; its task is needed in three days;
 *  - icarus_calib_run3 finished: every slice by 16 days ago and its failed files recovered the day after.
 * The jobs idle and running per hour (sampled by the refresh, so not rebuildable) are derived from the seeded jobs'
 * submit, start and end times. Forecasts are computed at the end, as the refresh would.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { planJobs } from "@/lib/launch/jobs-plan";
import { rebuildRollups } from "@/lib/rollups/rebuild";
import { refreshForecasts } from "@/lib/forecast/campaigns";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The failed inputs of the finished campaign's first stage, taken again by one recovery that consumed them all. */
async function recoverFinished(db: PrismaClient, now: Date, campaignName: string) {
  const stage = await db.campaignStage.findFirst({ where: { campaign: { name: campaignName }, position: 0 }, include: { campaign: true } });
  if (!stage) return;
  const failed = await db.$queryRaw<{ fileId: bigint; name: string; submissionId: number }[]>`
    SELECT sf."fileId", f."name", sf."submissionId" FROM "SubmissionFile" sf JOIN "Submission" s ON s.id = sf."submissionId" JOIN "DataFile" f ON f.id = sf."fileId"
     WHERE s."stageId" = ${stage.id} AND sf."role" = 'INPUT' AND sf."status" = 'FAILED' ORDER BY f."name"`;
  if (!failed.length) return;
  const created = new Date(now.getTime() - 15 * DAY);
  const jobs = planJobs(failed.map((f) => f.name), 2, null);
  const batchId = `seed-${stage.campaign.name}-recovery`;
  const parent = await db.submission.findFirstOrThrow({ where: { id: failed[failed.length - 1].submissionId } });
  const sub = await db.submission.create({
    data: {
      experimentId: stage.campaign.experimentId, campaignId: stage.campaignId, stageId: stage.id, status: "LOCATED", trigger: "RECOVERY", batchBackend: "LOCAL", batchId,
      parentId: parent.id, recoveryPosition: 2, recoveryOverrides: [["--memory", "4000MB"]], sliceLabel: `recovery of ${failed.length} failed file(s)`, inputDataset: parent.inputDataset,
      command: "demo-job.sh --release v3.2.1 … --memory 4000MB", launchedById: parent.launchedById, launchLog: `Seeded demo recovery: ${failed.length} files in ${jobs.length} jobs.`,
      plannedJobs: jobs.length, jobsTotalMax: jobs.length, percentComplete: 100, jobsCompleted: jobs.length, monitorDone: true,
      statusChangedAt: new Date(created.getTime() + 4 * HOUR), createdAt: created, lastPolledAt: new Date(created.getTime() + 4 * HOUR),
      locatedAt: new Date(created.getTime() + 4 * HOUR), locatedBy: "complete", wrappedUpAt: new Date(created.getTime() + 4 * HOUR),
    },
  });
  await db.submission.update({ where: { id: parent.id }, data: { wrappedUpAt: created } });
  await db.submissionEvent.createMany({
    data: (["NEW", "IDLE", "RUNNING", "COMPLETED", "LOCATED"] as const).map((st, h) => ({ submissionId: sub.id, status: st, actorKind: "SYSTEM" as const, reason: h === 0 ? "Recovery of the files the jobs failed on" : "", createdAt: new Date(created.getTime() + h * HOUR) })),
  });
  const ends = jobs.map((_, j) => new Date(created.getTime() + (40 + 7 * j) * 60_000));
  await db.job.createMany({
    data: jobs.map((_, j) => ({
      submissionId: sub.id, batchJobId: `${batchId}.${j}`, taskIndex: j, status: "COMPLETED" as const, exitCode: 0, site: "local", node: "localhost", numStarts: 1,
      submittedAt: created, startedAt: new Date(created.getTime() + (5 + j) * 60_000), endedAt: ends[j], cpuSeconds: 1500 + 60 * j, wallSeconds: 2100 + 60 * j, memoryMb: 3400,
    })),
  });
  const idOf = new Map(failed.map((f) => [f.name, f.fileId]));
  await db.submissionFile.createMany({
    data: jobs.flatMap((inputs, j) => inputs.map((n) => ({ submissionId: sub.id, fileId: idOf.get(n)!, role: "INPUT" as const, status: "CONSUMED" as const, detail: `Consumed by job ${batchId}.${j}.`, updatedAt: ends[j] }))),
  });
}

/** The needed-by date of the open tasks linked to a campaign. */
async function neededBy(db: PrismaClient, campaignName: string, at: Date) {
  await db.task.updateMany({ where: { status: { in: ["IN_PROGRESS", "ON_HOLD"] }, campaigns: { some: { campaign: { name: campaignName } } } }, data: { neededBy: at } });
}

/** Jobs idle and running at the end of each hour, per stage, from the seeded jobs' times (what the refresh would have sampled). */
async function sampleFromJobs(db: PrismaClient, now: Date) {
  await db.$executeRaw`
    WITH j AS (
      SELECT s."stageId", s."campaignId", s."experimentId", j."submittedAt", j."startedAt", j."endedAt"
        FROM "Job" j JOIN "Submission" s ON s.id = j."submissionId" WHERE j."submittedAt" IS NOT NULL AND j."endedAt" IS NOT NULL),
    h AS (
      SELECT j."stageId", min(j."campaignId") AS "campaignId", min(j."experimentId") AS "experimentId", g.hour,
             count(*) FILTER (WHERE j."submittedAt" <= g.hour + interval '59 minutes' AND COALESCE(j."startedAt", j."endedAt") > g.hour + interval '59 minutes')::int AS idle,
             count(*) FILTER (WHERE j."startedAt" <= g.hour + interval '59 minutes' AND j."endedAt" > g.hour + interval '59 minutes')::int AS running
        FROM j CROSS JOIN LATERAL generate_series(date_trunc('hour', j."submittedAt"), date_trunc('hour', j."endedAt"), interval '1 hour') AS g(hour)
       WHERE g.hour < ${now}
       GROUP BY j."stageId", g.hour)
    INSERT INTO "StageHourRollup" AS r ("stageId", "hour", "campaignId", "experimentId", "sampleIdle", "sampleRunning", "sampleHeld", "sampledAt")
    SELECT "stageId", hour, "campaignId", "experimentId", idle, running, 0, hour + interval '59 minutes' FROM h
    ON CONFLICT ("stageId", "hour") DO UPDATE SET "sampleIdle" = EXCLUDED."sampleIdle", "sampleRunning" = EXCLUDED."sampleRunning", "sampleHeld" = 0, "sampledAt" = EXCLUDED."sampledAt"`;
}

export async function seedCampaignHistory(db: PrismaClient, now: Date): Promise<void> {
  await recoverFinished(db, now, "icarus_calib_run3");
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  await neededBy(db, "uboone_reprocess_v10", new Date(today + 3 * DAY));
  await neededBy(db, "sbnd_keepup_2026", new Date(today + 42 * DAY));
  await rebuildRollups(db);
  await sampleFromJobs(db, now);
  await refreshForecasts(db, now);
}
