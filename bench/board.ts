/**
 * Board benchmark: seeds 2,000 open tasks over 8 experiments on a throwaway embedded PostgreSQL
 * and prints (1) the board's server-side build time, i.e. boardSnapshot + JSON as served by
 * GET /api/v1/board and as the /board page uses it, p50/p95 over 40 runs; (2) its payload size;
 * (3) board-move latency with 50 concurrent movers, p50/p95, paced like people and back to back. Baseline in the same run: the same
 * snapshot for one experiment's cards (filtered), so ratios show how it scales with card count.
 * Run: node --import tsx bench/board.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { MIGRATIONS_DIR } from "../lib/db/bootstrap";

const dir = mkdtempSync(path.join(os.tmpdir(), "poms-bench-"));
const pg = await startEmbeddedPostgres({ dataDir: dir, database: "bench", quiet: true, throwaway: true });
process.env.DATABASE_URL = pg.url;
await applyMigrations(pg.url, MIGRATIONS_DIR);
const { db } = await import("../lib/db");
const { seedDemoData } = await import("../lib/demo/seed");
const { boardSnapshot } = await import("../lib/board/snapshot");
const { moveTask } = await import("../lib/tasks/commands/move-task");
const { loadActor } = await import("../lib/people/actor");
const { parseFilters } = await import("../lib/board/filters");
const { taskJson } = await import("../lib/tasks/serialize");

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

try {
  await seedDemoData(db);
  for (const name of ["mu2e", "gm2", "minerva"]) await db.experiment.create({ data: { name, displayName: name.toUpperCase() } });
  const experiments = await db.experiment.findMany();
  const requester = await db.person.findUniqueOrThrow({ where: { username: "ned" } });
  const operators = await db.person.findMany({ where: { globalRoles: { has: "OPOS" } } });
  const statuses = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"] as const;
  const existing = await db.task.count({ where: { status: { in: [...statuses] } } });
  const N = 2000 - existing;
  const t0 = performance.now();
  await db.task.createMany({
    data: Array.from({ length: N }, (_, i) => {
      const status = statuses[i % 4];
      return {
        experimentId: experiments[i % 8].id,
        title: `Bench task ${i}: reprocess slice ${i % 97}`,
        kind: "REPROCESSING" as const,
        requesterId: requester.id,
        status,
        assigneeId: status === "APPROVED" ? null : operators[i % operators.length].id,
        priority: (["LOW", "NORMAL", "HIGH", "URGENT"] as const)[i % 4],
        boardRank: i,
        neededBy: new Date(Date.now() + ((i % 60) - 10) * 86_400_000),
      };
    }),
  });
  console.log(`seeded ${N} tasks (2,000 open on the board) over ${experiments.length} experiments in ${fmt(performance.now() - t0)}`);

  const oscar = (await loadActor(operators[0].id))!;
  const measure = async (query: string, runs: number) => {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const body = JSON.stringify(taskJson(await boardSnapshot(oscar, parseFilters(new URLSearchParams(query)))));
      times.push(performance.now() - s);
      bytes = Buffer.byteLength(body);
    }
    return { p50: pct(times, 50), p95: pct(times, 95), bytes };
  };
  await measure("", 3); // warm up
  const all = await measure("", 40);
  const one = await measure("experiment=nova", 40);
  console.log(`board (all 2,000 cards):   p50 ${fmt(all.p50)}  p95 ${fmt(all.p95)}  payload ${(all.bytes / 1024).toFixed(0)} KiB`);
  console.log(`board (one experiment):    p50 ${fmt(one.p50)}  p95 ${fmt(one.p95)}  payload ${(one.bytes / 1024).toFixed(0)} KiB   (baseline; all/one p95 ratio ${(all.p95 / one.p95).toFixed(2)})`);

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
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
