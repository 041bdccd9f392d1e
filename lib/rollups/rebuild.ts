/**
 * The rollups' counters recomputed from the raw rows (Job, SubmissionFile, SubmissionEvent), by the same rules the
 * refresh keeps them with (sql.ts, maintain.ts). `rollupDifferences` compares; `rebuildRollups` replaces. The
 * sampled job-state columns (sample*) are the monitor's counts at each run: they cannot be rebuilt and are kept.
 *
 * From the raw rows:
 *  - an ended job counts in the hour of its `endedAt`, else of when the refresh counted it (`countedAt`), else of
 *    its last change, clamped between its submission's creation and that time (sql.ts jobHourSql);
 *  - an input consumed or failed by a per-file report counts in the hour its row last changed;
 *  - the inputs of a submission with no per-file report count in the hour it first reached Completed or Failed
 *    (its history), as done when every job finished well, else as failed.
 */
// Not "server-only": the demo seed (scripts outside Next) rebuilds its history with its own client.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { JOB_LOCK } from "@/lib/background/job-lock";
import { COUNTED_COLUMNS, ENDED_JOB, countedColumn, jobHourSql, jobRollupInserts, type RollupTables } from "./sql";

type Client = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

const ended = Prisma.sql`${ENDED_JOB as unknown as string[]}::text[]`;

/** Which stages a check or rebuild covers: every stage, or the listed ones. */
export type Scope = { stageIds?: number[] };
const inScope = (col: string, scope: Scope) => (scope.stageIds ? Prisma.sql`${Prisma.raw(col)} = ANY(${scope.stageIds}::int[])` : Prisma.sql`true`);

/** When the refresh counted a job (or, never counted, its last change): the upper bound of its hour. */
const countedAtSql = Prisma.sql`COALESCE(j."countedAt", j."updatedAt")`;

/** Every ended job, as the relation the rollup inserts read. */
const endedJobs = (scope: Scope) => Prisma.sql`
  SELECT s."stageId", s."campaignId", s."experimentId", 1 AS sign, j."status"::text AS "status", j."exitCode", j."holdReason", j."site", j."cpuSeconds", j."wallSeconds",
         ${jobHourSql("j", "s", countedAtSql)} AS hour
    FROM "Job" j JOIN "Submission" s ON s.id = j."submissionId"
   WHERE j."status"::text = ANY(${ended}) AND ${inScope('s."stageId"', scope)}`;

/** Submissions with no per-file report that reached Completed or Failed: their inputs counted whole, when and how. */
const wholeCounts = (scope: Scope) => Prisma.sql`
  SELECT s.id, s."stageId", s."campaignId", s."experimentId", fe.at, CASE WHEN good THEN fi.n ELSE 0 END AS done, CASE WHEN good THEN 0 ELSE fi.n END AS failed
    FROM "Submission" s
    CROSS JOIN LATERAL (SELECT min(e."createdAt") AS at FROM "SubmissionEvent" e WHERE e."submissionId" = s.id AND e."status" IN ('COMPLETED', 'FAILED')) fe
    CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM "SubmissionFile" sf WHERE sf."submissionId" = s.id AND sf."role" = 'INPUT') fi
    CROSS JOIN LATERAL (SELECT (s."jobsFailed" + s."jobsRemoved" + s."jobsCancelled" = 0 AND s."jobsCompleted" > 0) AS good) g
   WHERE fe.at IS NOT NULL AND fi.n > 0 AND ${inScope('s."stageId"', scope)}
     AND NOT EXISTS (SELECT 1 FROM "SubmissionFile" r WHERE r."submissionId" = s.id AND r."role" = 'INPUT' AND r."status" IN ('CONSUMED', 'FAILED'))`;

/** Files done and failed per stage and hour, from the input rows and, for submissions with no per-file report, their history. */
const fileCounts = (scope: Scope) => Prisma.sql`
  SELECT "stageId", hour, min("campaignId") AS "campaignId", min("experimentId") AS "experimentId", sum(done)::int AS "filesDone", sum(failed)::int AS "filesFailed"
    FROM (
      SELECT s."stageId", s."campaignId", s."experimentId", date_trunc('hour', sf."updatedAt") AS hour,
             CASE WHEN sf."status" = 'CONSUMED' THEN 1 ELSE 0 END AS done, CASE WHEN sf."status" = 'FAILED' THEN 1 ELSE 0 END AS failed
        FROM "SubmissionFile" sf JOIN "Submission" s ON s.id = sf."submissionId"
       WHERE sf."role" = 'INPUT' AND sf."status" IN ('CONSUMED', 'FAILED') AND ${inScope('s."stageId"', scope)}
      UNION ALL
      SELECT w."stageId", w."campaignId", w."experimentId", date_trunc('hour', w.at), w.done, w.failed FROM (${wholeCounts(scope)}) w
    ) x
   GROUP BY 1, 2`;

