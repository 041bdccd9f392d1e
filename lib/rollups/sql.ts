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
 * The hour is clamped between the submission's creation and when the job was counted (a batch system's clock
 * cannot put an ending before its submission or in the future): `jobHourSql`.
 *
 * What was counted is recorded on the job (Job.counted*): when the job's values change later (a vanished job's
 * history read says it failed, exit 65, at 09:58), the refresh takes the recorded contribution back and counts the
 * new one, so that the kept counters always equal the rebuild's.
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

/**
 * The hour a job counts in: its end (else `countedAt`), clamped between its submission's creation and `countedAt`
 * (when the refresh first counted it: "now" then). `j` is the job, `s` its submission, `countedAt` an SQL value.
 */
export const jobHourSql = (j: string, s: string, countedAt: Prisma.Sql) => {
  const [J, S] = [Prisma.raw(j), Prisma.raw(s)];
  return Prisma.sql`date_trunc('hour', LEAST(GREATEST(COALESCE(${J}."endedAt", ${countedAt}), ${S}."createdAt"), ${countedAt}))`;
};

/** The job's values the rollups count, and the columns that record what was counted of each (Job.counted*). */
export const COUNTED_COLUMNS = ["status", "exitCode", "holdReason", "site", "cpuSeconds", "wallSeconds"] as const;
export const countedColumn = (c: string) => `counted${c[0].toUpperCase()}${c.slice(1)}`;

export type RollupTables = { hours: string; failures: string; efficiency: string };
/** The tables the refresh keeps (quoted identifiers); the rebuild computes into temporary ones of the same shape. */
export const ROLLUP_TABLES: RollupTables = { hours: '"StageHourRollup"', failures: '"FailureRollup"', efficiency: '"EfficiencyRollup"' };

/**
 * The three rollup inserts over a relation `k` of counted ended jobs with columns "stageId", "campaignId",
 * "experimentId", hour, sign (+1 counts the job, −1 takes back an earlier count of it), and the job's "status",
 * "exitCode", "holdReason", "site", "cpuSeconds", "wallSeconds".
 * `mode` "add" adds the signed sums to existing counters (the refresh; a counter never goes below zero and a
 * take-back never creates a negative row); "set" replaces them (the rebuild, after clearing, all signs +1).
 * Returns the CTE bodies (without names) so callers put them in one statement.
 */
export function jobRollupInserts(k: string, mode: "add" | "set", into: RollupTables = ROLLUP_TABLES) {
  const e = jobEnding(k);
  const K = Prisma.raw(k);
  const add = (table: string, col: string) =>
    mode === "add" ? Prisma.raw(`"${col}" = GREATEST(0, ${table}."${col}" + EXCLUDED."${col}")`) : Prisma.raw(`"${col}" = EXCLUDED."${col}"`);
  // A new row (no counter there yet) starts at zero at least: a take-back of a count a lost row held adds nothing.
  const fresh = (v: string, table: string, keys: string[]) =>
    Prisma.raw(mode === "add" ? `CASE WHEN EXISTS (SELECT 1 FROM ${table} o WHERE ${keys.map((c) => `o."${c}" = g."${c}"`).join(" AND ")}) THEN ${v} ELSE GREATEST(${v}, 0) END` : v);
  const [H, F, E] = [Prisma.raw(into.hours), Prisma.raw(into.failures), Prisma.raw(into.efficiency)];
  const hk = ["stageId", "hour"];
  const hours = Prisma.sql`
    INSERT INTO ${H} ("stageId", "hour", "campaignId", "experimentId", "jobsCompleted", "jobsFailed", "jobsRemoved", "cpuSeconds", "wallSeconds")
    SELECT g."stageId", g.hour, g."campaignId", g."experimentId", ${fresh("g.completed", into.hours, hk)}, ${fresh("g.failed", into.hours, hk)},
           ${fresh("g.removed", into.hours, hk)}, ${fresh("g.cpu", into.hours, hk)}, ${fresh("g.wall", into.hours, hk)}
      FROM (SELECT ${K}."stageId", ${K}.hour, min(${K}."campaignId") AS "campaignId", min(${K}."experimentId") AS "experimentId",
                   COALESCE(sum(${K}.sign) FILTER (WHERE ${e.completed}), 0)::int AS completed, COALESCE(sum(${K}.sign) FILTER (WHERE ${e.failed}), 0)::int AS failed,
                   COALESCE(sum(${K}.sign) FILTER (WHERE ${e.removed}), 0)::int AS removed,
                   COALESCE(sum(${K}.sign * ${K}."cpuSeconds"), 0)::float8 AS cpu, COALESCE(sum(${K}.sign * ${K}."wallSeconds"), 0)::float8 AS wall
              FROM ${K} GROUP BY 1, 2) g
    ON CONFLICT ("stageId", "hour") DO UPDATE SET ${add(into.hours, "jobsCompleted")}, ${add(into.hours, "jobsFailed")}, ${add(into.hours, "jobsRemoved")},
       ${add(into.hours, "cpuSeconds")}, ${add(into.hours, "wallSeconds")}`;
  const fk = ["stageId", "hour", "exitCode", "holdReason", "site"];
  const failures = Prisma.sql`
    INSERT INTO ${F} ("stageId", "hour", "exitCode", "holdReason", "site", "campaignId", "experimentId", "jobs")
    SELECT g."stageId", g.hour, g."exitCode", g."holdReason", g.site, g."campaignId", g."experimentId", ${fresh("g.jobs", into.failures, fk)}
      FROM (SELECT ${K}."stageId", ${K}.hour, COALESCE(${K}."exitCode", -1) AS "exitCode", COALESCE(${K}."holdReason", '') AS "holdReason", COALESCE(${K}."site", '') AS site,
                   min(${K}."campaignId") AS "campaignId", min(${K}."experimentId") AS "experimentId", sum(${K}.sign)::int AS jobs
              FROM ${K} WHERE ${e.failure} GROUP BY 1, 2, 3, 4, 5) g
     WHERE g.jobs <> 0
    ON CONFLICT ("stageId", "hour", "exitCode", "holdReason", "site") DO UPDATE SET ${add(into.failures, "jobs")}`;
  const ek = ["stageId", "day", "bucket"];
  const efficiency = Prisma.sql`
    INSERT INTO ${E} ("stageId", "day", "bucket", "campaignId", "jobs")
    SELECT g."stageId", g.day, g.bucket, g."campaignId", ${fresh("g.jobs", into.efficiency, ek)}
      FROM (SELECT b."stageId", b.day, b.bucket, min(b."campaignId") AS "campaignId", sum(b.sign)::int AS jobs
              FROM (SELECT ${K}."stageId", date_trunc('day', ${K}.hour) AS day, ${efficiencyBucketSql(k)} AS bucket, ${K}."campaignId", ${K}.sign FROM ${K}) b
             WHERE b.bucket IS NOT NULL GROUP BY 1, 2, 3) g
     WHERE g.jobs <> 0
    ON CONFLICT ("stageId", "day", "bucket") DO UPDATE SET ${add(into.efficiency, "jobs")}`;
  return { hours, failures, efficiency };
}
