/**
 * The refresh's write path: what the batch systems said, applied in bulk. For a chunk of submissions, in one
 * transaction:
 *  1. job reports upserted in one statement over `unnest` arrays, sorted by (submission, batch job id) so
 *     concurrent writers take row locks in the same order, each row guarded by IS DISTINCT FROM;
 *  2. jobs a per-job read no longer lists take their last known state's ending (held → removed; queued or
 *     running → finished, exit unknown), one statement;
 *  3. counts per submission from the job rows (per-job backends) or from the monitor (aggregated ones);
 *  4. the submission's state judged by the domain rules (lib/submissions/lifecycle.ts) and written with one
 *     guarded statement; a history entry for each change (never two equal in a row).
 * Replaying the same snapshot changes nothing. The transaction returns what changed per stage, so that
 * rollups can be kept in the same transaction (the charts issue).
 */
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { JobCounts, JobReport, StatusSnapshot } from "@/lib/batch/types";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { judgeSubmission } from "@/lib/submissions/lifecycle";
import { effectiveStage } from "@/lib/campaigns/effective";
import { applyFileReports } from "./input-files";
import { countEndedJobs, countUnreportedInputs, sampleStages, uncountWholeInputs } from "@/lib/rollups/maintain";

export type Read = { submissionId: number; snapshot: StatusSnapshot };

export type StageChange = { stageId: number; submissions: number; jobsChanged: number; statusChanges: { submissionId: number; from: SubmissionStatus; to: SubmissionStatus }[] };

export type ApplyResult = { jobsChanged: number; jobsEnded: number; jobsCounted: number; inputFilesChanged: number; submissionsChanged: number; statusChanges: number; byStage: Map<number, StageChange> };

const ACTIVE_JOB = ["IDLE", "RUNNING", "HELD", "TRANSFERRING", "SUSPENDED"];

type SubRow = {
  id: number;
  stageId: number;
  status: SubmissionStatus;
  jobsTotalMax: number;
  percentComplete: number;
  jobsIdle: number;
  jobsRunning: number;
  jobsHeld: number;
  jobsCompleted: number;
  jobsFailed: number;
  jobsCancelled: number;
  jobsRemoved: number;
  monitorDone: boolean;
  staleSince: Date | null;
  softwareVersion: string | null;
  vomsRole: string | null;
  batchBackend: null;
  completionType: null;
  completionPct: number | null;
  failedRatio: number | null;
  paramOverrides: unknown;
  defaults: unknown;
};

