/**
 * Slicing benchmark, on a throwaway embedded PostgreSQL: a 1,000,000-file dataset (bulk insert with
 * generate_series; 3 detectors × 4 trigger streams × 3 data tiers, start times over 13 weeks, 0.1 % of the files
 * without a detector: the catch-all) cut by campaign slicing `slices(detector, stream, data_tier; time=week;
 * pilot=10%; files=50)` in PostgreSQL (lib/launch/take-slice.ts):
 *   - the whole plan (the group counts in one GROUP BY, the plan from them): what the stage page previews;
 *   - the next slice, as a launch takes it (facts + the slice's 50 files), at a pilot slice, a weekly slice in the
 *     middle and the catch-all at the end;
 * next to the baseline of the same run: one plain scan counting the dataset's files. Goal: ≤ 5 s each.
 * Run: npm run bench:slicing [-- --files 1000000 --rounds 3]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const FILES = num("files", 1_000_000);
const ROUNDS = num("rounds", 3);

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-slicing-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: false, throwaway: true });
process.env.DATABASE_URL = process.env.WM ? server.url + (server.url.includes("?") ? "&" : "?") + "options=" + encodeURIComponent("-c work_mem=" + process.env.WM) : server.url;
await applyMigrations(server.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { takeSliceSql, slicePlanSql } = await import("../lib/launch/take-slice");
const { parseSplitType } = await import("../lib/campaigns/split");

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

try {
  const [exp] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "Experiment" ("name", "displayName") VALUES ('bench', 'Bench') RETURNING id`;
  const [ds] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "Dataset" ("experimentId", "name") VALUES (${exp.id}, 'bench_raw') RETURNING id`;
  const built = await time(async () => {
    await db.$executeRaw`
      INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "sizeBytes")
      SELECT ${exp.id}, 'bench_' || lpad(i::text, 8, '0') || '.root', 10000 + i / 500, i % 500,
             CASE WHEN i % 1000 = 999 THEN NULL ELSE (ARRAY['far', 'near', 'ndos'])[1 + (i * 7) % 3] END,
             (ARRAY['numi', 'bnb', 'cosmic', 'ddactivity'])[1 + (i * 13) % 4],
             (ARRAY['raw', 'artdaq', 'reco'])[1 + (i * 5) % 3],
             '2026-08-03'::timestamp + ((i::bigint * 7919) % ${FILES}::bigint) * (interval '91 days' / ${FILES}),
             1000000 + i
        FROM generate_series(0, ${FILES - 1}::int) i`;
    await db.$executeRaw`INSERT INTO "DatasetFile" ("datasetId", "fileId", "position") SELECT ${ds.id}, id, row_number() OVER (ORDER BY id)::int FROM "DataFile" WHERE "experimentId" = ${exp.id}`;
    await db.$executeRawUnsafe(`VACUUM ANALYZE "DataFile"`);
    await db.$executeRawUnsafe(`VACUUM ANALYZE "DatasetFile"`);
  });
  console.log(`built ${FILES.toLocaleString("en-US")} files in ${fmt(built.ms)}`);

  const parsed = parseSplitType("slices(detector, stream, data_tier; time=week; pilot=10%; files=50)");
  if (!parsed.ok || parsed.spec.type !== "slices") throw new Error("spec");
  const spec = parsed.spec;
  const req = { experimentId: exp.id, dataset: "bench_raw", spec };
  const baseline: number[] = [];
  const plans: number[] = [];
  let plan: Awaited<ReturnType<typeof slicePlanSql>> | null = null;
  for (let r = 0; r < ROUNDS; r++) {
    baseline.push((await time(() => db.$queryRaw`SELECT count(*) FROM "DatasetFile" df JOIN "DataFile" f ON f.id = df."fileId" WHERE df."datasetId" = ${ds.id}`)).ms);
    const t = await time(() => slicePlanSql(db, req));
    plans.push(t.ms);
    plan = t.value;
  }
  if (!plan?.ok) throw new Error("no plan");
  const pilots = plan.plan.filter((p) => p.kind === "pilot").length;
  console.log(`plan: ${plan.plan.length.toLocaleString("en-US")} slices (${pilots.toLocaleString("en-US")} pilot, catch-all ${plan.catchAll.toLocaleString("en-US")} files in ${plan.plan.filter((p) => p.kind === "catch-all").length} slices), ${plan.total.toLocaleString("en-US")} files`);
  const b = median(baseline);
  console.log(`baseline (count the dataset's files): ${fmt(b)}`);
  console.log(`whole plan: ${fmt(median(plans))} (${(median(plans) / b).toFixed(1)}× baseline)`);
  // Campaign slicing drains: the next slice is the first planned one over the files no earlier launch took. So the
  // weekly slice is measured with the pilot and the first half of the weekly slices taken, and the catch-all with
  // every tagged slice taken (one stand-in submission holds them as its input files).
  const [person] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "Person" ("username", "email", "name") VALUES ('bench', 'bench@example.invalid', 'Bench') RETURNING id`;
  const [jt] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "JobType" ("experimentId", "name", "launchScript", "outputFilePatterns", "creatorId", "updatedAt") VALUES (${exp.id}, 'bench', 'true', '{}', ${person.id}, now()) RETURNING id`;
  const [ls] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "LoginSetup" ("experimentId", "name", "launchHost", "launchAccount", "creatorId", "updatedAt") VALUES (${exp.id}, 'bench', 'localhost', 'bench', ${person.id}, now()) RETURNING id`;
  const [camp] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "Campaign" ("experimentId", "name", "creatorId", "creatorRole", "updatedAt") VALUES (${exp.id}, 'bench', ${person.id}, 'PRODUCTION', now()) RETURNING id`;
  const [stage] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "CampaignStage" ("campaignId", "name", "jobTypeId", "loginSetupId", "updatedAt") VALUES (${camp.id}, 'bench', ${jt.id}, ${ls.id}, now()) RETURNING id`;
  const [taker] = await db.$queryRaw<{ id: number }[]>`INSERT INTO "Submission" ("experimentId", "campaignId", "stageId", "trigger", "batchBackend", "updatedAt") VALUES (${exp.id}, ${camp.id}, ${stage.id}, 'MANUAL', 'LOCAL', now()) RETURNING id`;
  /** Marks as taken: nothing (pilot), the pilot and the first half of the weeks (weekly), or every tagged file (catch-all). */
  async function take(kind: string) {
    await db.$executeRaw`DELETE FROM "SubmissionFile" WHERE "submissionId" = ${taker.id}`;
    if (kind === "pilot") return;
    await db.$executeRaw`
      INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "updatedAt")
      SELECT ${taker.id}, r.id, 'INPUT', 'CONSUMED', now() FROM (
        SELECT f.id, f."startTime", (row_number() OVER (PARTITION BY f."detector", f."stream", f."dataTier" ORDER BY f."startTime", f."name") - 1) % 10 = 0 AS pilot
          FROM "DataFile" f WHERE f."experimentId" = ${exp.id} AND f."detector" IS NOT NULL) r
       WHERE ${kind === "catch-all"} OR r.pilot
          OR r."startTime" < (SELECT min("startTime") FROM "DataFile" WHERE "experimentId" = ${exp.id}) + interval '6 weeks'`;
  }
  await db.$executeRawUnsafe(`ALTER SYSTEM SET session_preload_libraries = 'auto_explain'`);
  await db.$executeRawUnsafe(`ALTER SYSTEM SET auto_explain.log_min_duration = '200ms'`);
  await db.$executeRawUnsafe(`ALTER SYSTEM SET auto_explain.log_analyze = on`);
  await db.$queryRawUnsafe(`SELECT pg_reload_conf()`);
  await db.$disconnect();
  const at = { weekly: Math.floor((pilots + plan.plan.length) / 2), "catch-all": plan.plan.length - 1 };
  for (const [name, index] of Object.entries(at)) {
    await take(name);
    for (const [xv, wm] of [["exists", "4MB"]]) {
      process.env.XV = xv;

      const times: number[] = [];
      let label = "";
      for (let r = 0; r < ROUNDS; r++) {
        const t = await time(() => db.$transaction(async (tx) => { await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${wm}'`); return takeSliceSql(tx, { ...req, cursor: { index }, delivered: [taker.id], now: Date.now() }); }, { timeout: 600_000 }));
        if (!t.value.ok) throw new Error(t.value.message);
        times.push(t.ms);
        label = `${t.value.label} (${t.value.files.length} names)`;
      }
      console.log(`next slice, ${name} ${xv} ${wm}: ${fmt(median(times))} (${(median(times) / b).toFixed(1)}× baseline) — ${label}`);
    }
  }
} finally {
  const { db } = await import("../lib/db");
  await db.$disconnect();
  await server.stop();
}
