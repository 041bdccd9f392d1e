/**
 * Charts benchmark, on a throwaway embedded PostgreSQL: 200 campaigns (5 experiments × 40, three stages each: one
 * input stage and two downstream), 100,000 submissions over the last 30 days and 1,000,000 jobs with one input file
 * each, generated in bulk SQL; the rollups' counters built from them by the refresh's own rebuild (lib/rollups/
 * rebuild.ts), sampled job states drawn for every stage-hour (as the refresh's runs would have left them; they
 * cannot be rebuilt), each campaign's forecast by the refresh's forecast step, tasks with needed-by dates, services,
 * incidents and outages. Then, per endpoint, the server's work as the route does it (the query and
 * the JSON text) over repeated calls: p50, p95 and the payload's size.
 *   - campaign charts, windows 24 h, 7 d and 30 d, on random campaigns;
 *   - the portfolio (first page, default order) as a manager sees it, and its CSV export.
 * Goals: ≤ 200 ms server time and ≤ 200 KB per endpoint.
 * Run: npm run bench:charts [-- --campaigns 200 --submissions 100000 --jobs 1000000 --calls 30]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const CAMPAIGNS = num("campaigns", 200);
const SUBMISSIONS = num("submissions", 100_000);
const JOBS = num("jobs", 1_000_000);
const CALLS = num("calls", 30);
const EXPERIMENTS = 5;
const JOBS_PER_SUBMISSION = Math.max(1, Math.round(JOBS / SUBMISSIONS));

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-charts-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
process.env.DATABASE_URL = server.url;
await applyMigrations(server.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { loadActor } = await import("../lib/people/actor");
const { campaignCharts } = await import("../lib/charts/queries");
const { portfolio, portfolioForExport } = await import("../lib/charts/portfolio");
const { parsePortfolioQuery, portfolioCsv } = await import("../lib/charts/portfolio-rules");
const { parseChartWindow } = await import("../lib/charts/window");
const { rebuildRollups } = await import("../lib/rollups/rebuild");
const { refreshForecasts } = await import("../lib/forecast/campaigns");

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}
const sql = (text: string) => db.$executeRawUnsafe(text);

let secondary: { indexname: string; indexdef: string }[] = [];
try {
  const built = await time(async () => {
    // People, experiments, their job types and login/setups.
    await sql(`INSERT INTO "Person" ("username", "email", "name", "globalRoles") VALUES ('manager', 'manager@example.org', 'Bench Manager', ARRAY['MANAGER']::"GlobalRole"[])`);
    await sql(`INSERT INTO "Experiment" ("name", "displayName") SELECT 'exp' || e, 'Experiment ' || e FROM generate_series(1, ${EXPERIMENTS}) e`);
    await sql(`INSERT INTO "JobType" ("experimentId", "name", "launchScript", "creatorId", "updatedAt") SELECT id, 'reco', 'run.sh', 1, now() FROM "Experiment"`);
    await sql(`INSERT INTO "LoginSetup" ("experimentId", "name", "launchHost", "launchAccount", "creatorId", "updatedAt") SELECT id, 'local', 'localhost', 'prod', 1, now() FROM "Experiment"`);
    await sql(`INSERT INTO "Campaign" ("experimentId", "name", "creatorId", "creatorRole", "updatedAt")
               SELECT 1 + (c % ${EXPERIMENTS}), 'campaign_' || lpad(c::text, 4, '0'), 1, 'PRODUCTION', now() FROM generate_series(0, ${CAMPAIGNS - 1}) c`);
    await sql(`INSERT INTO "CampaignStage" ("campaignId", "name", "position", "inputDataset", "jobTypeId", "loginSetupId", "updatedAt")
               SELECT c.id, s.name, s.pos, c."name" || '_' || s.name || '_in', jt.id, ls.id, now() FROM "Campaign" c
                 JOIN "JobType" jt ON jt."experimentId" = c."experimentId" JOIN "LoginSetup" ls ON ls."experimentId" = c."experimentId"
                 CROSS JOIN (VALUES ('reco', 0), ('ana', 1), ('skim', 2)) s(name, pos)`);
    await sql(`INSERT INTO "StageDependency" ("fromStageId", "toStageId")
               SELECT a.id, b.id FROM "CampaignStage" a JOIN "CampaignStage" b ON b."campaignId" = a."campaignId" AND b."position" = a."position" + 1`);
    // 100,000 submissions over the last 30 days, most finished; the newest still running.
    await sql(`INSERT INTO "Submission" ("experimentId", "campaignId", "stageId", "status", "trigger", "batchBackend", "batchId", "plannedJobs", "createdAt", "statusChangedAt", "updatedAt")
               SELECT st."experimentId", st."campaignId", st.id,
                      (CASE WHEN x.age < interval '6 hours' THEN 'RUNNING' WHEN i % 29 = 0 THEN 'FAILED' ELSE 'LOCATED' END)::"SubmissionStatus",
                      'MANUAL', 'LOCAL', 'b' || i, ${JOBS_PER_SUBMISSION}, now() - x.age, now() - x.age + interval '5 hours', now()
                 FROM generate_series(0, ${SUBMISSIONS - 1}) i
                 JOIN LATERAL (SELECT (i::bigint * 7919 % ${SUBMISSIONS}) * (interval '30 days' / ${SUBMISSIONS}) AS age) x ON true
                 JOIN (SELECT s.id, c.id AS "campaignId", c."experimentId", row_number() OVER (ORDER BY s.id) - 1 AS n FROM "CampaignStage" s JOIN "Campaign" c ON c.id = s."campaignId") st
                   ON st.n = i % ${CAMPAIGNS * 3}`);
    await sql(`UPDATE "Submission" SET "statusChangedAt" = now() WHERE "statusChangedAt" > now()`);
    // Bulk loading as a restore does: the big tables' secondary indexes are dropped and built again after.
    secondary = await db.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('Job', 'SubmissionFile', 'DataFile') AND indexname NOT LIKE '%_pkey'`,
    );
    for (const i of secondary) await sql(`DROP INDEX "${i.indexname}"`);
    // 1,000,000 jobs, ten per submission: most completed, some failed or held and removed, at several sites.
    await sql(`INSERT INTO "Job" ("submissionId", "batchJobId", "taskIndex", "status", "exitCode", "holdReason", "site", "startedAt", "endedAt", "cpuSeconds", "wallSeconds")
               SELECT s.id, s."batchId" || '.' || j, j,
                      (CASE WHEN s."status" = 'RUNNING' THEN 'RUNNING' WHEN (s.id + j) % 23 = 0 THEN 'FAILED' WHEN (s.id + j) % 97 = 0 THEN 'REMOVED' ELSE 'COMPLETED' END)::"JobStatus",
                      CASE WHEN (s.id + j) % 23 = 0 THEN (ARRAY[1, 137, 139, 65, 92])[1 + (s.id + j) % 5] WHEN s."status" = 'RUNNING' THEN NULL ELSE 0 END,
                      CASE WHEN (s.id + j) % 97 = 0 THEN (ARRAY['memory over limit', 'disk over limit', 'wall time exceeded'])[1 + (s.id + j) % 3] END,
                      (ARRAY['FNAL', 'CERN', 'Manchester', 'BNL', 'Nikhef'])[1 + (s.id * 7 + j) % 5],
                      s."createdAt" + interval '10 minutes',
                      CASE WHEN s."status" <> 'RUNNING' THEN LEAST(now(), s."createdAt" + interval '1 hour' + (j * interval '20 minutes')) END,
                      CASE WHEN s."status" <> 'RUNNING' THEN 600 + ((s.id * 31 + j * 17) % 3000) END,
                      CASE WHEN s."status" <> 'RUNNING' THEN 3600 END
                 FROM "Submission" s CROSS JOIN generate_series(0, ${JOBS_PER_SUBMISSION - 1}) j`);
    // One input file per job, reported consumed (or failed) by the job when it ended: per-file reports. The files are
    // made in the jobs' order in a fresh table, so a job's file id is computed, not looked up.
    await sql(`INSERT INTO "DataFile" ("experimentId", "name") SELECT s."experimentId", 'f_' || s.id || '_' || j FROM "Submission" s CROSS JOIN generate_series(0, ${JOBS_PER_SUBMISSION - 1}) j ORDER BY s.id, j`);
    await sql(`INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "updatedAt")
               SELECT j."submissionId", (j."submissionId" - 1)::bigint * ${JOBS_PER_SUBMISSION} + j."taskIndex" + 1, 'INPUT',
                      (CASE WHEN j."status" = 'COMPLETED' THEN 'CONSUMED' WHEN j."status" IN ('FAILED', 'REMOVED') THEN 'FAILED' ELSE 'DELIVERED' END)::"FileStatus",
                      COALESCE(j."endedAt", now())
                 FROM "Job" j`);
    for (const i of secondary) await sql(i.indexdef);
  });
  const [{ jobs }] = await db.$queryRawUnsafe<{ jobs: number }[]>(`SELECT count(*)::int AS jobs FROM "Job"`);
  console.log(`generated ${CAMPAIGNS} campaigns, ${SUBMISSIONS.toLocaleString("en-US")} submissions, ${jobs.toLocaleString("en-US")} jobs (and as many input files) in ${(built.ms / 1000).toFixed(1)} s`);

  const rolled = await time(async () => {
    // The rollups' counters from the raw rows by the refresh's own rebuild (lib/rollups/rebuild.ts: the statements
    // the refresh keeps them with), then each campaign's forecast by the refresh's forecast step.
    const r = await rebuildRollups(db, {});
    console.log(`  rebuild: ${r.hours.toLocaleString("en-US")} stage-hour, ${r.failures.toLocaleString("en-US")} failure, ${r.efficiency.toLocaleString("en-US")} efficiency rows; ${r.jobsMarked.toLocaleString("en-US")} jobs marked counted`);
    // Sampled job states: every stage-hour of the 30 days, as the refresh's runs would have left them.
    await sql(`INSERT INTO "StageHourRollup" ("stageId", "hour", "campaignId", "experimentId", "sampleIdle", "sampleRunning", "sampleHeld", "sampledAt")
               SELECT st.id, h, st."campaignId", c."experimentId", (st.id * 7 + extract(hour FROM h)::int) % 40, (st.id * 13 + extract(hour FROM h)::int) % 120, (st.id + extract(day FROM h)::int) % 5, h + interval '55 minutes'
                 FROM "CampaignStage" st JOIN "Campaign" c ON c.id = st."campaignId"
                 CROSS JOIN generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()), interval '1 hour') h
               ON CONFLICT ("stageId", "hour") DO UPDATE SET "sampleIdle" = EXCLUDED."sampleIdle", "sampleRunning" = EXCLUDED."sampleRunning", "sampleHeld" = EXCLUDED."sampleHeld", "sampledAt" = EXCLUDED."sampledAt"`);
    await sql(`INSERT INTO "Task" ("experimentId", "number", "title", "kind", "requesterId", "status", "neededBy", "updatedAt")
               SELECT c."experimentId", c.id, 'Work for ' || c."name", 'REPROCESSING', 1, 'IN_PROGRESS', (now() + (c.id % 30) * interval '1 day')::date, now() FROM "Campaign" c`);
    await sql(`INSERT INTO "TaskCampaign" ("taskId", "campaignId") SELECT t.id, c.id FROM "Task" t JOIN "Campaign" c ON t."number" = c.id AND t."experimentId" = c."experimentId"`);
    // Services: a storage group with pools every stage needs; twenty incidents and outages over the month.
    await sql(`INSERT INTO "Service" ("name", "displayName", "kind") VALUES ('storage', 'Storage', 'GROUP')`);
    await sql(`INSERT INTO "Service" ("name", "displayName", "kind", "parentId") SELECT 'pool-' || p, 'Pool ' || p, 'STORAGE', 1 FROM generate_series(1, 10) p`);
    await sql(`INSERT INTO "StageService" ("stageId", "serviceId") SELECT st.id, 2 + st.id % 10 FROM "CampaignStage" st`);
    await sql(`INSERT INTO "Incident" ("title", "impact", "startedAt", "resolvedAt") SELECT 'Pool trouble ' || i, 'MAJOR', now() - i * interval '36 hours', now() - i * interval '36 hours' + interval '8 hours' FROM generate_series(1, 20) i`);
    await sql(`INSERT INTO "IncidentService" ("incidentId", "serviceId") SELECT id, 2 + id % 10 FROM "Incident"`);
    await sql(`INSERT INTO "ServiceDowntime" ("serviceId", "kind", "startsAt", "endsAt") SELECT 2 + i % 10, 'ACTUAL', now() - i * interval '36 hours', now() - i * interval '36 hours' + interval '6 hours' FROM generate_series(1, 20) i`);
    const f = await refreshForecasts(db, new Date());
    console.log(`  forecasts: ${JSON.stringify(f)}`);
    // The refresh writes the rollups hour after hour, so a table's recent rows sit together at its end; the rebuild
    // wrote them stage after stage. Put them back in the order production has them.
    await sql(`CLUSTER "StageHourRollup" USING "StageHourRollup_hour_idx"`);
    for (const t of ["Job", "Submission", "SubmissionFile", "StageHourRollup", "FailureRollup", "EfficiencyRollup", "CampaignForecast"]) await sql(`VACUUM ANALYZE "${t}"`);
  });
  const [counts] = await db.$queryRawUnsafe<{ hours: number; failures: number; efficiency: number }[]>(
    `SELECT (SELECT count(*)::int FROM "StageHourRollup") AS hours, (SELECT count(*)::int FROM "FailureRollup") AS failures, (SELECT count(*)::int FROM "EfficiencyRollup") AS efficiency`,
  );
  console.log(`rollups built in ${(rolled.ms / 1000).toFixed(1)} s: ${counts.hours.toLocaleString("en-US")} stage-hour, ${counts.failures.toLocaleString("en-US")} failure, ${counts.efficiency.toLocaleString("en-US")} efficiency rows`);

  const manager = (await loadActor(1))!;
  const campaignIds = (await db.campaign.findMany({ select: { id: true } })).map((c) => c.id);
  const pick = (i: number) => campaignIds[(i * 37) % campaignIds.length];
  const report = async (name: string, call: (i: number) => Promise<string>) => {
    await call(0); // warm: plans cached, connections open
    const times: number[] = [];
    let largest = 0;
    for (let i = 1; i <= CALLS; i++) {
      const t = await time(() => call(i));
      times.push(t.ms);
      largest = Math.max(largest, Buffer.byteLength(t.value));
    }
    console.log(`${name.padEnd(28)} p50 ${fmt(pct(times, 50)).padStart(7)}  p95 ${fmt(pct(times, 95)).padStart(7)}  largest payload ${(largest / 1024).toFixed(1)} KB`);
  };
  for (const w of ["24h", "7d", "30d"] as const) {
    await report(`campaign charts, ${w}`, async (i) => {
      const now = new Date();
      return JSON.stringify(await campaignCharts(manager, pick(i), parseChartWindow({ window: w }, now), now));
    });
  }
  const q = parsePortfolioQuery({});
  await report("portfolio (first page)", async () => JSON.stringify(await portfolio(manager, q)));
  await report("portfolio CSV (all)", async () => portfolioCsv(await portfolioForExport(manager, q)));
  const [load1] = os.loadavg();
  console.log(`load average (1 min) at the end: ${load1.toFixed(2)} on ${os.cpus().length} cores`);
} finally {
  await db.$disconnect();
  await server.stop();
}
