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
  assert.deepEqual(plan, [{ serviceId: 2, personIds: [10, 20, 30], message: "dCache is no longer bad: it is good now. No longer bad either: Pool (dune)." }]);
});

test("nobody watching: nothing to send", () => {
  assert.deepEqual(planServiceNotifications([{ serviceId: 4, from: "GOOD", to: "BAD", detail: "" }], tree({ 4: "BAD" }), watchers), []);
});

test("a watcher of a bad grandchild hears the top ancestor's message, and it names the grandchild", () => {
  // Storage goes bad; dCache only degraded; its Pool (dune) and Enstore go bad. Pool (dune)'s watchers (30, 10) hear
  // Storage speak, and Storage's message names Pool (dune), not only its direct children.
  const changes = [
    { serviceId: 1, from: "GOOD", to: "BAD", detail: "" },
    { serviceId: 2, from: "GOOD", to: "DEGRADED", detail: "" },
    { serviceId: 3, from: "GOOD", to: "BAD", detail: "HTTP 503" },
    { serviceId: 5, from: "GOOD", to: "BAD", detail: "HTTP 503" },
  ] as const;
  const plan = planServiceNotifications(changes, tree({ 1: "BAD", 2: "DEGRADED", 3: "BAD", 5: "BAD" }), watchers);
  assert.deepEqual(plan, [{ serviceId: 1, personIds: [10, 30, 50], message: "Storage is bad: Pool (dune), Enstore are bad." }]);
  // And back: the grandchild recovers with Storage.
  const back = planServiceNotifications(
    [
      { serviceId: 1, from: "BAD", to: "DEGRADED", detail: "" },
      { serviceId: 3, from: "BAD", to: "GOOD", detail: "" },
    ],
    tree({ 1: "DEGRADED", 2: "DEGRADED", 5: "BAD" }),
    watchers,
  );
  assert.deepEqual(back, [{ serviceId: 1, personIds: [10, 30], message: "Storage is no longer bad: it is degraded now. No longer bad either: Pool (dune)." }]);
});

test("going from bad to unknown (the monitor went quiet) is no recovery: nobody is told", () => {
  assert.deepEqual(planServiceNotifications([{ serviceId: 5, from: "BAD", to: "UNKNOWN", detail: "" }], tree({ 5: "UNKNOWN" }), watchers), []);
});