async function upsertJobs(tx: Prisma.TransactionClient, reads: Read[]): Promise<number> {
  const rows: (JobReport & { submissionId: number })[] = [];
  for (const r of reads) if (r.snapshot.kind === "jobs") for (const j of r.snapshot.jobs) rows.push({ ...j, submissionId: r.submissionId });
  if (!rows.length) return 0;
  rows.sort((a, b) => a.submissionId - b.submissionId || (a.batchJobId < b.batchJobId ? -1 : a.batchJobId > b.batchJobId ? 1 : 0));
  const col = <K extends keyof JobReport>(k: K) => rows.map((r) => r[k]);
  const n = await tx.$executeRaw`
    INSERT INTO "Job" ("submissionId", "batchJobId", "taskIndex", "status", "exitCode", "holdReason", "holdReasonCode", "site", "node", "numStarts",
                       "submittedAt", "startedAt", "endedAt", "cpuSeconds", "wallSeconds", "memoryMb", "outputPath", "updatedAt")
    SELECT u.sid, u.jid, u.idx, u.st::"JobStatus", u.ec, u.hr, u.hc, u.site, u.node, u.ns, u.sub, u.sta, u.en, u.cpu, u.wall, u.mem, u.out, now()
      FROM unnest(${rows.map((r) => r.submissionId)}::int[], ${col("batchJobId")}::text[], ${col("taskIndex")}::int[], ${col("status")}::text[],
                  ${col("exitCode")}::int[], ${col("holdReason")}::text[], ${col("holdReasonCode")}::int[], ${col("site")}::text[], ${col("node")}::text[],
                  ${col("numStarts")}::int[], ${col("submittedAt")}::timestamp[], ${col("startedAt")}::timestamp[], ${col("endedAt")}::timestamp[],
                  ${col("cpuSeconds")}::float8[], ${col("wallSeconds")}::float8[], ${col("memoryMb")}::int[], ${col("outputPath")}::text[])
           AS u(sid, jid, idx, st, ec, hr, hc, site, node, ns, sub, sta, en, cpu, wall, mem, out)
    ON CONFLICT ("submissionId", "batchJobId") DO UPDATE SET
      "taskIndex" = EXCLUDED."taskIndex", "status" = EXCLUDED."status", "exitCode" = EXCLUDED."exitCode", "holdReason" = EXCLUDED."holdReason",
      "holdReasonCode" = EXCLUDED."holdReasonCode", "site" = COALESCE(EXCLUDED."site", "Job"."site"), "node" = COALESCE(EXCLUDED."node", "Job"."node"),
      "numStarts" = GREATEST(EXCLUDED."numStarts", "Job"."numStarts"), "submittedAt" = COALESCE(EXCLUDED."submittedAt", "Job"."submittedAt"),
      "startedAt" = COALESCE(EXCLUDED."startedAt", "Job"."startedAt"), "endedAt" = COALESCE(EXCLUDED."endedAt", "Job"."endedAt"),
      "cpuSeconds" = COALESCE(EXCLUDED."cpuSeconds", "Job"."cpuSeconds"), "wallSeconds" = COALESCE(EXCLUDED."wallSeconds", "Job"."wallSeconds"),
      "memoryMb" = COALESCE(EXCLUDED."memoryMb", "Job"."memoryMb"), "outputPath" = COALESCE(EXCLUDED."outputPath", "Job"."outputPath"), "updatedAt" = now()
    WHERE ("Job"."taskIndex", "Job"."status", "Job"."exitCode", "Job"."holdReason", "Job"."holdReasonCode", "Job"."site", "Job"."node", "Job"."numStarts",
           "Job"."submittedAt", "Job"."startedAt", "Job"."endedAt", "Job"."cpuSeconds", "Job"."wallSeconds", "Job"."memoryMb", "Job"."outputPath")
          IS DISTINCT FROM
          (EXCLUDED."taskIndex", EXCLUDED."status", EXCLUDED."exitCode", EXCLUDED."holdReason", EXCLUDED."holdReasonCode", COALESCE(EXCLUDED."site", "Job"."site"),
           COALESCE(EXCLUDED."node", "Job"."node"), GREATEST(EXCLUDED."numStarts", "Job"."numStarts"), COALESCE(EXCLUDED."submittedAt", "Job"."submittedAt"),
           COALESCE(EXCLUDED."startedAt", "Job"."startedAt"), COALESCE(EXCLUDED."endedAt", "Job"."endedAt"), COALESCE(EXCLUDED."cpuSeconds", "Job"."cpuSeconds"),
           COALESCE(EXCLUDED."wallSeconds", "Job"."wallSeconds"), COALESCE(EXCLUDED."memoryMb", "Job"."memoryMb"), COALESCE(EXCLUDED."outputPath", "Job"."outputPath"))`;
  return n;
}

/** Jobs a per-job read no longer lists: last seen held → removed; queued or running → completed, exit unknown. */
async function endVanished(tx: Prisma.TransactionClient, reads: Read[]): Promise<number> {
  const perJob = reads.filter((r) => r.snapshot.kind === "jobs");
  if (!perJob.length) return 0;
  const sids: number[] = [];
  const jids: string[] = [];
  for (const r of perJob) {
    if (r.snapshot.kind !== "jobs") continue;
    for (const j of r.snapshot.jobs) {
      sids.push(r.submissionId);
      jids.push(j.batchJobId);
    }
  }
  return tx.$executeRaw`
    UPDATE "Job" j SET "status" = CASE WHEN j."status" = 'HELD' THEN 'REMOVED'::"JobStatus" ELSE 'COMPLETED'::"JobStatus" END, "updatedAt" = now()
     WHERE j."submissionId" = ANY(${perJob.map((r) => r.submissionId)}::int[]) AND j."status"::text = ANY(${ACTIVE_JOB}::text[])
       AND NOT EXISTS (SELECT 1 FROM unnest(${sids}::int[], ${jids}::text[]) AS s(sid, jid) WHERE s.sid = j."submissionId" AND s.jid = j."batchJobId")`;
}

