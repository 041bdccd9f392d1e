/**
 * Wrap-up benchmark, on a throwaway embedded PostgreSQL with the demo seeded: 10,000 Located submissions wrapped up
 * in one refresh (lib/chains/decide.ts: claim, recovery and dependency decisions, the datasets made with their files,
 * the launches queued), chunks of 1,000 in one transaction each. The mix:
 *   - 2,500 submissions of stage "reco" with 2 of their 10 inputs not processed → a recovery each (a dataset of 2 files);
 *   - 2,500 of "reco" with every input processed and 10 outputs (5 match "%_out.root") → stage "ana" on a dataset of 5;
 *   - 5,000 of stage "keepup", which depends on itself → the next slice, queued.
 * Printed beside raw PostgreSQL doing the same bulk writes in the same run (one UPDATE claiming every row, one
 * INSERT … SELECT of the recovery files and one of the matching outputs). Goal: ≤ 10 s.
 * The batch submissions are measured apart: N queued launches through launchStage to the local backend (each a
 * transaction, snapshots, the local batch system's submit), printed per launch; a refresh launches at most 200.
 * Run: npm run bench:wrapup [-- --subs 10000 --launch 20]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const SUBS = num("subs", 10_000);
const LAUNCH = num("launch", 20);
const INPUTS = 10;

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-wrapup-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
process.env.DATABASE_URL = server.url;
await applyMigrations(server.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { seedDemoData } = await import("../lib/demo/seed");
const { decideWrapUps } = await import("../lib/chains/decide");
const { launchQueued } = await import("../lib/chains/launch-queued");

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  await seedDemoData(db);
  const exp = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const jobType = await db.jobType.findFirstOrThrow({ where: { experimentId: exp.id, name: "nova_demo_job" }, include: { recoveries: { orderBy: { position: "asc" } } } });
  const login = await db.loginSetup.findFirstOrThrow({ where: { experimentId: exp.id, launchHost: "localhost" }, orderBy: { id: "asc" } });
  const owner = await db.membership.findFirstOrThrow({ where: { experimentId: exp.id, role: "PRODUCTION", active: true } });
  const campaign = await db.campaign.create({
    data: { experimentId: exp.id, name: "bench_wrapup", creatorId: owner.personId, creatorRole: "PRODUCTION", defaults: { batchBackend: "LOCAL", softwareVersion: "v3.2.1" }, keywords: { config: "bench.fcl" } },
  });
  const stage = (name: string, dataset = "") => db.campaignStage.create({ data: { campaignId: campaign.id, name, jobTypeId: jobType.id, loginSetupId: login.id, inputDataset: dataset, splitType: "nfiles(10)" } });
  const reco = await stage("reco");
  const ana = await stage("ana");
  const keepup = await stage("keepup", "nova_raw_2026");
  await db.stageDependency.createMany({ data: [{ fromStageId: reco.id, toStageId: ana.id, filePatterns: "%_out.root" }, { fromStageId: keepup.id, toStageId: keepup.id }] });
  const snap = await db.configSnapshot.create({
    data: { kind: "JOB_TYPE", sourceId: jobType.id, digest: "bench", data: { id: jobType.id, recoveries: jobType.recoveries.map((r) => ({ position: r.position, recoveryType: r.recoveryType, paramOverrides: r.paramOverrides })) } },
  });

  // ── The 10,000 Located submissions, their inputs (10 each) and the outputs of the half that processed everything.
  let t = performance.now();
  const half = Math.floor(SUBS / 4);
  const ids = (
    await db.$queryRaw<{ id: number }[]>`
      INSERT INTO "Submission" ("experimentId", "campaignId", "stageId", "status", "trigger", "batchBackend", "batchId", "jobTypeSnapshotId", "locatedAt", "locatedBy", "updatedAt")
      SELECT ${exp.id}::int, ${campaign.id}::int, CASE WHEN i <= ${2 * half}::int THEN ${reco.id}::int ELSE ${keepup.id}::int END, 'LOCATED', 'MANUAL', 'LOCAL', 'bench-' || i, ${snap.id}::int, now(), 'rule', now()
        FROM generate_series(1, ${SUBS}::int) i RETURNING id`
  )
    .map((r) => r.id)
    .sort((a, b) => a - b);
  await db.$executeRaw`
    WITH f AS (
      INSERT INTO "DataFile" ("experimentId", "name") SELECT ${exp.id}::int, 'bench_in_' || s || '_' || k || '.root' FROM unnest(${ids}::int[]) s, generate_series(0, ${INPUTS - 1}::int) k RETURNING id, "name")
    INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status")
    SELECT split_part(f."name", '_', 3)::int, f.id, 'INPUT',
           CASE WHEN split_part(f."name", '_', 3)::int <= ${ids[half - 1]}::int AND split_part(split_part(f."name", '_', 4), '.', 1)::int >= ${INPUTS - 2}::int THEN 'FAILED'::"FileStatus" ELSE 'CONSUMED'::"FileStatus" END
      FROM f`;
  const producers = ids.slice(half, 2 * half);
  await db.$executeRaw`
    WITH f AS (
      INSERT INTO "DataFile" ("experimentId", "name", "location", "locatedAt")
      SELECT ${exp.id}::int, 'bench_out_' || s || '_' || k || CASE WHEN k % 2 = 0 THEN '_out.root' ELSE '.log' END, '/pnfs/bench', now()
        FROM unnest(${producers}::int[]) s, generate_series(0, ${INPUTS - 1}::int) k RETURNING id, "name")
    INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status") SELECT split_part(f."name", '_', 3)::int, f.id, 'OUTPUT', 'LOCATED' FROM f`;
  await db.$executeRaw`ANALYZE`;
  const files = await db.submissionFile.count();
  console.log(`${SUBS.toLocaleString("en")} Located submissions, ${files.toLocaleString("en")} submission files; built in ${fmt(performance.now() - t)}`);

  // ── Raw PostgreSQL floor: the same bulk writes with no decisions (then undone).
  t = performance.now();
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`UPDATE "Submission" SET "wrappedUpAt" = now() WHERE "status" = 'LOCATED' AND "wrappedUpAt" IS NULL`;
      await tx.$executeRaw`CREATE TEMP TABLE raw_files ON COMMIT DROP AS
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf WHERE sf."role" = 'INPUT' AND sf."status" <> 'CONSUMED'
        UNION ALL
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."role" = 'OUTPUT' AND f."name" LIKE '%\_out.root'`;
      throw new Error("undo");
    },
    { timeout: 60_000 },
  ).catch((e: Error) => {
    if (e.message !== "undo") throw e;
  });
  const rawMs = performance.now() - t;

  // ── One refresh's wrap-up decisions over all of them.
  t = performance.now();
  const decided = await decideWrapUps({ chunk: 1000 });
  const decideMs = performance.now() - t;
  const queued = await db.chainLaunch.groupBy({ by: ["trigger"], _count: true });
  const datasets = await db.dataset.count({ where: { name: { startsWith: "submission_" } } });
  const dsFiles = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."name" LIKE 'submission\_%'`;
  t = performance.now();
  const again = await decideWrapUps({ chunk: 1000 });
  const againMs = performance.now() - t;

  // ── Launches, measured apart: a few queued launches through launchStage to the local backend.
  t = performance.now();
  const launched = await launchQueued({ max: LAUNCH });
  const launchMs = performance.now() - t;

  console.log(`decisions: ${JSON.stringify(decided)}`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} (2 cores)`);
  console.log(`queued: ${queued.map((q) => `${q.trigger} ${q._count}`).join(", ")}; ${datasets.toLocaleString("en")} datasets made with ${dsFiles[0].n.toLocaleString("en")} files`);
  console.log("");
  console.log(`| What | Time |`);
  console.log(`|---|---|`);
  console.log(`| wrap-up decisions, ${SUBS.toLocaleString("en")} Located submissions (chunks of 1,000) | ${fmt(decideMs)} (goal ≤ 10 s) |`);
  console.log(`| raw PostgreSQL floor: the same claim and file selection, no decisions | ${fmt(rawMs)} (ratio ${(decideMs / rawMs).toFixed(1)}×) |`);
  console.log(`| a second wrap-up (nothing left: ${again.wrappedUp} claimed) | ${fmt(againMs)} |`);
  console.log(`| ${LAUNCH} queued launches through launchStage, local backend (${JSON.stringify({ launched: launched.launched, held: launched.held, refused: launched.refused, failed: launched.failed, ended: launched.ended })}) | ${fmt(launchMs)}, ${(launchMs / Math.max(1, LAUNCH)).toFixed(0)} ms each |`);
  if (launched.errors.length) console.log(launched.errors.slice(0, 3).join("\n"));
  // The throwaway database goes; the local batch system's spool stays: kill what the bench launched there.
  const { batchSystem } = await import("../lib/batch/registry");
  for (const s of await db.submission.findMany({ where: { campaignId: campaign.id, batchId: { not: null }, trigger: { in: ["RECOVERY", "DEPENDENCY"] } } })) {
    await batchSystem("LOCAL").control("kill", { submissionId: s.id, batchId: s.batchId!, experiment: "nova", login: { host: login.launchHost, account: login.launchAccount } });
  }
} finally {
  await db.$disconnect();
  await server.stop();
}