export type RollupDifference = { table: "StageHourRollup" | "FailureRollup" | "EfficiencyRollup"; key: string; column: string; kept: number; rebuilt: number };

const TEMP: RollupTables = { hours: "rb_hours", failures: "rb_failures", efficiency: "rb_efficiency" };

/** The rebuilt counters as three temporary tables (rb_hours, rb_failures, rb_efficiency), dropped at the transaction's end. */
async function computeInto(tx: Client, scope: Scope): Promise<void> {
  await tx.$executeRaw`CREATE TEMP TABLE rb_hours (LIKE "StageHourRollup" INCLUDING DEFAULTS) ON COMMIT DROP`;
  await tx.$executeRaw`ALTER TABLE rb_hours ADD PRIMARY KEY ("stageId", "hour")`;
  await tx.$executeRaw`CREATE TEMP TABLE rb_failures (LIKE "FailureRollup" INCLUDING DEFAULTS) ON COMMIT DROP`;
  await tx.$executeRaw`ALTER TABLE rb_failures ADD PRIMARY KEY ("stageId", "hour", "exitCode", "holdReason", "site")`;
  await tx.$executeRaw`CREATE TEMP TABLE rb_efficiency (LIKE "EfficiencyRollup" INCLUDING DEFAULTS) ON COMMIT DROP`;
  await tx.$executeRaw`ALTER TABLE rb_efficiency ADD PRIMARY KEY ("stageId", "day", "bucket")`;
  const ins = jobRollupInserts("k", "set", TEMP);
  await tx.$executeRaw`WITH k AS (${endedJobs(scope)}), h AS (${ins.hours}), f AS (${ins.failures}) ${ins.efficiency}`;
  await tx.$executeRaw`
    INSERT INTO rb_hours AS r ("stageId", "hour", "campaignId", "experimentId", "filesDone", "filesFailed")
    SELECT "stageId", hour, "campaignId", "experimentId", "filesDone", "filesFailed" FROM (${fileCounts(scope)}) fc
    ON CONFLICT ("stageId", "hour") DO UPDATE SET "filesDone" = EXCLUDED."filesDone", "filesFailed" = EXCLUDED."filesFailed"`;
}

const HOUR_COUNTERS = ["filesDone", "filesFailed", "jobsCompleted", "jobsFailed", "jobsRemoved", "cpuSeconds", "wallSeconds"] as const;

