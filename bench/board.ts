/**
 * Board benchmark: seeds 2,000 open tasks over 8 experiments on a throwaway embedded PostgreSQL
 * and prints (1) the board's server-side build time, i.e. boardSnapshot + JSON as served by
 * GET /api/v1/board and as the /board page uses it, p50/p95 over 40 runs; (2) its payload size;
 * (3) board-move latency with 50 concurrent movers, p50/p95, paced like people and back to back. Baseline in the same run: the same
 * snapshot for one experiment's cards (filtered), so ratios show how it scales with card count.
 * Floor in the same run: the same cards (with their experiment, requester, assignee and linked
 * campaigns' progress) read by one SQL statement on the bare pg driver and serialised with
 * JSON.stringify: what the board build would cost with no ORM and no extra copies; the ratio of
 * the board build to it, and both payloads.
 * Run: node --import tsx bench/board.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import pg from "pg";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";
import { seedBoardCards } from "./seed-cards";

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-"));
const server = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
const pgUrl = server.url;
process.env.DATABASE_URL = pgUrl;
await applyMigrations(server.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { seedDemoData } = await import("../lib/demo/seed");
const { boardSnapshot } = await import("../lib/board/snapshot");
const { moveTask } = await import("../lib/tasks/commands/move-task");
const { loadActor } = await import("../lib/people/actor");
const { parseFilters } = await import("../lib/board/filters");
const { taskJson } = await import("../lib/tasks/serialize");
const { DONE_RECENT_DAYS } = await import("../lib/board/columns");

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

try {
  await seedDemoData(db);
  const t0 = performance.now();
  const { added: N, experiments } = await seedBoardCards(db, 2000);
  const operators = await db.person.findMany({ where: { globalRoles: { has: "OPOS" } } });
  console.log(`seeded ${N} tasks (2,000 open on the board) over ${experiments} experiments in ${fmt(performance.now() - t0)}`);

  const oscar = (await loadActor(operators[0].id))!;
  const boardOnce = async (query: string) => {
    const s = performance.now();
    const snap = await boardSnapshot(oscar, parseFilters(new URLSearchParams(query)));
    const body = JSON.stringify(taskJson(snap));
    return { ms: performance.now() - s, bytes: Buffer.byteLength(body), cards: snap.cards.length, body };
  };

  // The floor: the same cards (with experiment, requester, assignee and their linked campaigns'
  // progress) in one statement on the bare pg driver, timestamps formatted by PostgreSQL as the
  // board's JSON has them, shaped like the board's cards and serialised once with JSON.stringify.
  // The board's other parts (WIP limits, operators, the done count) are a few hundred bytes and
  // left out. Visibility: oscar is OPOS, so the board shows every experiment.
  const floorClient = new pg.Client({ connectionString: pgUrl });
  await floorClient.connect();
  const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`; // timestamp(3), stored as UTC
  const FLOOR_SQL = `
    SELECT t."id", t."title", t."kind", t."status", t."priority", to_char(t."neededBy", 'YYYY-MM-DD"T00:00:00.000Z"') AS "neededBy", t."version", t."boardRank",
           ${iso('t."statusChangedAt"')} AS "statusChangedAt", ${iso('t."createdAt"')} AS "createdAt", ${iso('t."updatedAt"')} AS "updatedAt",
           e."name" AS "eName", e."displayName" AS "eDisplayName",
           r."id" AS "rId", r."username" AS "rUsername", r."name" AS "rName",
           a."id" AS "aId", a."username" AS "aUsername", a."name" AS "aName",
           (SELECT json_agg(json_build_object('name', c."name", 'total', s.total, 'done', s.done, 'failed', s.failed))
              FROM "TaskCampaign" tc JOIN "Campaign" c ON c."id" = tc."campaignId"
              CROSS JOIN LATERAL (SELECT count(*)::int AS total,
                                         (count(*) FILTER (WHERE sb."status" IN ('LOCATED', 'COMPLETED')))::int AS done,
                                         (count(*) FILTER (WHERE sb."status" IN ('FAILED', 'LAUNCH_FAILED')))::int AS failed
                                    FROM "Submission" sb WHERE sb."campaignId" = c."id") s
             WHERE tc."taskId" = t."id") AS "campaigns"
      FROM "Task" t
      JOIN "Experiment" e ON e."id" = t."experimentId"
      JOIN "Person" r ON r."id" = t."requesterId"
      LEFT JOIN "Person" a ON a."id" = t."assigneeId"
     WHERE t."status" IN ('APPROVED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD') OR (t."status" = 'DONE' AND t."statusChangedAt" >= $1)
     ORDER BY t."boardRank", t."id"
     LIMIT 5000`;
  type FloorRow = Record<string, unknown> & { aId: number | null };
  const floorOnce = async () => {
    const s = performance.now();
    const { rows } = await floorClient.query<FloorRow>(FLOOR_SQL, [new Date(Date.now() - DONE_RECENT_DAYS * 86_400_000)]);
    const body = JSON.stringify({
      cards: rows.map((r) => ({
        id: r.id, title: r.title, kind: r.kind, status: r.status, priority: r.priority, neededBy: r.neededBy, version: r.version, boardRank: r.boardRank,
        statusChangedAt: r.statusChangedAt, createdAt: r.createdAt, updatedAt: r.updatedAt,
        experiment: { name: r.eName, displayName: r.eDisplayName },
        requester: { id: r.rId, username: r.rUsername, name: r.rName },
        assignee: r.aId === null ? null : { id: r.aId, username: r.aUsername, name: r.aName },
        campaigns: r.campaigns ?? [],
      })),
    });
    return { ms: performance.now() - s, bytes: Buffer.byteLength(body), cards: rows.length };
  };

  // Board and floor alternate, run by run, so a build someone else starts weighs on both alike.
  const summarise = (xs: { ms: number; bytes: number; cards: number; body?: string }[]) => ({ p50: pct(xs.map((x) => x.ms), 50), p95: pct(xs.map((x) => x.ms), 95), bytes: xs.at(-1)!.bytes, cards: xs.at(-1)!.cards });
  for (let i = 0; i < 3; i++) {
    await boardOnce(""); // warm up
    await floorOnce();
  }
  const boardRuns = [];
  const floorRuns = [];
  for (let i = 0; i < 40; i++) {
    boardRuns.push(await boardOnce(""));
    floorRuns.push(await floorOnce());
  }
  await floorClient.end();
  const all = summarise(boardRuns);
  const fl = summarise(floorRuns);
  const oneRuns = [];
  for (let i = 0; i < 40; i++) oneRuns.push(await boardOnce("experiment=nova"));
  const one = summarise(oneRuns);
  if (fl.cards !== all.cards) throw new Error(`the floor read ${fl.cards} cards, the board ${all.cards}: the floor's query is not the board's`);
  console.log(`board (all ${all.cards} cards):   p50 ${fmt(all.p50)}  p95 ${fmt(all.p95)}  payload ${(all.bytes / 1024).toFixed(0)} KiB`);
  console.log(`board (one experiment):    p50 ${fmt(one.p50)}  p95 ${fmt(one.p95)}  payload ${(one.bytes / 1024).toFixed(0)} KiB   (baseline; all/one p95 ratio ${(all.p95 / one.p95).toFixed(2)})`);
  console.log(`board floor (same cards, one SQL statement on pg + JSON.stringify): p50 ${fmt(fl.p50)}  p95 ${fmt(fl.p95)}  payload ${(fl.bytes / 1024).toFixed(0)} KiB`);
  console.log(`board build / floor: p50 ${(all.p50 / fl.p50).toFixed(1)}×  p95 ${(all.p95 / fl.p95).toFixed(1)}×   (goal ≤ 2×); payload ${(all.bytes / 1024).toFixed(0)} KiB (goal ≤ 400 KiB), ${(gzipSync(boardRuns.at(-1)!.body).length / 1024).toFixed(0)} KiB gzipped (as next start sends it to a browser that accepts gzip)`);

  // Moves, two ways. Paced: 50 people at the board at once, each moving a card, pausing 0–400 ms
  // (reading the board), then moving the next: the latency a person feels under concurrency.
  // Saturated: 50 clients firing moves back to back: a throughput test of this 2-core machine.
  const cards = await db.task.findMany({ where: { status: "ASSIGNED" }, take: 530, select: { id: true, version: true } });
  for (const c of cards.splice(0, 30)) await moveTask(oscar, c.id, { to: "IN_PROGRESS", version: c.version }); // warm up (a server runs warm)
  const moveAll = async (slice: typeof cards, thinkMs: number) => {
    const latencies: number[] = [];
    let refused = 0;
    let next = 0;
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < slice.length) {
          const c = slice[next++];
          if (thinkMs) await new Promise((r) => setTimeout(r, rand() * thinkMs));
          const s = performance.now();
          try {
            await moveTask(oscar, c.id, { to: "IN_PROGRESS", version: c.version });
          } catch {
            refused++;
          }
          latencies.push(performance.now() - s);
        }
      }),
    );
    return { latencies, refused };
  };
  const paced = await moveAll(cards.slice(0, 250), 400);
  console.log(`moves, 50 concurrent movers pacing 0–400 ms (${paced.latencies.length} moves): p50 ${fmt(pct(paced.latencies, 50))}  p95 ${fmt(pct(paced.latencies, 95))}  refused ${paced.refused}`);
  const saturated = await moveAll(cards.slice(250), 0);
  console.log(`moves, 50 concurrent movers back to back (${saturated.latencies.length} moves): p50 ${fmt(pct(saturated.latencies, 50))}  p95 ${fmt(pct(saturated.latencies, 95))}  refused ${saturated.refused}`);
} finally {
  await db.$disconnect();
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true }); // the postgres user's fallback folder, when dir was private
  rmSync(dir, { recursive: true, force: true });
}
