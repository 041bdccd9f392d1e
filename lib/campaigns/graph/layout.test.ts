import { test } from "node:test";
import assert from "node:assert/strict";
import { BIG_STEP, dependencyDepths, edgePath, GRAPH_MAX, graphPosition, layoutGraph, moveForKey, movedByKey, NODE_H, NODE_W, positionsToSave, STEP } from "./layout";
import { moveInput } from "./input";

const node = (id: number, x: number | null = null, y: number | null = null) => ({ id, graphX: x, graphY: y });
const edge = (fromStageId: number, toStageId: number) => ({ fromStageId, toStageId });

test("depth is one more than the deepest producer; self-edges do not count and a cycle still lays out", () => {
  const nodes = [1, 2, 3, 4, 5].map((id) => ({ id }));
  const d = dependencyDepths(nodes, [edge(1, 2), edge(2, 3), edge(1, 3), edge(3, 3), edge(4, 4), edge(3, 5)]);
  assert.deepEqual([1, 2, 3, 4, 5].map((id) => d.get(id)), [0, 1, 2, 0, 3]);
  // 5 → 2 closes the cycle 2 → 3 → 5 → 2: every stage still gets a depth, the source stays first.
  const c = dependencyDepths(nodes, [edge(1, 2), edge(2, 3), edge(3, 5), edge(5, 2)]);
  assert.deepEqual([1, 2, 3, 5].map((id) => c.get(id)), [0, 1, 2, 3]);
  // A cycle with no way in: the first stage in order leads.
  const ring = dependencyDepths([{ id: 7 }, { id: 8 }, { id: 9 }], [edge(8, 9), edge(9, 7), edge(7, 8)]);
  assert.deepEqual([7, 8, 9].map((id) => ring.get(id)), [0, 1, 2]);
  // Edges to stages that are not drawn are ignored.
  assert.deepEqual([...dependencyDepths([{ id: 1 }], [edge(9, 1)]).values()], [0]);
});

test("unplaced stages go in the column of their depth, in the first free row; placed ones stay", () => {
  const nodes = [node(1), node(2), node(3), node(4, 500, 24)];
  const at = layoutGraph(nodes, [edge(1, 2), edge(1, 3)]);
  assert.deepEqual(at.get(4), { x: 500, y: 24, auto: false });
  const [p1, p2, p3] = [at.get(1)!, at.get(2)!, at.get(3)!];
  assert.equal(p1.x < p2.x, true);
  assert.equal(p2.x, p3.x, "two children of one parent share a column");
  assert.notEqual(p2.y, p3.y);
  // No two nodes overlap.
  const all = [...at.values()];
  for (const a of all) for (const b of all) if (a !== b) assert.ok(Math.abs(a.x - b.x) >= NODE_W || Math.abs(a.y - b.y) >= NODE_H, JSON.stringify([a, b]));
  // The same campaign lays out the same way.
  assert.deepEqual(layoutGraph(nodes, [edge(1, 2), edge(1, 3)]), at);
});

test("arrow keys move by a step (Shift: a big step) and never leave the drawing", () => {
  assert.deepEqual(movedByKey({ x: 100, y: 100 }, "ArrowRight", false), { x: 100 + STEP, y: 100 });
  assert.deepEqual(movedByKey({ x: 100, y: 100 }, "ArrowUp", true), { x: 100, y: 100 - BIG_STEP });
  assert.deepEqual(movedByKey({ x: 0, y: 3 }, "ArrowLeft", false), { x: 0, y: 3 });
  assert.deepEqual(movedByKey({ x: GRAPH_MAX, y: 0 }, "ArrowRight", true), { x: GRAPH_MAX, y: 0 });
  assert.equal(movedByKey({ x: 1, y: 1 }, "Enter", false), null);
});

test("a saved place is whole numbers inside the drawing", () => {
  assert.ok(graphPosition.safeParse({ x: 0, y: GRAPH_MAX }).success);
  assert.match(graphPosition.safeParse({ x: -1, y: 0 }).error!.issues[0].message, /at least 0/);
  assert.match(graphPosition.safeParse({ x: 1.5, y: 0 }).error!.issues[0].message, /whole number/);
  assert.ok(!graphPosition.safeParse({ x: 1, y: 2, z: 3 }).success);
});

test("edges run right side to left side; a self-edge loops over its node; a backward edge passes below", () => {
  const fwd = edgePath({ x: 0, y: 0 }, { x: 400, y: 0 }, false);
  assert.match(fwd, new RegExp(`^M ${NODE_W} ${NODE_H / 2} C .* 400 ${NODE_H / 2}$`));
  const loop = edgePath({ x: 100, y: 200 }, { x: 100, y: 200 }, true);
  const ys = loop.match(/-?\d+(\.\d+)?/g)!.map(Number).filter((_, i) => i % 2 === 1);
  assert.ok(Math.min(...ys) < 200, "the loop rises above the node's top");
  const back = edgePath({ x: 400, y: 0 }, { x: 0, y: 0 }, false);
  const backYs = back.match(/-?\d+(\.\d+)?/g)!.map(Number).filter((_, i) => i % 2 === 1);
  assert.ok(Math.max(...backYs) > NODE_H, "a backward edge dips below the nodes");
});

test("arrow keys with Alt, Ctrl or Meta are the browser's shortcuts and do not move a node", () => {
  const p = { x: 100, y: 100 };
  const press = (key: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
  assert.deepEqual(moveForKey(p, press("ArrowRight")), { x: 100 + STEP, y: 100 });
  assert.deepEqual(moveForKey(p, press("ArrowDown", { shiftKey: true })), { x: 100, y: 100 + BIG_STEP });
  for (const mod of ["altKey", "ctrlKey", "metaKey"] as const) assert.equal(moveForKey(p, press("ArrowLeft", { [mod]: true })), null, mod);
  assert.equal(moveForKey(p, press("a")), null);
});

test("a move saves only the placed nodes, so a campaign of any size can be rearranged one node at a time", () => {
  const nodes = Array.from({ length: 250 }, (_, i) => node(i + 1));
  const at = layoutGraph(nodes, []);
  assert.equal([...at.values()].filter((p) => p.auto).length, 250);
  const body = { positions: positionsToSave(new Map([[7, { x: 500.4, y: -3 }]])) };
  assert.deepEqual(body.positions, [{ stageId: 7, x: 500, y: 0 }]);
  assert.ok(moveInput.safeParse(body).success);
});
