import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeUndo, type LastEvent } from "./undo";

const at = new Date("2026-11-29T01:00:00Z");
const later = (ms: number) => new Date(at.getTime() + ms);
const last = (e: Partial<LastEvent> = {}): LastEvent => ({ id: 41, kind: "TRANSITION", actorId: 7, fromStatus: "ASSIGNED", toStatus: "IN_PROGRESS", changes: null, createdAt: at, ...e });
const task = { status: "IN_PROGRESS" as const, version: 5, assigneeId: 2 };

test("one's own move within 10 s, with nothing changed since, goes back to where it was", () => {
  const v = judgeUndo({ actorId: 7, task, version: 5, last: last(), now: later(9_999) });
  assert.deepEqual(v, { ok: true, revert: { eventId: 41, to: "ASSIGNED", assigneeId: 2 } });
});

test("an assignment is reverted to the former assignee; a reorder to its former rank", () => {
  const a = judgeUndo({ actorId: 7, task: { ...task, status: "ASSIGNED" }, version: 5, last: last({ kind: "ASSIGNED", fromStatus: "APPROVED", toStatus: "ASSIGNED", changes: { assigneeId: { from: null, to: 7 } } }), now: later(1000) });
  assert.deepEqual(a, { ok: true, revert: { eventId: 41, to: "APPROVED", assigneeId: null } });
  const r = judgeUndo({ actorId: 7, task, version: 5, last: last({ kind: "MOVED", fromStatus: "IN_PROGRESS", toStatus: "IN_PROGRESS", changes: { boardRank: { from: 3.5, to: 1 } } }), now: later(1000) });
  assert.deepEqual(r, { ok: true, revert: { eventId: 41, to: "IN_PROGRESS", assigneeId: 2, rank: 3.5 } });
});

test("an approval can be undone by the coordinator who approved", () => {
  const v = judgeUndo({ actorId: 7, task: { status: "APPROVED", version: 3, assigneeId: null }, version: 3, last: last({ fromStatus: "REQUESTED", toStatus: "APPROVED" }), now: later(2000) });
  assert.ok(v.ok && v.revert.to === "REQUESTED");
});

test("refused: too late, someone else's change, a changed task, an edit, nothing, an undo", () => {
  const refusal = (v: ReturnType<typeof judgeUndo>) => (v.ok ? "allowed" : `${v.code}: ${v.message}`);
  assert.match(refusal(judgeUndo({ actorId: 7, task, version: 5, last: last(), now: later(10_001) })), /^conflict: .*10 seconds/);
  assert.match(refusal(judgeUndo({ actorId: 8, task, version: 5, last: last(), now: later(100) })), /^conflict: Someone else/);
  assert.match(refusal(judgeUndo({ actorId: 7, task, version: 4, last: last(), now: later(100) })), /^conflict: This task changed/);
  assert.match(refusal(judgeUndo({ actorId: 7, task, version: 5, last: last({ kind: "EDITED" }), now: later(100) })), /^invalid_transition: Only a move/);
  assert.match(refusal(judgeUndo({ actorId: 7, task, version: 5, last: null, now: later(100) })), /^invalid_transition: There is no change/);
  assert.match(refusal(judgeUndo({ actorId: 7, task, version: 5, last: last({ kind: "UNDONE" }), now: later(100) })), /already undone/);
});
