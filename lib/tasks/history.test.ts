import { test } from "node:test";
import assert from "node:assert/strict";
import { describeEvent, peopleNamedIn, type HistoryEvent } from "./history";

const NAMES: Record<number, string> = { 2: "Oscar Ortiz", 3: "Olga Orlova" };
const names = (id: number) => NAMES[id];
const ev = (e: Partial<HistoryEvent>): HistoryEvent => ({ id: 1, kind: "TRANSITION", fromStatus: null, toStatus: null, reason: null, changes: null, createdAt: new Date("2026-11-29T01:00:00Z"), actor: { name: "Dana Whitfield" }, ...e });
const what = (e: Partial<HistoryEvent>) => describeEvent(ev(e), names).what;

test("a move is told with the states' labels, never their enum names", () => {
  assert.equal(what({ fromStatus: "REQUESTED", toStatus: "APPROVED" }), "moved it from Requested to Approved");
  assert.equal(what({ fromStatus: "ASSIGNED", toStatus: "IN_PROGRESS" }), "moved it from Assigned to In progress");
});

test("an assignment names the people, not their ids", () => {
  assert.equal(what({ kind: "ASSIGNED", fromStatus: "ASSIGNED", toStatus: "ASSIGNED", changes: { assigneeId: { from: null, to: 2 } } }), "assigned it to Oscar Ortiz");
  assert.equal(what({ kind: "ASSIGNED", fromStatus: "APPROVED", toStatus: "ASSIGNED", changes: { assigneeId: { from: null, to: 2 } } }), "assigned it to Oscar Ortiz and moved it from Approved to Assigned");
  assert.equal(what({ kind: "ASSIGNED", fromStatus: "ASSIGNED", toStatus: "ASSIGNED", changes: { assigneeId: { from: 2, to: 3 } } }), "reassigned it from Oscar Ortiz to Olga Orlova");
  assert.equal(what({ kind: "ASSIGNED", fromStatus: "ASSIGNED", toStatus: "APPROVED", changes: { assigneeId: { from: 2, to: null } } }), "unassigned it from Oscar Ortiz and moved it from Assigned to Approved");
  assert.equal(what({ kind: "ASSIGNED", changes: { assigneeId: { from: null, to: 99 } } }), "assigned it to a person no longer listed");
  assert.doesNotMatch(JSON.stringify(describeEvent(ev({ kind: "ASSIGNED", changes: { assigneeId: { from: null, to: 2 } } }), names)), /assigneeId/);
});

test("edits say which fields changed, in words, with the values people chose", () => {
  const line = describeEvent(ev({ kind: "EDITED", changes: { priority: { from: "NORMAL", to: "URGENT" }, neededBy: { from: null, to: "2026-12-20T00:00:00.000Z" } } }), names);
  assert.equal(line.what, "edited the priority and needed-by date");
  assert.deepEqual(line.details, ["Priority: Normal → Urgent", "Needed-by date: none → 2026-12-20"]);
  const kind = describeEvent(ev({ kind: "EDITED", changes: { kind: { from: "OTHER", to: "CALIBRATION" }, description: { from: "a", to: "b" } } }), names);
  assert.equal(kind.what, "edited the kind of work and description");
  assert.deepEqual(kind.details, ["Kind of work: Other → Calibration"]);
});

test("other events: requested, commented (no reason line), reordered, linked, undone; the system acts too", () => {
  assert.equal(what({ kind: "CREATED", toStatus: "REQUESTED" }), "requested it");
  const comment = describeEvent(ev({ kind: "COMMENTED", reason: "hello" }), names);
  assert.equal(comment.what, "commented");
  assert.equal(comment.reason, null);
  assert.equal(what({ kind: "MOVED", fromStatus: "IN_PROGRESS", toStatus: "IN_PROGRESS", changes: { boardRank: { from: 1, to: 2 } } }), "reordered it within In progress");
  assert.equal(what({ kind: "LINKED", changes: { campaign: { from: null, to: "nova_mc" } } }), "linked the campaign nova_mc");
  assert.equal(what({ kind: "UNDONE", fromStatus: "ASSIGNED", toStatus: "APPROVED", changes: { assigneeId: { from: 2, to: null } } }), "undid their last change, back to Approved (unassigned it from Oscar Ortiz)");
  assert.equal(describeEvent(ev({ actor: null }), names).who, "The system");
  assert.equal(describeEvent(ev({ fromStatus: "IN_PROGRESS", toStatus: "ON_HOLD", reason: "dCache down" }), names).reason, "dCache down");
});

test("peopleNamedIn collects the assignees named in changes, once each", () => {
  assert.deepEqual(peopleNamedIn([ev({ changes: { assigneeId: { from: null, to: 2 } } }), ev({ changes: { assigneeId: { from: 2, to: 3 } } }), ev({ changes: null })]).sort(), [2, 3]);
});
