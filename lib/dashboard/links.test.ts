import { test } from "node:test";
import assert from "node:assert/strict";
import { taskHref, taskListHref } from "./links";

test("links follow the Tasks list's URL contract, in a stable order, commas readable", () => {
  assert.equal(taskListHref({}), "/tasks");
  assert.equal(taskListHref({ mine: true, state: "open" }), "/tasks?mine=1&state=open");
  assert.equal(taskListHref({ state: ["IN_PROGRESS"], experiment: ["nova"] }), "/tasks?experiment=nova&state=IN_PROGRESS");
  assert.equal(taskListHref({ assignee: "oscar", state: ["ASSIGNED", "IN_PROGRESS", "ON_HOLD"] }), "/tasks?assignee=oscar&state=ASSIGNED,IN_PROGRESS,ON_HOLD");
  assert.equal(taskListHref({ stale: 14, state: "open" }), "/tasks?state=open&stale=14");
  assert.equal(taskListHref({ state: ["DONE"], updatedFrom: "2026-11-16", updatedTo: "2026-11-23" }), "/tasks?state=DONE&updatedFrom=2026-11-16&updatedTo=2026-11-23");
  assert.equal(taskListHref({ overdue: true, mine: false, experiment: [] }), "/tasks?overdue=1");
});

test("values are escaped: a username cannot add parameters", () => {
  assert.equal(taskListHref({ requester: "a&b=c" }), "/tasks?requester=a%26b%3Dc");
  assert.equal(taskHref("NOVA-57"), "/tasks/NOVA-57");
});
