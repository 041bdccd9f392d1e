import { test } from "node:test";
import assert from "node:assert/strict";
import { planServiceNotifications, type NotifyNode } from "./notify";

// storage(1) ⊃ dcache(2) ⊃ pool-dune(3), pool-nova(4); storage ⊃ enstore(5)
const tree = (s: Partial<Record<number, NotifyNode["status"]>>): NotifyNode[] => [
  { id: 1, parentId: null, displayName: "Storage", status: s[1] ?? "GOOD" },
  { id: 2, parentId: 1, displayName: "dCache", status: s[2] ?? "GOOD" },
  { id: 3, parentId: 2, displayName: "Pool (dune)", status: s[3] ?? "GOOD" },
  { id: 4, parentId: 2, displayName: "Pool (nova)", status: s[4] ?? "GOOD" },
  { id: 5, parentId: 1, displayName: "Enstore", status: s[5] ?? "GOOD" },
];
const watchers = new Map([
  [1, [10]],
  [2, [20]],
  [3, [30, 10]],
  [5, [50]],
]);

test("a leaf going bad alone notifies its own watchers, with its detail", () => {
  const plan = planServiceNotifications([{ serviceId: 5, from: "GOOD", to: "BAD", detail: "HTTP 503" }], tree({ 5: "BAD" }), watchers);
  assert.deepEqual(plan, [{ serviceId: 5, personIds: [50], message: "Enstore is bad: HTTP 503." }]);
});

test("a parent going bad with its children sends ONE notification listing its bad children; the children send none", () => {
  const plan = planServiceNotifications(
    [
      { serviceId: 3, from: "GOOD", to: "BAD", detail: "fill 93 %" },
      { serviceId: 4, from: "GOOD", to: "BAD", detail: "fill 95 %" },
      { serviceId: 2, from: "GOOD", to: "BAD", detail: "0 of 2 good" },
      { serviceId: 1, from: "GOOD", to: "DEGRADED", detail: "" },
    ],
    tree({ 1: "DEGRADED", 2: "BAD", 3: "BAD", 4: "BAD" }),
    watchers,
  );
  // dCache speaks for its pools; the watchers of pool-dune (30, 10) hear it from dCache, each person once.
  assert.deepEqual(plan, [{ serviceId: 2, personIds: [10, 20, 30], message: "dCache is bad: Pool (dune), Pool (nova) are bad." }]);
});

test("recoveries are told the same way, and changes that are neither are silent", () => {
  const plan = planServiceNotifications(
    [
      { serviceId: 3, from: "BAD", to: "GOOD", detail: "" },
      { serviceId: 2, from: "BAD", to: "GOOD", detail: "" },
      { serviceId: 5, from: "GOOD", to: "DEGRADED", detail: "" },
    ],
    tree({}),
    watchers,
  );
  assert.deepEqual(plan, [{ serviceId: 2, personIds: [10, 20, 30], message: "dCache is no longer bad: it is good now." }]);
});

test("nobody watching: nothing to send", () => {
  assert.deepEqual(planServiceNotifications([{ serviceId: 4, from: "GOOD", to: "BAD", detail: "" }], tree({ 4: "BAD" }), watchers), []);
});
