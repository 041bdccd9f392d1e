import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { createTask } from "./create-task";
import { editTask } from "./edit-task";
import { transitionTask } from "./transition-task";
import { assignTask } from "./assign-task";
import { moveTask } from "./move-task";
import { commentOnTask } from "./comment-on-task";
import { createTaskInput } from "../input";
import { DomainError } from "@/lib/errors";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

async function newRequest(username: string, experiment: string, title: string) {
  return createTask(await actor(username), createTaskInput().parse({ experiment, title, kind: "REPROCESSING", priority: "HIGH" }));
}

test("request → changes requested → edit → resubmit → approve, each step an event with actor, and notifications", async () => {
  const [ned, nina] = [await actor("ned"), await actor("nina")];
  const t = await newRequest("ned", "nova", "Reprocess period 7");
  await assert.rejects(transitionTask(nina, t.id, { to: "CHANGES_REQUESTED" }), code("invalid_input"), "a reason is required");
  await transitionTask(nina, t.id, { to: "CHANGES_REQUESTED", reason: "Which release?" });
  await editTask(ned, t.id, { softwareVersion: "v3.2.1", title: "Reprocess period 7 with v3.2.1" });
  await transitionTask(ned, t.id, { to: "REQUESTED" });
  const { task } = await transitionTask(nina, t.id, { to: "APPROVED" });
  assert.equal(task.status, "APPROVED");
  assert.equal(task.deciderId, nina.id);
  const events = await db.taskEvent.findMany({ where: { taskId: t.id }, orderBy: { id: "asc" } });
  assert.deepEqual(events.map((e) => [e.kind, e.toStatus]), [["CREATED", "REQUESTED"], ["TRANSITION", "CHANGES_REQUESTED"], ["EDITED", null], ["TRANSITION", "REQUESTED"], ["TRANSITION", "APPROVED"]]);
  assert.deepEqual((events[2].changes as Record<string, unknown>).softwareVersion, { from: "", to: "v3.2.1" });
  assert.deepEqual(events.map((e) => e.actorId), [ned.id, nina.id, ned.id, ned.id, nina.id]);
  const notes = await db.notification.findMany({ where: { taskId: t.id } });
  assert.ok(notes.some((n) => n.personId === nina.id && n.message.startsWith("New request")), "coordinator told of the new request");
  assert.ok(notes.filter((n) => n.personId === ned.id).length >= 2, "requester told of every decision");
});

test("forbidden moves are refused with a message and change nothing", async () => {
  const t = await newRequest("ned", "nova", "Cross-experiment attempt");
  const dana = await actor("dana"); // DUNE coordinator: sees NOvA? no → not found
  await assert.rejects(transitionTask(dana, t.id, { to: "APPROVED" }), code("not_found"));
  const oscar = await actor("oscar"); // OPOS cannot approve
  await assert.rejects(transitionTask(oscar, t.id, { to: "APPROVED" }), code("forbidden"));
  await assert.rejects(transitionTask(await actor("nina"), t.id, { to: "DONE" }), code("invalid_transition"));
  await assert.rejects(editTask(await actor("nora"), t.id, { title: "hijack" }), code("forbidden"));
  const after = await db.task.findUniqueOrThrow({ where: { id: t.id } });
  assert.equal(after.status, "REQUESTED");
  assert.equal(after.version, 1);
  assert.equal(await db.taskEvent.count({ where: { taskId: t.id } }), 1);
});

test("a hard WIP limit refuses the move; a soft one warns", async () => {
  const [nina, oscar] = [await actor("nina"), await actor("oscar")];
  const t = await newRequest("ned", "nova", "WIP probe");
  await transitionTask(nina, t.id, { to: "APPROVED" });
  const inColumn = await db.task.count({ where: { status: "ASSIGNED" } });
  const limit = await db.wipLimit.create({ data: { status: "ASSIGNED", softLimit: inColumn, hardLimit: inColumn + 1 } });
  try {
    const { warnings } = await assignTask(oscar, t.id, { assigneeId: oscar.id });
    assert.match(warnings[0], /soft limit/);
    const t2 = await newRequest("ned", "nova", "WIP probe 2");
    await transitionTask(nina, t2.id, { to: "APPROVED" });
    const v = (await db.task.findUniqueOrThrow({ where: { id: t2.id } })).version;
    await assert.rejects(moveTask(oscar, t2.id, { to: "ASSIGNED", version: v }), /hard limit/);
    assert.equal((await db.task.findUniqueOrThrow({ where: { id: t2.id } })).status, "APPROVED");
  } finally {
    await db.wipLimit.delete({ where: { id: limit.id } });
  }
});

