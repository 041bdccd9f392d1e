/**
 * Refresh benchmark, on a throwaway embedded PostgreSQL with the demo seeded.
 *  1. The refresh's write path (lib/submissions/refresh/apply.ts: jobs upserted over unnest arrays, vanished jobs,
 *     counts, states, history; one transaction per chunk of 500 submissions) applying 100,000 job-status changes,
 *     printed next to raw PostgreSQL doing the same rows in the same run (COPY into a temp table + UPDATE … FROM).
 *     Goal: ≤ 3× the raw time and ≤ 10 s.
 *  2. 30,000 queued jobs in one experiment refreshed every 30 s (compressed: back to back) while the campaign,
 *     stage, submission and jobs pages' reads run: their p95 while the refresh writes. Goal: ≤ 300 ms.
 * Run: npm run bench:refresh [-- --jobs 100000 --per 50]
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const JOBS = num("jobs", 100_000);
const PER = num("per", 50);
const CHUNK = 500;

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-refresh-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
process.env.DATABASE_URL = server.url;
await applyMigrations(server.url, MIGRATIONS_DIR);
const pg = (await import("pg")).default;
const { db } = await import("../lib/db");
const { seedDemoData } = await import("../lib/demo/seed");
const { applyReads } = await import("../lib/submissions/refresh/apply");
const { loadActor } = await import("../lib/people/actor");
const { campaignProgress } = await import("../lib/campaigns/progress");
const { stageStatus } = await import("../lib/campaigns/stage-status");
const { submissionDetail, submissionJobs } = await import("../lib/submissions/queries");
type JobReport = import("../lib/batch/types").JobReport;
type JobStatus = import("../lib/generated/prisma/enums").JobStatus;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function makeSubmissions(stageId: number, campaignId: number, experimentId: number, count: number, label: string): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO "Submission" ("experimentId", "campaignId", "stageId", "status", "trigger", "batchBackend", "batchId", "plannedJobs", "updatedAt")
    SELECT ${experimentId}, ${campaignId}, ${stageId}, 'IDLE', 'MANUAL', 'LOCAL', ${label} || '-' || i, ${PER}, now() FROM generate_series(1, ${count}::int) i RETURNING id`;
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  await db.$executeRaw`
    INSERT INTO "Job" ("submissionId", "batchJobId", "taskIndex", "status", "numStarts", "updatedAt")
    SELECT s, 'j.' || k, k, 'IDLE', 0, now() FROM unnest(${ids}::int[]) s, generate_series(0, ${PER - 1}::int) k`;
  await db.$executeRaw`UPDATE "Submission" SET "jobsIdle" = ${PER}, "jobsTotalMax" = ${PER} WHERE id = ANY(${ids}::int[])`;
  return ids;
}

const report = (i: number, status: JobStatus, round: number): JobReport => ({
  batchJobId: `j.${i}`, taskIndex: i, status, exitCode: status === "COMPLETED" ? 0 : null, holdReason: null, holdReasonCode: null, site: "local", node: "localhost",
  numStarts: status === "IDLE" ? 0 : 1, submittedAt: null, startedAt: status === "IDLE" ? null : new Date(1_795_000_000_000 + round * 1000), endedAt: null,
  cpuSeconds: status === "COMPLETED" ? 100 + round : null, wallSeconds: null, memoryMb: null, outputPath: null,
});

try {
  await seedDemoData(db);
  const stage = await db.campaignStage.findFirstOrThrow({ where: { campaign: { name: "nova_fd_reco_2026" } }, include: { campaign: true } });
  const subs = Math.ceil(JOBS / PER);
  const ids = await makeSubmissions(stage.id, stage.campaignId, stage.campaign.experimentId, subs, "bench");
  await db.$executeRaw`ANALYZE "Job"`;
  console.log(`${subs.toLocaleString("en")} submissions × ${PER} jobs = ${(subs * PER).toLocaleString("en")} jobs (IDLE)`);

  // ── 1a. The refresh's write path: every job IDLE → RUNNING.
  const reads = ids.map((id) => ({ submissionId: id, snapshot: { kind: "jobs" as const, done: false, jobs: Array.from({ length: PER }, (_, k) => report(k, "RUNNING", 1)) } }));
  let t = performance.now();
  let changed = 0;
  for (let i = 0; i < reads.length; i += CHUNK) changed += (await applyReads(reads.slice(i, i + CHUNK))).jobsChanged;
  const refreshMs = performance.now() - t;
  t = performance.now();
  let replay = 0;
  for (let i = 0; i < reads.length; i += CHUNK) replay += (await applyReads(reads.slice(i, i + CHUNK))).jobsChanged;
  const replayMs = performance.now() - t;

  // ── 1b. Raw PostgreSQL, same rows, same change (RUNNING → COMPLETED so that every row changes again).
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  t = performance.now();
  await client.query("BEGIN");
  await client.query(`CREATE TEMP TABLE incoming (sid int, jid text, status text, started timestamp, cpu float8) ON COMMIT DROP`);
  // COPY from a file the server reads (the embedded server's user is a superuser); writing the file is timed too.
  const tsv = path.join(mkdtempSync(path.join(os.tmpdir(), "poms-bench-copy-")), "jobs.tsv");
  const out: string[] = [];
  for (const id of ids) for (let k = 0; k < PER; k++) out.push(`${id}\tj.${k}\tCOMPLETED\t2026-11-29 10:00:02\t101\n`);
  writeFileSync(tsv, out.join(""));
  chmodSync(path.dirname(tsv), 0o755);
  chmodSync(tsv, 0o644);
  await client.query(`COPY incoming FROM '${tsv}'`);
  const raw = await client.query(`UPDATE "Job" j SET status = i.status::"JobStatus", "startedAt" = i.started, "cpuSeconds" = i.cpu, "updatedAt" = now() FROM incoming i WHERE j."submissionId" = i.sid AND j."batchJobId" = i.jid`);
  await client.query("COMMIT");
  const rawMs = performance.now() - t;
  await client.end();
  rmSync(path.dirname(tsv), { recursive: true, force: true });
  console.log(`\n1. apply ${changed.toLocaleString("en")} job-status changes`);
  console.log(`   refresh write path (${Math.ceil(reads.length / CHUNK)} transactions: jobs, vanished, counts, states, history): ${fmt(refreshMs)}`);
  console.log(`   replaying the same snapshot (changes ${replay}): ${fmt(replayMs)}`);
  console.log(`   raw PostgreSQL (COPY into a temp table + UPDATE … FROM, ${raw.rowCount?.toLocaleString("en")} rows): ${fmt(rawMs)}`);
  console.log(`   ratio ${(refreshMs / rawMs).toFixed(2)}× (goal ≤ 3×), ${refreshMs <= 10_000 ? "within" : "OVER"} 10 s`);

  // ── 2. 30,000 queued jobs in one experiment, refreshed back to back while the pages read.
  await db.$executeRaw`DELETE FROM "Submission" WHERE "batchId" LIKE 'bench-%'`;
  const live = await makeSubmissions(stage.id, stage.campaignId, stage.campaign.experimentId, Math.ceil(30_000 / PER), "live");
  await db.$executeRaw`ANALYZE`;
  const noah = (await loadActor((await db.person.findUniqueOrThrow({ where: { username: "noah" } })).id))!;
  let stop = false;
  let rounds = 0;
  const statuses: JobStatus[] = ["IDLE", "RUNNING", "HELD", "RUNNING"];
  const refresher = (async () => {
    while (!stop) {
      rounds++;
      const rs = live.map((id, n) => ({ submissionId: id, snapshot: { kind: "jobs" as const, done: false, jobs: Array.from({ length: PER }, (_, k) => report(k, statuses[(k + n + rounds) % 4], rounds)) } }));
      for (let i = 0; i < rs.length; i += CHUNK) await applyReads(rs.slice(i, i + CHUNK));
    }
  })();
  const times: Record<string, number[]> = { campaign: [], stage: [], submission: [], jobs: [] };
  const until = performance.now() + num("seconds", 20) * 1000;
  while (performance.now() < until) {
    const sid = live[Math.floor(Math.random() * live.length)];
    for (const [name, fn] of [
      ["campaign", () => campaignProgress(noah, stage.campaignId)],
      ["stage", () => stageStatus(noah, stage.id)],
      ["submission", () => submissionDetail(noah, sid)],
      ["jobs", () => submissionJobs(noah, sid, "all", null)],
    ] as const) {
      const s = performance.now();
      await (fn as () => Promise<unknown>)().then((x) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? String(v) : v)));
      times[name].push(performance.now() - s);
    }
  }
  stop = true;
  await refresher;
  console.log(`\n2. ${(live.length * PER).toLocaleString("en")} jobs refreshed ${rounds} times back to back while pages read (in-process, as their routes do)`);
  for (const [name, xs] of Object.entries(times)) console.log(`   ${name.padEnd(11)} n=${xs.length}  p50 ${fmt(pct(xs, 50))}  p95 ${fmt(pct(xs, 95))}  ${pct(xs, 95) <= 300 ? "" : "OVER 300 ms"}`);
} finally {
  await db.$disconnect();
  await server.stop();
}
