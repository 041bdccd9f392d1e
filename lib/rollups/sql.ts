/**
 * The rules of what the rollups count, as SQL fragments shared by the refresh's maintenance (maintain.ts) and the
 * rebuild (rebuild.ts), so that both count the same things the same way by construction. Pure counterparts of the
 * rules that tests compare against live in rules.ts.
 *
 * A job counts once, when it is first seen ended (completed, failed, removed or cancelled), in the hour it ended
 * (its `endedAt`; when the batch system gave none, the refresh that saw it ended). How it ended:
 *  - completed: COMPLETED with exit code 0 or unknown;
 *  - failed: FAILED, or COMPLETED with a non-zero exit code (as the submission's counts, lib/submissions/jobs.ts);
 *  - removed: REMOVED or CANCELLED.
 * A failure (FailureRollup) is a failed job, or a removed one that had a hold reason (held, then removed).
 */
import { Prisma } from "@/lib/generated/prisma/client";

export const ENDED_JOB = ["COMPLETED", "FAILED", "REMOVED", "CANCELLED"] as const;

/** Each kind of ending, for a job row aliased `j` (any relation with status, exitCode, holdReason). */
export const jobEnding = (j: string) => {
  const t = Prisma.raw(j);
  return {
    completed: Prisma.sql`(${t}."status" = 'COMPLETED' AND COALESCE(${t}."exitCode", 0) = 0)`,
    failed: Prisma.sql`(${t}."status" = 'FAILED' OR (${t}."status" = 'COMPLETED' AND ${t}."exitCode" <> 0))`,
    removed: Prisma.sql`(${t}."status" IN ('REMOVED', 'CANCELLED'))`,
    failure: Prisma.sql`(${t}."status" = 'FAILED' OR (${t}."status" = 'COMPLETED' AND ${t}."exitCode" <> 0) OR (${t}."status" IN ('REMOVED', 'CANCELLED') AND COALESCE(${t}."holdReason", '') <> ''))`,
  };
};

/** CPU efficiency bucket (cpu / wall in tenths, 9 = [0.9, 1], 10 = above 1); NULL when either is unknown or wall is 0. */
export const efficiencyBucketSql = (j: string) => {
  const t = Prisma.raw(j);
  return Prisma.sql`(CASE WHEN ${t}."cpuSeconds" IS NULL OR COALESCE(${t}."wallSeconds", 0) <= 0 THEN NULL
                          WHEN ${t}."cpuSeconds" > ${t}."wallSeconds" THEN 10
                          ELSE LEAST(9, floor(10 * ${t}."cpuSeconds" / ${t}."wallSeconds"))::int END)`;
};

export type RollupTables = { hours: string; failures: string; efficiency: string };
/** The tables the refresh keeps (quoted identifiers); the rebuild computes into temporary ones of the same shape. */
export const ROLLUP_TABLES: RollupTables = { hours: '"StageHourRollup"', failures: '"FailureRollup"', efficiency: '"EfficiencyRollup"' };

/**
 * The three rollup inserts over a relation `k` of newly counted ended jobs with columns "stageId", "campaignId",
 * "experimentId", hour, and the job's "status", "exitCode", "holdReason", "site", "cpuSeconds", "wallSeconds".
 * `mode` "add" adds to existing counters (the refresh); "set" replaces them (the rebuild, after clearing).
 * Returns the CTE bodies (without names) so callers put them in one statement.
 */
export function jobRollupInserts(k: string, mode: "add" | "set", into: RollupTables = ROLLUP_TABLES) {
  const e = jobEnding(k);
  const K = Prisma.raw(k);
  const add = (table: string, col: string) => (mode === "add" ? Prisma.raw(`"${col}" = ${table}."${col}" + EXCLUDED."${col}"`) : Prisma.raw(`"${col}" = EXCLUDED."${col}"`));
  const [H, F, E] = [Prisma.raw(into.hours), Prisma.raw(into.failures), Prisma.raw(into.efficiency)];
  const hours = Prisma.sql`
    INSERT INTO ${H} ("stageId", "hour", "campaignId", "experimentId", "jobsCompleted", "jobsFailed", "jobsRemoved", "cpuSeconds", "wallSeconds")
    SELECT ${K}."stageId", ${K}.hour, min(${K}."campaignId"), min(${K}."experimentId"),
           count(*) FILTER (WHERE ${e.completed})::int, count(*) FILTER (WHERE ${e.failed})::int, count(*) FILTER (WHERE ${e.removed})::int,
           COALESCE(sum(${K}."cpuSeconds"), 0), COALESCE(sum(${K}."wallSeconds"), 0)
      FROM ${K} GROUP BY 1, 2
    ON CONFLICT ("stageId", "hour") DO UPDATE SET ${add(into.hours, "jobsCompleted")}, ${add(into.hours, "jobsFailed")}, ${add(into.hours, "jobsRemoved")},
       ${add(into.hours, "cpuSeconds")}, ${add(into.hours, "wallSeconds")}`;
  const failures = Prisma.sql`
    INSERT INTO ${F} ("stageId", "hour", "exitCode", "holdReason", "site", "campaignId", "experimentId", "jobs")
    SELECT ${K}."stageId", ${K}.hour, COALESCE(${K}."exitCode", -1), COALESCE(${K}."holdReason", ''), COALESCE(${K}."site", ''), min(${K}."campaignId"), min(${K}."experimentId"), count(*)::int
      FROM ${K} WHERE ${e.failure} GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("stageId", "hour", "exitCode", "holdReason", "site") DO UPDATE SET ${add(into.failures, "jobs")}`;
  const efficiency = Prisma.sql`
    INSERT INTO ${E} ("stageId", "day", "bucket", "campaignId", "jobs")
    SELECT b."stageId", b.day, b.bucket, min(b."campaignId"), count(*)::int
      FROM (SELECT ${K}."stageId", date_trunc('day', ${K}.hour) AS day, ${efficiencyBucketSql(k)} AS bucket, ${K}."campaignId" FROM ${K}) b
     WHERE b.bucket IS NOT NULL GROUP BY 1, 2, 3
    ON CONFLICT ("stageId", "day", "bucket") DO UPDATE SET ${add(into.efficiency, "jobs")}`;
  return { hours, failures, efficiency };
}