/** Kept counters against rebuilt ones, in the caller's transaction (rows only one side has count as zeros on the other). */
async function compare(tx: Client, limit: number, scope: Scope): Promise<RollupDifference[]> {
  const out: RollupDifference[] = [];
  const differs = (c: string) => Prisma.raw(`abs(COALESCE(a."${c}", 0) - COALESCE(b."${c}", 0)) > 1e-6 * GREATEST(1, abs(COALESCE(a."${c}", 0)))`);
  const hourRows = await tx.$queryRaw<({ stageId: number; hour: Date } & Record<string, number | null>)[]>`
    SELECT COALESCE(a."stageId", b."stageId") AS "stageId", COALESCE(a."hour", b."hour") AS hour,
           ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`a."${c}"::float8 AS "kept_${c}", b."${c}"::float8 AS "rebuilt_${c}"`)))}
      FROM "StageHourRollup" a FULL JOIN rb_hours b ON a."stageId" = b."stageId" AND a."hour" = b."hour"
     WHERE (${Prisma.join(HOUR_COUNTERS.map(differs), " OR ")}) AND ${inScope('COALESCE(a."stageId", b."stageId")', scope)}
     ORDER BY 1, 2 LIMIT ${limit}`;
  for (const r of hourRows)
    for (const c of HOUR_COUNTERS) {
      const kept = r[`kept_${c}`] ?? 0;
      const rebuilt = r[`rebuilt_${c}`] ?? 0;
      if (Math.abs(kept - rebuilt) > 1e-6 * Math.max(1, Math.abs(kept))) out.push({ table: "StageHourRollup", key: `stage ${r.stageId}, ${r.hour.toISOString()}`, column: c, kept, rebuilt });
    }
  const failureRows = await tx.$queryRaw<{ stageId: number; hour: Date; exitCode: number; holdReason: string; site: string; kept: number; rebuilt: number }[]>`
    SELECT COALESCE(a."stageId", b."stageId") AS "stageId", COALESCE(a."hour", b."hour") AS hour, COALESCE(a."exitCode", b."exitCode") AS "exitCode",
           COALESCE(a."holdReason", b."holdReason") AS "holdReason", COALESCE(a."site", b."site") AS site, COALESCE(a."jobs", 0) AS kept, COALESCE(b."jobs", 0) AS rebuilt
      FROM "FailureRollup" a FULL JOIN rb_failures b
        ON a."stageId" = b."stageId" AND a."hour" = b."hour" AND a."exitCode" = b."exitCode" AND a."holdReason" = b."holdReason" AND a."site" = b."site"
     WHERE COALESCE(a."jobs", 0) <> COALESCE(b."jobs", 0) AND ${inScope('COALESCE(a."stageId", b."stageId")', scope)} ORDER BY 1, 2 LIMIT ${limit}`;
  for (const r of failureRows)
    out.push({ table: "FailureRollup", key: `stage ${r.stageId}, ${r.hour.toISOString()}, exit ${r.exitCode}, hold "${r.holdReason}", site "${r.site}"`, column: "jobs", kept: r.kept, rebuilt: r.rebuilt });
  const effRows = await tx.$queryRaw<{ stageId: number; day: Date; bucket: number; kept: number; rebuilt: number }[]>`
    SELECT COALESCE(a."stageId", b."stageId") AS "stageId", COALESCE(a."day", b."day") AS day, COALESCE(a."bucket", b."bucket") AS bucket,
           COALESCE(a."jobs", 0) AS kept, COALESCE(b."jobs", 0) AS rebuilt
      FROM "EfficiencyRollup" a FULL JOIN rb_efficiency b ON a."stageId" = b."stageId" AND a."day" = b."day" AND a."bucket" = b."bucket"
     WHERE COALESCE(a."jobs", 0) <> COALESCE(b."jobs", 0) AND ${inScope('COALESCE(a."stageId", b."stageId")', scope)} ORDER BY 1, 2, 3 LIMIT ${limit}`;
  for (const r of effRows) out.push({ table: "EfficiencyRollup", key: `stage ${r.stageId}, ${r.day.toISOString().slice(0, 10)}, bucket ${r.bucket}`, column: "jobs", kept: r.kept, rebuilt: r.rebuilt });
  return out.slice(0, limit);
}

