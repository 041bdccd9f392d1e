import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { createTask } from "./create-task";
import { transitionTask } from "./transition-task";
import { moveTask } from "./move-task";
import { undoLastChange } from "./undo-change";
import { replanTask } from "./replan-task";
import { createTaskInput } from "../input";

const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

async function approved(title: string) {
  const t = await createTask(await actor("ned"), createTaskInput().parse({ experiment: "nova", title, kind: "OTHER" }));
  return (await transitionTask(await actor("nina"), t.id, { to: "APPROVED" })).task;
}

test("a move is undone by its mover within 10 s: back to its column, assignee and rank, as an UNDONE event naming it", async () => {
  const oscar = await actor("oscar");
  const t = await approved("Undo me: a board move");
  const { task: moved } = await moveTask(oscar, t.id, { to: "ASSIGNED", version: t.version, rank: 123.5 });
  assert.equal(moved.assigneeId, oscar.id);
  const { task: back, undoneEventId } = await undoLastChange(oscar, t.id, moved.version);
  assert.equal(back.status, "APPROVED");
  assert.equal(back.assigneeId, null);
  assert.equal(back.boardRank, t.boardRank);
  const [undone, move] = await db.taskEvent.findMany({ where: { taskId: t.id }, orderBy: { id: "desc" }, take: 2 });
  assert.equal(undone.kind, "UNDONE");
  assert.equal(undone.undoesId, move.id);
  assert.equal(undoneEventId, move.id);
  assert.equal(undone.actorId, oscar.id);
  // An undo is not undone, and is refused with a 4xx.
  await assert.rejects(undoLastChange(oscar, t.id, back.version), code("invalid_transition"));
});

test("an undo is refused for someone else's change, a changed task, and after 10 seconds", async () => {
  const [oscar, olga] = [await actor("oscar"), await actor("olga")];
  const t = await approved("Undo me: refusals");
  const { task: moved } = await moveTask(oscar, t.id, { to: "ASSIGNED", version: t.version });
  await assert.rejects(undoLastChange(olga, t.id, moved.version), code("conflict"), "not hers");
  await assert.rejects(undoLastChange(oscar, t.id, moved.version - 1), code("conflict"), "a version that is not the one the move produced");
  await db.taskEvent.updateMany({ where: { taskId: t.id }, data: { createdAt: new Date(Date.now() - 11_000) } });
  await assert.rejects(undoLastChange(oscar, t.id, moved.version), (e: unknown) => code("conflict")(e) && /10 seconds/.test((e as Error).message));
  assert.equal((await db.task.findUniqueOrThrow({ where: { id: t.id } })).status, "ASSIGNED");
});

test("the coordinator undoes an approval; a requester cannot undo it", async () => {
  const [nina, ned] = [await actor("nina"), await actor("ned")];
  const t = await createTask(ned, createTaskInput().parse({ experiment: "nova", title: "Undo me: an approval", kind: "OTHER" }));
  const { task } = await transitionTask(nina, t.id, { to: "APPROVED" });
  await assert.rejects(undoLastChange(ned, t.id, task.version), code("conflict"));
  const { task: back } = await undoLastChange(nina, t.id, task.version);
  assert.equal(back.status, "REQUESTED");
  const row = await db.task.findUniqueOrThrow({ where: { id: t.id } });
  assert.equal(row.deciderId, null, "an undone decision is no longer on the task");
  // A rejection with its reason, undone: the reason goes with it.
  const { task: rejected } = await transitionTask(nina, t.id, { to: "REJECTED", reason: "Duplicate of NOVA-1" });
  await undoLastChange(nina, t.id, rejected.version);
  const again = await db.task.findUniqueOrThrow({ where: { id: t.id } });
  assert.deepEqual([again.status, again.deciderId, again.decisionReason], ["REQUESTED", null, null]);
});

test("priority and needed-by are re-planned by OPOS or the coordinator, not by the requester, with a field diff", async () => {
  const [oscar, ned, nina] = [await actor("oscar"), await actor("ned"), await actor("nina")];
  const t = await approved("Re-plan me");
  const p = await replanTask(oscar, t.id, { priority: "URGENT" }, t.version);
  assert.equal(p.priority, "URGENT");
  const d = await replanTask(nina, t.id, { neededBy: "2031-01-02" }, p.version);
  assert.equal(d.neededBy?.toISOString().slice(0, 10), "2031-01-02");
  await assert.rejects(replanTask(ned, t.id, { priority: "LOW" }, d.version), code("forbidden"));
  await assert.rejects(replanTask(oscar, t.id, { priority: "LOW" }, p.version), code("conflict"), "stale version");
  const events = await db.taskEvent.findMany({ where: { taskId: t.id, kind: "EDITED" }, orderBy: { id: "asc" } });
  assert.deepEqual(events.map((e) => e.changes), [{ priority: { from: "NORMAL", to: "URGENT" } }, { neededBy: { from: null, to: "2031-01-02" } }]);
});
