import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedRows } from "./prepared";

test("prepared reads: each pool's planning rule, UTC sessions, and values and dates read as Prisma reads them", async () => {
  for (const [plan, mode] of [["generic", "force_generic_plan"], ["custom", "force_custom_plan"]] as const) {
    const [row] = await preparedRows<{ mode: string; tz: string }>(Prisma.sql`SELECT current_setting('plan_cache_mode') AS mode, current_setting('TimeZone') AS tz`, { plan });
    assert.deepEqual(row, { mode, tz: "UTC" });
  }
  const task = await db.task.findFirstOrThrow({ where: { neededBy: { not: null } }, select: { id: true, neededBy: true, createdAt: true, updatedAt: true, statusChangedAt: true } });
  const [read] = await preparedRows<{ id: number; neededBy: Date; createdAt: Date; updatedAt: Date; statusChangedAt: Date }>(
    Prisma.sql`SELECT id, "neededBy", "createdAt", "updatedAt", "statusChangedAt" FROM "Task" WHERE id = ${task.id} AND "createdAt" <= ${new Date()}`,
  );
  assert.deepEqual(read, task, "dates as Prisma reads them, whatever the process's time zone");
});

test("prepared reads survive the server closing their idle connections", async () => {
  const pids = async () => (await preparedRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`, { plan: "generic" }))[0].pid;
  const before = await pids();
  await db.$executeRaw`SELECT pg_terminate_backend(${before})`;
  await new Promise((r) => setTimeout(r, 200)); // the pool sees the idle connection close (an 'error' event it handles)
  const after = await pids();
  assert.notEqual(after, before, "a new connection replaced the closed one");
});
