import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { moveTask } from "./move-task";
import { assignTask } from "./assign-task";

const CONCURRENT = 8;
const ROUNDS = 20;

const countIn = (status: TaskStatus, assigneeId?: number) => db.task.count({ where: { status, ...(assigneeId ? { assigneeId } : {}) } });
const version = async (id: number) => (await db.task.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;

/** Runs the attempts at once and sorts the outcomes: accepted, or refused with the limit's message. */
async function race(attempts: (() => Promise<unknown>)[]) {
  const settled = await Promise.allSettled(attempts.map((a) => a()));
  const refused = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
  for (const r of refused) assert.ok(r.reason instanceof DomainError && r.reason.code === "limit_reached", `only limit refusals are expected, got ${String(r.reason)}`);
  for (const r of refused) assert.match((r.reason as DomainError).message, /hard limit/);
  return settled.map((s, i) => (s.status === "fulfilled" ? i : -1)).filter((i) => i >= 0);
}

test(`hard WIP limits hold under ${CONCURRENT} concurrent moves and ${CONCURRENT} concurrent assigns, ${ROUNDS} rounds: exactly the free slots are filled`, async () => {
  const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  assert.ok(poolSize >= CONCURRENT, `the pool has ${poolSize} connections`);
  const [oscar, olga, omar, ned] = await Promise.all(["oscar", "olga", "omar", "ned"].map(async (u) => db.person.findUniqueOrThrow({ where: { username: u } })));
  const actor = (await loadActor(oscar.id))!;
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const saved = await db.wipLimit.findMany();
  await db.wipLimit.deleteMany();
  const make = (status: TaskStatus, assigneeId: number | null, tag: string) =>
    db.task.createManyAndReturn({
      data: Array.from({ length: CONCURRENT }, (_, i) => ({ experimentId: nova.id, requesterId: ned.id, title: `WIP race ${tag} ${i}`, kind: "OTHER" as const, status, assigneeId, boardRank: 1000 + i })),
      select: { id: true },
    });
  const toStart = (await make("ASSIGNED", olga.id, "start")).map((t) => t.id);
  const toAssign = (await make("APPROVED", null, "assign")).map((t) => t.id);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const free = 1 + (round % 3);

      // Moves into "In progress" with `free` slots left in the column.
      const inProgress = await countIn("IN_PROGRESS");
      await db.wipLimit.create({ data: { status: "IN_PROGRESS", hardLimit: inProgress + free } });
      const versions = await Promise.all(toStart.map(version));
      const moved = await race(toStart.map((id, i) => () => moveTask(actor, id, { to: "IN_PROGRESS", version: versions[i] })));
      assert.equal(moved.length, free, `round ${round}: ${moved.length} moves accepted into ${free} free slots`);
      assert.equal(await countIn("IN_PROGRESS"), inProgress + free);
      await db.wipLimit.deleteMany();
      for (const i of moved) await moveTask(actor, toStart[i], { to: "ASSIGNED", version: await version(toStart[i]) });

      // Assigns into "Assigned": the column's limit on even rounds, one operator's on odd rounds.
      const byOperator = round % 2 === 1;
      const assigned = byOperator ? await countIn("ASSIGNED", omar.id) : await countIn("ASSIGNED");
      await db.wipLimit.create({ data: { status: "ASSIGNED", personId: byOperator ? omar.id : null, hardLimit: assigned + free } });
      const assignVersions = await Promise.all(toAssign.map(version));
      const took = await race(toAssign.map((id, i) => () => assignTask(actor, id, { assigneeId: omar.id, version: assignVersions[i] })));
      assert.equal(took.length, free, `round ${round}: ${took.length} assigns accepted into ${free} free ${byOperator ? "operator" : "column"} slots`);
      assert.equal(byOperator ? await countIn("ASSIGNED", omar.id) : await countIn("ASSIGNED"), assigned + free);
      await db.wipLimit.deleteMany();
      for (const i of took) await assignTask(actor, toAssign[i], { assigneeId: null, version: await version(toAssign[i]) });
    }
  } finally {
    await db.wipLimit.deleteMany();
    if (saved.length) await db.wipLimit.createMany({ data: saved });
    await db.task.deleteMany({ where: { id: { in: [...toStart, ...toAssign] } } });
  }
});
