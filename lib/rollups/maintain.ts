/**
 * The rollups kept by the refresh, inside its write transaction (lib/submissions/refresh/apply.ts and
 * input-files.ts), from the rows that changed. Every statement is bulk over the chunk and idempotent: replaying the
 * same snapshot adds nothing. The kept counters always equal what the rebuild (rebuild.ts) computes from the rows.
 *
 *  - Jobs: an ended job is counted once, and what was counted is recorded on it (Job.countedAt, counted*). When a
 *    counted job's values change later (a vanished job, counted "completed, exit unknown", that the history read
 *    says failed with exit 65 at 09:58), the recorded contribution is taken back and the new one counted, in the
 *    same statement; a counted job listed as active again is taken back and counts again when it ends.
 *  - Input files with per-file reports (input-files.ts): each changed row's old and new state; a file newly
 *    consumed adds to filesDone in the hour of the refresh that saw it, newly failed to filesFailed; a failed file
 *    later consumed (a retried job) leaves filesFailed. A consumed file stays consumed (input-files.ts), so filesDone
 *    never decreases; a change of detail only counts nothing.
 *  - Submissions whose jobs report nothing per file (jobsub, Slurm through ssh, aggregated monitors): counted once,
 *    when the submission first reaches Completed or Failed; every input is done when every job finished well,
 *    otherwise every input is failed (the rule the recovery follows, lib/chains/recovery-files.ts). Recorded on the
 *    submission (inputsCounted*) and taken back if per-file reports arrive after all.
 *  - Sampled job states: per stage, the idle/running/held jobs of its active submissions at this run, overwriting
 *    earlier samples of the same hour (a gauge, not a counter: not rebuilt).
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { COUNTED_COLUMNS, ENDED_JOB, countedColumn, jobHourSql, jobRollupInserts } from "./sql";

type Tx = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

/**
 * Keeps the job rollups of these submissions' jobs in step with the rows: an ended job not yet counted is counted
 * (and what was counted recorded on it: Job.counted*); a counted job whose values changed since (its ending, exit
 * code, hold reason, site, CPU or wall time, or hour) has the recorded contribution taken back and the new one
 * counted; a counted job that is no longer ended is taken back and unmarked (it counts again when it ends). One
 * statement. Returns how many jobs were newly counted.
 */
