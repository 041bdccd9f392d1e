import { test } from "node:test";
import assert from "node:assert/strict";
import { TASK_STATUSES, TASK_TRANSITIONS, findTransition } from "./lifecycle";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

// The whole lifecycle as a table: from → allowed targets. Every other pair is forbidden.
const ALLOWED: Record<TaskStatus, TaskStatus[]> = {
  REQUESTED: ["APPROVED", "REJECTED", "CHANGES_REQUESTED", "CANCELLED"],
  CHANGES_REQUESTED: ["REQUESTED", "CANCELLED"],
  APPROVED: ["ASSIGNED", "ON_HOLD", "CANCELLED"],
  REJECTED: [],
  ASSIGNED: ["APPROVED", "IN_PROGRESS", "ON_HOLD", "CANCELLED"],
  IN_PROGRESS: ["ASSIGNED", "DONE", "ON_HOLD", "CANCELLED"],
  ON_HOLD: ["APPROVED", "ASSIGNED", "IN_PROGRESS", "CANCELLED"],
  DONE: [],
  CANCELLED: [],
};

for (const from of TASK_STATUSES) {
  for (const to of TASK_STATUSES) {
    const allowed = ALLOWED[from].includes(to);
    test(`${from} → ${to} is ${allowed ? "allowed" : "forbidden"}`, () => {
      assert.equal(!!findTransition(from, to), allowed);
    });
  }
}

test("a person must explain rejecting, asking for changes, holding, cancelling and withdrawing", () => {
  const mustExplain = TASK_TRANSITIONS.filter((t) => t.reasonRequired).map((t) => t.action);
  for (const a of ["reject", "request_changes", "hold", "cancel", "withdraw"]) assert.ok(mustExplain.includes(a as never), a);
  for (const a of ["approve", "assign", "start", "complete", "resubmit"]) assert.ok(!mustExplain.includes(a as never), a);
});

test("who may move: decisions are the coordinator's, board moves OPOS's, resubmission and withdrawal the requester's", () => {
  const by = (from: TaskStatus, to: TaskStatus) => findTransition(from, to)!.by;
  assert.deepEqual(by("REQUESTED", "APPROVED"), ["coordinator"]);
  assert.deepEqual(by("REQUESTED", "REJECTED"), ["coordinator"]);
  assert.deepEqual(by("CHANGES_REQUESTED", "REQUESTED"), ["requester"]);
  assert.deepEqual(by("REQUESTED", "CANCELLED"), ["requester"]);
  assert.deepEqual(by("APPROVED", "ASSIGNED"), ["opos"]);
  assert.ok(by("ASSIGNED", "IN_PROGRESS").includes("assignee"));
  assert.ok(by("IN_PROGRESS", "ON_HOLD").includes("coordinator"));
});

test("each pair of states has at most one transition", () => {
  const keys = TASK_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
  assert.equal(new Set(keys).size, keys.length);
});