/** Counts as lib/submissions/jobs.ts countJobs does (suspended counts as queued, transferring as running), in SQL. */
async function countsFromJobs(tx: Prisma.TransactionClient, ids: number[]): Promise<Map<number, JobCounts>> {
  if (!ids.length) return new Map();
  const rows = await tx.$queryRaw<({ sid: number } & JobCounts)[]>`
    SELECT "submissionId" AS sid,
           count(*) FILTER (WHERE "status" IN ('IDLE', 'SUSPENDED'))::int AS idle,
           count(*) FILTER (WHERE "status" IN ('RUNNING', 'TRANSFERRING'))::int AS running,
           count(*) FILTER (WHERE "status" = 'HELD')::int AS held,
           count(*) FILTER (WHERE "status" = 'COMPLETED' AND COALESCE("exitCode", 0) = 0)::int AS completed,
           count(*) FILTER (WHERE "status" = 'FAILED' OR ("status" = 'COMPLETED' AND "exitCode" <> 0))::int AS failed,
           count(*) FILTER (WHERE "status" = 'CANCELLED')::int AS cancelled,
           count(*) FILTER (WHERE "status" = 'REMOVED')::int AS removed
      FROM "Job" WHERE "submissionId" = ANY(${ids}::int[]) GROUP BY "submissionId"`;
  return new Map(rows.map(({ sid, ...c }) => [sid, c]));
}

const ZERO: JobCounts = { idle: 0, running: 0, held: 0, completed: 0, failed: 0, cancelled: 0, removed: 0 };