export async function countEndedJobs(tx: Tx, submissionIds: number[], now: Date): Promise<number> {
  if (!submissionIds.length) return 0;
  const ins = jobRollupInserts("k", "add");
  const isEnded = Prisma.sql`j."status"::text = ANY(${ENDED_JOB as unknown as string[]}::text[])`;
  const at = Prisma.sql`COALESCE(j."countedAt", ${now}::timestamp)`;
  const hour = jobHourSql("j", "s", at);
  const cur = Prisma.raw(COUNTED_COLUMNS.map((c) => `j."${c}"`).join(", "));
  const rec = Prisma.raw(COUNTED_COLUMNS.map((c) => `j."${countedColumn(c)}"`).join(", "));
  const set = Prisma.join(COUNTED_COLUMNS.map((c) => Prisma.sql`${Prisma.raw(`"${countedColumn(c)}"`)} = CASE WHEN ${isEnded} THEN ${Prisma.raw(`j."${c}"`)} END`));
  const was = Prisma.raw(COUNTED_COLUMNS.map((c) => `o."${countedColumn(c)}" AS "was_${c}"`).join(", "));
  const is = Prisma.raw(COUNTED_COLUMNS.map((c) => `j."${countedColumn(c)}" AS "is_${c}"`).join(", "));
  const pick = (p: "was" | "is") => Prisma.raw(COUNTED_COLUMNS.map((c) => `c."${p}_${c}" AS "${c}"`).join(", "));
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH c AS (
      UPDATE "Job" j SET "countedAt" = CASE WHEN ${isEnded} THEN ${at} END, "countedHour" = CASE WHEN ${isEnded} THEN ${hour} END,
             ${set}
        FROM "Submission" s, "Job" o
       WHERE j."submissionId" = ANY(${submissionIds}::int[]) AND s.id = j."submissionId" AND o.id = j.id
         AND ((j."countedAt" IS NULL AND ${isEnded})
              OR (j."countedAt" IS NOT NULL AND (NOT ${isEnded} OR (${cur}, ${hour}) IS DISTINCT FROM (${rec}, j."countedHour"))))
      RETURNING s."stageId", s."campaignId", s."experimentId", o."countedAt" AS "wasAt", o."countedHour" AS "wasHour", ${was},
                j."countedAt" AS "isAt", j."countedHour" AS "isHour", ${is}
    ), k AS (
      SELECT c."stageId", c."campaignId", c."experimentId", -1 AS sign, c."wasHour" AS hour, ${pick("was")} FROM c WHERE c."wasAt" IS NOT NULL
      UNION ALL
      SELECT c."stageId", c."campaignId", c."experimentId", 1, c."isHour", ${pick("is")} FROM c WHERE c."isAt" IS NOT NULL
    ), h AS (${ins.hours}), f AS (${ins.failures}), e AS (${ins.efficiency})
    SELECT count(*) FILTER (WHERE "wasAt" IS NULL AND "isAt" IS NOT NULL)::int AS n FROM c`;
  return rows[0]?.n ?? 0;
}

/**
 * The rollup of per-file changes, as a CTE body reading `changed` (columns: "submissionId", was, "wasAt", "is",
 * "isAt": the input row's status and updatedAt before and after). input-files.ts puts it in its own statement.
 * Only a change of state counts: a file newly consumed adds to filesDone in the hour of the change, newly failed to
 * filesFailed; a failed file later consumed (a retried job) leaves filesFailed in the hour it was counted. A change
 * of detail only (another job named) touches nothing. Decrements never make a counter negative, nor create a row.
 */
export function fileRollupSql(changed: string): Prisma.Sql {
  const C = Prisma.raw(changed);
  return Prisma.sql`
    INSERT INTO "StageHourRollup" AS r ("stageId", "hour", "campaignId", "experimentId", "filesDone", "filesFailed")
    SELECT d."stageId", d.hour, d."campaignId", d."experimentId",
           CASE WHEN x.here THEN d.done ELSE GREATEST(d.done, 0) END, CASE WHEN x.here THEN d.failed ELSE GREATEST(d.failed, 0) END
      FROM (SELECT s."stageId", v.hour, min(s."campaignId") AS "campaignId", min(s."experimentId") AS "experimentId", sum(v.done)::int AS done, sum(v.failed)::int AS failed
              FROM ${C} ch JOIN "Submission" s ON s.id = ch."submissionId"
              CROSS JOIN LATERAL (VALUES
                (date_trunc('hour', ch."isAt"), CASE WHEN ch."is" = 'CONSUMED' THEN 1 ELSE 0 END, CASE WHEN ch."is" = 'FAILED' THEN 1 ELSE 0 END),
                (date_trunc('hour', ch."wasAt"), CASE WHEN ch.was = 'CONSUMED' THEN -1 ELSE 0 END, CASE WHEN ch.was = 'FAILED' THEN -1 ELSE 0 END)
              ) AS v(hour, done, failed)
             WHERE ch.was IS DISTINCT FROM ch."is"
             GROUP BY 1, 2) d
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM "StageHourRollup" o WHERE o."stageId" = d."stageId" AND o."hour" = d.hour) AS here) x
     WHERE d.done <> 0 OR d.failed <> 0
    ON CONFLICT ("stageId", "hour") DO UPDATE SET "filesDone" = GREATEST(0, r."filesDone" + EXCLUDED."filesDone"), "filesFailed" = GREATEST(0, r."filesFailed" + EXCLUDED."filesFailed")`;
}

/**
 * Inputs of submissions that just reached Completed or Failed and whose jobs reported nothing per file: counted
 * once (the first time the submission reached either state, by its history), as done when every job finished well,
 * else as failed, and recorded on the submission (inputsCounted*). Call after the submissions' counts and history
 * entries are written.
 */
export async function countUnreportedInputs(tx: Tx, submissionIds: number[], now: Date): Promise<number> {
  if (!submissionIds.length) return 0;
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH d AS (
      SELECT s.id, s."stageId", s."campaignId", s."experimentId",
             (s."jobsFailed" + s."jobsRemoved" + s."jobsCancelled" = 0 AND s."jobsCompleted" > 0) AS good,
             (SELECT count(*) FROM "SubmissionFile" sf WHERE sf."submissionId" = s.id AND sf."role" = 'INPUT')::int AS inputs
        FROM "Submission" s
       WHERE s.id = ANY(${submissionIds}::int[]) AND s."inputsCountedAt" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "SubmissionFile" r WHERE r."submissionId" = s.id AND r."role" = 'INPUT' AND r."status" IN ('CONSUMED', 'FAILED'))
         AND (SELECT count(*) FROM "SubmissionEvent" e WHERE e."submissionId" = s.id AND e."status" IN ('COMPLETED', 'FAILED')) = 1
    ), m AS (
      UPDATE "Submission" s SET "inputsCountedAt" = ${now}, "inputsCountedDone" = CASE WHEN d.good THEN d.inputs ELSE 0 END,
             "inputsCountedFailed" = CASE WHEN d.good THEN 0 ELSE d.inputs END
        FROM d WHERE s.id = d.id AND d.inputs > 0
    ), i AS (
      INSERT INTO "StageHourRollup" AS r ("stageId", "hour", "campaignId", "experimentId", "filesDone", "filesFailed")
      SELECT "stageId", date_trunc('hour', ${now}::timestamp), min("campaignId"), min("experimentId"),
             sum(CASE WHEN good THEN inputs ELSE 0 END)::int, sum(CASE WHEN good THEN 0 ELSE inputs END)::int
        FROM d WHERE inputs > 0 GROUP BY 1
      ON CONFLICT ("stageId", "hour") DO UPDATE SET "filesDone" = r."filesDone" + EXCLUDED."filesDone", "filesFailed" = r."filesFailed" + EXCLUDED."filesFailed"
    )
    SELECT COALESCE(sum(inputs), 0)::int AS n FROM d`;
  return rows[0]?.n ?? 0;
}