test("comments are recorded and tell the requester", async () => {
  const t = await newRequest("ned", "nova", "Comment probe");
  const nina = await actor("nina");
  await commentOnTask(nina, t.id, "Looks good, one question about the input.");
  assert.equal(await db.taskComment.count({ where: { taskId: t.id } }), 1);
  assert.ok(await db.notification.findFirst({ where: { taskId: t.id, message: { startsWith: "New comment" } } }));
});

test("200 conflicting board moves from concurrent clients: every accepted move is in the history, the final state is the last accepted move", async () => {
  const oscar = await actor("oscar");
  const t = await newRequest("ned", "nova", "Contended card");
  await transitionTask(await actor("nina"), t.id, { to: "APPROVED" });
  const NEXT: Partial<Record<TaskStatus, TaskStatus[]>> = { APPROVED: ["ASSIGNED"], ASSIGNED: ["IN_PROGRESS", "APPROVED"], IN_PROGRESS: ["ASSIGNED", "ON_HOLD"], ON_HOLD: ["IN_PROGRESS", "ASSIGNED"] };
  const accepted: { to: TaskStatus; version: number }[] = [];
  let refused = 0;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const eventsBefore = await db.taskEvent.count({ where: { taskId: t.id } });
  // 25 clients × 8 moves; each reads the card, thinks a moment, then moves it based on what it saw.
  await Promise.all(
    Array.from({ length: 25 }, async () => {
      for (let i = 0; i < 8; i++) {
        const seen = await db.task.findUniqueOrThrow({ where: { id: t.id }, select: { status: true, version: true } });
        const options = NEXT[seen.status]!;
        const to = options[Math.floor(rand() * options.length)];
        await new Promise((r) => setTimeout(r, rand() * 5));
        try {
          const r = await moveTask(oscar, t.id, { to, version: seen.version, reason: to === "ON_HOLD" ? "contention test" : undefined });
          accepted.push({ to, version: r.task.version });
        } catch (e) {
          assert.ok(e instanceof DomainError && e.code === "conflict", `only conflicts are expected, got ${String(e)}`);
          refused++;
        }
      }
    }),
  );
  assert.equal(accepted.length + refused, 200);
  assert.ok(accepted.length > 0 && refused > 0, `both outcomes happen (accepted ${accepted.length}, refused ${refused})`);
  const final = await db.task.findUniqueOrThrow({ where: { id: t.id } });
  const last = accepted.sort((a, b) => a.version - b.version).at(-1)!;
  assert.equal(final.status, last.to);
  assert.equal(final.version, last.version);
  // Versions of accepted moves are exactly consecutive: none lost, none applied twice.
  const versions = accepted.map((a) => a.version);
  assert.deepEqual(versions, Array.from({ length: accepted.length }, (_, i) => versions[0] + i));
  const history = await db.taskEvent.findMany({ where: { taskId: t.id }, orderBy: { id: "asc" }, skip: eventsBefore });
  assert.equal(history.length, accepted.length);
  assert.deepEqual(history.map((h) => h.toStatus), accepted.map((a) => a.to));
});

test("task keys: 20 requests created at once get 20 distinct consecutive numbers in their experiment, and resolve", async () => {
  const { taskIdFromRef } = await import("../resolve-task");
  const { taskKey } = await import("../keys");
  const ned = await actor("ned");
  const before = (await db.experiment.findUniqueOrThrow({ where: { name: "dune" } })).taskCounter;
  const created = await Promise.all(Array.from({ length: 20 }, (_, i) => createTask(ned, createTaskInput().parse({ experiment: "dune", title: `Key race ${i}`, kind: "OTHER" }))));
  const numbers = created.map((t) => t.number).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => before + 1 + i));
  assert.equal((await db.experiment.findUniqueOrThrow({ where: { name: "dune" } })).taskCounter, before + 20);
  const t = created[0];
  assert.equal(await taskIdFromRef(taskKey("dune", t.number)), t.id);
  assert.equal(await taskIdFromRef(`dune-${t.number}`), t.id);
  assert.equal(await taskIdFromRef(String(t.id)), t.id);
  await assert.rejects(taskIdFromRef("DUNE-999999"), code("not_found"));
  await assert.rejects(taskIdFromRef("NOVA-0"), code("not_found"));
});
