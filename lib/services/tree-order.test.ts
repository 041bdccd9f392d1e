import { test } from "node:test";
import assert from "node:assert/strict";
import { orderAsTree } from "./tree-order";

test("parents come before their children, siblings by position then name, with depths", () => {
  const rows = [
    { id: 3, parentId: 1, position: 1, displayName: "b" },
    { id: 1, parentId: null, position: 0, displayName: "all" },
    { id: 2, parentId: 1, position: 0, displayName: "z" },
    { id: 4, parentId: 2, position: 0, displayName: "leaf" },
    { id: 5, parentId: 99, position: 0, displayName: "orphan" },
  ];
  assert.deepEqual(orderAsTree(rows).map((r) => [r.id, r.depth, r.childCount]), [[1, 0, 2], [2, 1, 1], [4, 2, 0], [3, 1, 0], [5, 0, 0]]);
});

test("a cycle in bad data is listed once, never looped", () => {
  const rows = [
    { id: 1, parentId: 2, position: 0, displayName: "a" },
    { id: 2, parentId: 1, position: 0, displayName: "b" },
  ];
  assert.equal(orderAsTree(rows).length, 2);
});
