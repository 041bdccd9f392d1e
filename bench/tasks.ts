/**
 * Tasks list benchmark: 100,000 tasks (over 8 experiments, every state, realistic titles,
 * descriptions and dataset names, a year of updates) on a throwaway embedded PostgreSQL, then the
 * work of GET /api/v1/tasks for each case: parse the URL, listTasksJson (the page, written as JSON
 * by PostgreSQL, and its count), and write the body around it. p50/p95 over 60 runs per case, as an OPOS operator (sees everything) and
 * as an experimenter (visibility filter), plus the plans PostgreSQL chose.
 * Run: npm run bench:tasks [-- --tasks 100000 --runs 60]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const num = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const TASKS = num("tasks", 100_000);
const RUNS = num("runs", 60);

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-tasks-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
process.env.DATABASE_URL = server.url;
await applyMigrations(server.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { seedDemoData } = await import("../lib/demo/seed");
const { loadActor } = await import("../lib/people/actor");
const { listTasksJson } = await import("../lib/tasks/queries");
const { parseTaskListQuery } = await import("../lib/tasks/list-query");
const { taskFilterSql } = await import("../lib/tasks/filter-sql");

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

try {
  await seedDemoData(db);
  for (const name of ["mu2e", "gm2", "minerva"]) await db.experiment.upsert({ where: { name }, update: {}, create: { name, displayName: name.toUpperCase() } });
  const t0 = performance.now();
  const existing = await db.task.count();
  // One statement: titles, descriptions and datasets from word lists, so searches hit realistic shares.
  // Keys are numbered here (each experiment's counter, then i / experiments), and the counters moved
  // once after, instead of 100,000 trips through the numbering trigger.
  await db.$executeRaw`
    WITH e AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg("taskCounter" ORDER BY id) AS counters FROM "Experiment"),
         p AS (SELECT array_agg(id ORDER BY id) AS ids FROM "Person" WHERE active),
         o AS (SELECT array_agg(id ORDER BY id) AS ids FROM "Person" WHERE 'OPOS' = ANY("globalRoles"))
    INSERT INTO "Task" ("experimentId", "number", title, kind, description, "inputDataset", "softwareVersion", priority, "neededBy", status, "requesterId", "assigneeId", "boardRank", "createdAt", "updatedAt", "statusChangedAt")
    SELECT e.ids[1 + i % array_length(e.ids, 1)], e.counters[1 + i % array_length(e.ids, 1)] + 1 + i / array_length(e.ids, 1),
           (ARRAY['Reprocess','Calibrate','Simulate','Transfer','Keep-up','Reconstruct','Validate','Skim'])[1 + i % 8] || ' ' ||
           (ARRAY['cosmics','beam','numi','bnb','neardet','fardet','michel','pi0'])[1 + (i / 8) % 8] || ' run ' || (10000 + i % 5000) || ' pass ' || (1 + i % 3),
           (ARRAY['MC_GENERATION','REPROCESSING','KEEPUP','CALIBRATION','DATA_TRANSFER','OTHER'])[1 + i % 6]::"TaskKind",
           'Production request ' || i || ' for the ' || (ARRAY['spring','summer','autumn','winter'])[1 + i % 4] || ' analysis; files from the ' || (ARRAY['raw','reco','caf','artroot'])[1 + (i / 3) % 4] || ' tier.',
           (ARRAY['nova','dune','uboone','icarus','sbnd'])[1 + i % 5] || '_prod_' || (ARRAY['caf','reco','raw','pid'])[1 + (i / 5) % 4] || '_r' || (10000 + i % 5000) || '_v0' || (i % 9),
           'v09_' || (70 + i % 20) || '_00',
           (ARRAY['LOW','NORMAL','NORMAL','HIGH','URGENT'])[1 + i % 5]::"TaskPriority",
           CASE WHEN i % 3 = 0 THEN NULL ELSE (now() + ((i % 120) - 30) * interval '1 day')::date END,
           (ARRAY['REQUESTED','CHANGES_REQUESTED','APPROVED','REJECTED','ASSIGNED','IN_PROGRESS','ON_HOLD','DONE','DONE','DONE','CANCELLED'])[1 + i % 11]::"TaskStatus",
           p.ids[1 + (i * 7) % array_length(p.ids, 1)],
           CASE WHEN i % 11 IN (4, 5, 6, 7, 8, 9) THEN o.ids[1 + i % array_length(o.ids, 1)] END,
           i,
           now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute',
           now() - (i % 300) * interval '1 day' - (i % 977) * interval '1 minute',
           now() - (i % 300) * interval '1 day'
    FROM e, p, o, generate_series(1, ${Math.max(0, TASKS - existing)}::int) AS i`;
  await db.$executeRaw`UPDATE "Experiment" x SET "taskCounter" = (SELECT COALESCE(max("number"), 0) FROM "Task" WHERE "experimentId" = x.id)`;
  await db.$executeRaw`ANALYZE "Task"`;
  console.log(`seeded ${(await db.task.count()).toLocaleString("en")} tasks in ${fmt(performance.now() - t0)}`);

  const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
  const oscar = await person("oscar");
  const ned = await person("ned");
  const request = async (actor: typeof oscar, query: string) => {
    const s = performance.now();
    const q = parseTaskListQuery(new URLSearchParams(query));
    const { itemsJson, total } = await listTasksJson(actor, q, { take: q.pageSize, skip: (q.page - 1) * q.pageSize }, q);
    const body = `{"tasks":${itemsJson},${JSON.stringify({ page: q.page, pageSize: q.pageSize, total }).slice(1)}`;
    const ms = performance.now() - s;
    return { ms, rows: (JSON.parse(body) as { tasks: unknown[] }).tasks.length, total, bytes: body.length };
  };

  const cases: [string, typeof oscar, string][] = [
    ["page 1 (newest change first)", oscar, "pageSize=50"],
    ["page 2,000 (the last of 100,000)", oscar, "pageSize=50&page=2000"],
    ["search: two words", oscar, "q=calibrate+michel"],
    ["search: a dataset name", oscar, "q=nova_prod_caf_r12340"],
    ["search: a key", oscar, "q=DUNE-1234"],
    ["sort by title, page 1", oscar, "sort=title"],
    ["sort by title, page 1,000", oscar, "sort=title&page=1000"],
    ["sort by assignee, grouped by state", oscar, "sort=assignee&group=state"],
    ["open, overdue, urgent", oscar, "state=open&overdue=1&priority=URGENT"],
    ["experimenter (2 experiments): page 1", ned, "pageSize=50"],
    ["experimenter: search", ned, "q=reprocess+beam"],
    ["experimenter: mine", ned, "mine=1"],
  ];
  console.log(`\n${"case".padEnd(40)} ${"p50".padStart(9)} ${"p95".padStart(9)} ${"rows".padStart(5)} ${"total".padStart(8)} ${"JSON".padStart(8)}`);
  const summary: string[] = [];
  for (const [name, actor, query] of cases) {
    for (let i = 0; i < 5; i++) await request(actor, query); // warm
    const times: number[] = [];
    let last = await request(actor, query);
    for (let i = 0; i < RUNS; i++) {
      last = await request(actor, query);
      times.push(last.ms);
    }
    const p95 = pct(times, 95);
    console.log(`${name.padEnd(40)} ${fmt(pct(times, 50)).padStart(9)} ${fmt(p95).padStart(9)} ${String(last.rows).padStart(5)} ${last.total.toLocaleString("en").padStart(8)} ${`${(last.bytes / 1024).toFixed(1)} KiB`.padStart(8)}`);
    summary.push(`${name}: p95 ${fmt(p95)} ${p95 <= 150 ? "(within 150 ms)" : "(OVER 150 ms)"}`);
  }

  // The plans behind the headline cases, so a regression can be read, not guessed.
  for (const [label, query] of [["search", "q=calibrate+michel"], ["page 2,000", "page=2000"]] as const) {
    const q = parseTaskListQuery(new URLSearchParams(query));
    const where = taskFilterSql(oscar, q);
    const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM "Task" t WHERE ${where}`;
    console.log(`\nplan of the count for ${label}:\n${plan.map((r) => `  ${r["QUERY PLAN"]}`).join("\n")}`);
  }
  console.log(`\n${summary.join("\n")}`);
} finally {
  await db.$disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