/**
 * Submissions whose inputs were counted whole (countUnreportedInputs) and that now have a per-file report (the
 * reports arrived after the submission ended): the whole count is taken back, from the hour it was counted in, and
 * the per-file rows count from here on (fileRollupSql). Call after the per-file reports are applied. Returns how
 * many submissions were taken back.
 */
export async function uncountWholeInputs(tx: Tx, submissionIds: number[]): Promise<number> {
  if (!submissionIds.length) return 0;
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH u AS (
      UPDATE "Submission" s SET "inputsCountedAt" = NULL, "inputsCountedDone" = NULL, "inputsCountedFailed" = NULL
        FROM "Submission" o
       WHERE s.id = ANY(${submissionIds}::int[]) AND o.id = s.id AND s."inputsCountedAt" IS NOT NULL
         AND EXISTS (SELECT 1 FROM "SubmissionFile" r WHERE r."submissionId" = s.id AND r."role" = 'INPUT' AND r."status" IN ('CONSUMED', 'FAILED'))
      RETURNING s."stageId", date_trunc('hour', o."inputsCountedAt") AS hour, COALESCE(o."inputsCountedDone", 0) AS done, COALESCE(o."inputsCountedFailed", 0) AS failed
    ), t AS (
      UPDATE "StageHourRollup" r SET "filesDone" = GREATEST(0, r."filesDone" - g.done), "filesFailed" = GREATEST(0, r."filesFailed" - g.failed)
        FROM (SELECT "stageId", hour, sum(done)::int AS done, sum(failed)::int AS failed FROM u GROUP BY 1, 2) g
       WHERE r."stageId" = g."stageId" AND r."hour" = g.hour
    )
    SELECT count(*)::int AS n FROM u`;
  return rows[0]?.n ?? 0;
}

const ACTIVE_SUBMISSION = ["IDLE", "RUNNING", "HELD"];

/** The jobs idle, running and held per stage (over its active submissions) at this run, into this hour's row. */
export async function sampleStages(tx: Tx, stageIds: number[], now: Date): Promise<number> {
  if (!stageIds.length) return 0;
  return tx.$executeRaw`
    INSERT INTO "StageHourRollup" AS r ("stageId", "hour", "campaignId", "experimentId", "sampleIdle", "sampleRunning", "sampleHeld", "sampledAt")
    SELECT st.id, date_trunc('hour', ${now}::timestamp), st."campaignId", c."experimentId",
           COALESCE(sum(s."jobsIdle"), 0)::int, COALESCE(sum(s."jobsRunning"), 0)::int, COALESCE(sum(s."jobsHeld"), 0)::int, ${now}
      FROM "CampaignStage" st JOIN "Campaign" c ON c.id = st."campaignId"
      LEFT JOIN "Submission" s ON s."stageId" = st.id AND s."status"::text = ANY(${ACTIVE_SUBMISSION}::text[])
     WHERE st.id = ANY(${stageIds}::int[])
     GROUP BY st.id, st."campaignId", c."experimentId"
    ON CONFLICT ("stageId", "hour") DO UPDATE SET "sampleIdle" = EXCLUDED."sampleIdle", "sampleRunning" = EXCLUDED."sampleRunning",
       "sampleHeld" = EXCLUDED."sampleHeld", "sampledAt" = EXCLUDED."sampledAt"
     WHERE r."sampledAt" IS NULL OR r."sampledAt" <= EXCLUDED."sampledAt"`;
}