/** Holds the refresh's lock for the transaction, so no refresh counts while the rebuild reads or replaces. */
async function lockRefresh(tx: Client): Promise<void> {
  const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${JOB_LOCK}::int, hashtext('refresh')) AS locked`;
  if (!locked) throw new Error("A refresh is running; try again when it has finished (a run takes seconds to a few minutes).");
}

/**
 * The kept counters that differ from the rebuilt ones (read-only; at most `limit`). It takes no lock: while a
 * refresh is writing, a difference may be a count in flight (check again).
 */
export async function rollupDifferences(client: PrismaClient, scope: Scope = {}, limit = 1000): Promise<RollupDifference[]> {
  return client.$transaction(
    async (tx) => {
      await computeInto(tx, scope);
      return compare(tx, limit, scope);
    },
    { timeout: 600_000, maxWait: 20_000 },
  );
}

export type RebuildReport = { differences: number; hours: number; failures: number; efficiency: number; jobsMarked: number; jobsUnmarked: number };

/**
 * Replaces every counter with the rebuilt one, keeping the sampled columns; marks every ended job counted (and
 * unmarks counted jobs that are no longer ended, so they count when they end) so that the refresh goes on from
 * here without counting anything twice. One transaction, under the refresh's lock.
 */
export async function rebuildRollups(client: PrismaClient, scope: Scope = {}): Promise<RebuildReport> {
  return client.$transaction(
    async (tx) => {
      await lockRefresh(tx);
      await computeInto(tx, scope);
      const differences = (await compare(tx, 1_000_000, scope)).length;
      const stage = inScope('"stageId"', scope);
      await tx.$executeRaw`UPDATE "StageHourRollup" SET ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`"${c}" = 0`)))} WHERE ${stage}`;
      const hours = await tx.$executeRaw`
        INSERT INTO "StageHourRollup" ("stageId", "hour", "campaignId", "experimentId", ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`"${c}"`)))})
        SELECT "stageId", "hour", "campaignId", "experimentId", ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`"${c}"`)))} FROM rb_hours
        ON CONFLICT ("stageId", "hour") DO UPDATE SET ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`"${c}" = EXCLUDED."${c}"`)))}`;
      await tx.$executeRaw`
        DELETE FROM "StageHourRollup" WHERE ${stage} AND "sampledAt" IS NULL AND ${Prisma.join(HOUR_COUNTERS.map((c) => Prisma.raw(`"${c}" = 0`)), " AND ")}`;
      await tx.$executeRaw`DELETE FROM "FailureRollup" WHERE ${stage}`;
      const failures = await tx.$executeRaw`INSERT INTO "FailureRollup" SELECT * FROM rb_failures`;
      await tx.$executeRaw`DELETE FROM "EfficiencyRollup" WHERE ${stage}`;
      const efficiency = await tx.$executeRaw`INSERT INTO "EfficiencyRollup" SELECT * FROM rb_efficiency`;
      const jobs = Prisma.sql`"submissionId" IN (SELECT id FROM "Submission" WHERE ${stage})`;
      const jobsMarked = await tx.$executeRaw`
        UPDATE "Job" SET "countedAt" = "updatedAt" WHERE "countedAt" IS NULL AND "status"::text = ANY(${ended}) AND ${jobs}`;
      // What each ended job was counted as, as the refresh records it (maintain.ts), so it takes back exactly this.
      const cur = Prisma.raw(COUNTED_COLUMNS.map((c) => `j."${c}"`).join(", "));
      const rec = Prisma.raw(COUNTED_COLUMNS.map((c) => `j."${countedColumn(c)}"`).join(", "));
      await tx.$executeRaw`
        UPDATE "Job" j SET "countedHour" = ${jobHourSql("j", "s", countedAtSql)}, ${Prisma.raw(COUNTED_COLUMNS.map((c) => `"${countedColumn(c)}" = j."${c}"`).join(", "))}
          FROM "Submission" s
         WHERE s.id = j."submissionId" AND ${inScope('s."stageId"', scope)} AND j."status"::text = ANY(${ended})
           AND (${cur}, ${jobHourSql("j", "s", countedAtSql)}) IS DISTINCT FROM (${rec}, j."countedHour")`;
      const jobsUnmarked = await tx.$executeRaw`
        UPDATE "Job" SET "countedAt" = NULL, "countedHour" = NULL, ${Prisma.raw(COUNTED_COLUMNS.map((c) => `"${countedColumn(c)}" = NULL`).join(", "))}
         WHERE "countedAt" IS NOT NULL AND NOT ("status"::text = ANY(${ended})) AND ${jobs}`;
      // The inputs counted whole, recorded on their submissions as the refresh does (taken back if per-file reports come).
      await tx.$executeRaw`
        UPDATE "Submission" s SET "inputsCountedAt" = w.at, "inputsCountedDone" = w.done, "inputsCountedFailed" = w.failed
          FROM (${wholeCounts(scope)}) w
         WHERE s.id = w.id AND (s."inputsCountedAt", s."inputsCountedDone", s."inputsCountedFailed") IS DISTINCT FROM (w.at, w.done, w.failed)`;
      await tx.$executeRaw`
        UPDATE "Submission" s SET "inputsCountedAt" = NULL, "inputsCountedDone" = NULL, "inputsCountedFailed" = NULL
         WHERE ${inScope('s."stageId"', scope)} AND s."inputsCountedAt" IS NOT NULL AND s.id NOT IN (SELECT w.id FROM (${wholeCounts(scope)}) w)`;
      return { differences, hours, failures, efficiency, jobsMarked, jobsUnmarked };
    },
    { timeout: 600_000, maxWait: 20_000 },
  );
}