/** Applies one chunk of successful reads in one transaction. */
export async function applyReads(reads: Read[], now = new Date()): Promise<ApplyResult> {
  const result: ApplyResult = { jobsChanged: 0, jobsEnded: 0, jobsCounted: 0, inputFilesChanged: 0, submissionsChanged: 0, statusChanges: 0, byStage: new Map() };
  if (!reads.length) return result;
  reads = [...reads].sort((a, b) => a.submissionId - b.submissionId);
  const ids = reads.map((r) => r.submissionId);
  await db.$transaction(
    async (tx) => {
      // Lock the submissions first, in id order (the same order every writer uses).
      const subs = await tx.$queryRaw<SubRow[]>`
        SELECT s.id, s."stageId", s."status", s."jobsTotalMax", s."percentComplete", s."jobsIdle", s."jobsRunning", s."jobsHeld", s."jobsCompleted",
               s."jobsFailed", s."jobsCancelled", s."jobsRemoved", s."monitorDone", s."staleSince",
               st."softwareVersion", st."vomsRole", NULL AS "batchBackend", NULL AS "completionType", st."completionPct", st."failedRatio", '[]'::jsonb AS "paramOverrides", c."defaults"
          FROM "Submission" s JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "Campaign" c ON c.id = s."campaignId"
         WHERE s.id = ANY(${ids}::int[]) ORDER BY s.id FOR UPDATE OF s`;
      result.jobsChanged = await upsertJobs(tx, reads);
      result.jobsEnded = await endVanished(tx, reads);
      result.inputFilesChanged = await applyFileReports(tx, reads, now);
      if (result.inputFilesChanged) await uncountWholeInputs(tx, ids);
      const jobCounts = await countsFromJobs(tx, reads.filter((r) => r.snapshot.kind === "jobs").map((r) => r.submissionId));
      const byId = new Map(subs.map((s) => [s.id, s]));
      const upd: { id: number; status: SubmissionStatus; pct: number; max: number; c: JobCounts; done: boolean; changed: boolean; reason: string }[] = [];
      for (const r of reads) {
        const s = byId.get(r.submissionId);
        if (!s) continue;
        const counts = r.snapshot.kind === "counts" ? r.snapshot.counts : (jobCounts.get(r.submissionId) ?? ZERO);
        const eff = effectiveStage(s, s.defaults);
        const judged = judgeSubmission({ status: s.status, jobsTotalMax: s.jobsTotalMax }, { counts, done: r.snapshot.done }, { completionPct: eff.completionPct, failedRatio: eff.failedRatio });
        const changed = judged.status !== s.status;
        const same =
          !changed && judged.percentComplete === s.percentComplete && judged.jobsTotalMax === s.jobsTotalMax && r.snapshot.done === s.monitorDone && s.staleSince === null &&
          counts.idle === s.jobsIdle && counts.running === s.jobsRunning && counts.held === s.jobsHeld && counts.completed === s.jobsCompleted &&
          counts.failed === s.jobsFailed && counts.cancelled === s.jobsCancelled && counts.removed === s.jobsRemoved;
        if (!same) upd.push({ id: s.id, status: judged.status, pct: judged.percentComplete, max: judged.jobsTotalMax, c: counts, done: r.snapshot.done, changed, reason: judged.reason });
        const st = result.byStage.get(s.stageId) ?? { stageId: s.stageId, submissions: 0, jobsChanged: 0, statusChanges: [] };
        st.submissions++;
        if (changed) st.statusChanges.push({ submissionId: s.id, from: s.status, to: judged.status });
        result.byStage.set(s.stageId, st);
      }
      if (upd.length) {
        result.submissionsChanged = await tx.$executeRaw`
          UPDATE "Submission" s SET "status" = u.st::"SubmissionStatus", "percentComplete" = u.pct, "jobsTotalMax" = u.mx,
                 "jobsIdle" = u.i, "jobsRunning" = u.r, "jobsHeld" = u.h, "jobsCompleted" = u.c, "jobsFailed" = u.f, "jobsCancelled" = u.x, "jobsRemoved" = u.rm,
                 "monitorDone" = u.done, "staleSince" = NULL, "staleReason" = '', "pollFailures" = 0, "nextPollAt" = NULL,
                 "statusChangedAt" = CASE WHEN s."status"::text <> u.st THEN ${now} ELSE s."statusChangedAt" END, "updatedAt" = now()
            FROM unnest(${upd.map((u) => u.id)}::int[], ${upd.map((u) => u.status)}::text[], ${upd.map((u) => u.pct)}::float8[], ${upd.map((u) => u.max)}::int[],
                        ${upd.map((u) => u.c.idle)}::int[], ${upd.map((u) => u.c.running)}::int[], ${upd.map((u) => u.c.held)}::int[], ${upd.map((u) => u.c.completed)}::int[],
                        ${upd.map((u) => u.c.failed)}::int[], ${upd.map((u) => u.c.cancelled)}::int[], ${upd.map((u) => u.c.removed)}::int[], ${upd.map((u) => u.done)}::bool[])
                 AS u(id, st, pct, mx, i, r, h, c, f, x, rm, done)
           WHERE s.id = u.id`;
        const changes = upd.filter((u) => u.changed);
        if (changes.length) {
          result.statusChanges = await tx.$executeRaw`
            INSERT INTO "SubmissionEvent" ("submissionId", "status", "actorKind", "reason", "createdAt")
            SELECT u.id, u.st::"SubmissionStatus", 'SYSTEM', u.reason, ${now} FROM unnest(${changes.map((u) => u.id)}::int[], ${changes.map((u) => u.status)}::text[], ${changes.map((u) => u.reason)}::text[]) AS u(id, st, reason)
             WHERE (SELECT e."status"::text FROM "SubmissionEvent" e WHERE e."submissionId" = u.id ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) IS DISTINCT FROM u.st`;
        }
      }
      // The rollups of what changed (lib/rollups/maintain.ts), in this transaction.
      result.jobsCounted = await countEndedJobs(tx, ids, now);
      await countUnreportedInputs(tx, upd.filter((u) => u.changed && (u.status === "COMPLETED" || u.status === "FAILED")).map((u) => u.id), now);
      await sampleStages(tx, [...result.byStage.keys()], now);
      await tx.$executeRaw`UPDATE "Submission" SET "lastPolledAt" = ${now} WHERE id = ANY(${ids}::int[])`;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  return result;
}

/**
 * A failed read: the submission keeps its state, is marked stale since the first failure, and is read again only
 * after a backoff (30 s doubling with each consecutive failure, at most 10 minutes). One statement.
 */
export async function markStale(failures: { submissionId: number; message: string }[], now: Date): Promise<number> {
  if (!failures.length) return 0;
  return db.$executeRaw`
    UPDATE "Submission" s SET "staleSince" = COALESCE(s."staleSince", ${now}), "staleReason" = u.msg, "pollFailures" = s."pollFailures" + 1, "lastPolledAt" = ${now},
           "nextPollAt" = ${now}::timestamp + make_interval(secs => LEAST(30 * power(2, LEAST(s."pollFailures", 5)), 600))
      FROM unnest(${failures.map((f) => f.submissionId)}::int[], ${failures.map((f) => f.message.slice(0, 500))}::text[]) AS u(id, msg)
     WHERE s.id = u.id`;
}
