import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeGroup, rollUp, type TreeNode } from "./tree";
import type { Verdict } from "./probes/judge";

const kids = (...s: Verdict[]) => s.map((status, i) => ({ name: `c${i}`, status }));

test("a group is judged by the share of good children, degraded counting half, against its thresholds", () => {
  assert.equal(judgeGroup(kids("GOOD", "GOOD"), null, null).status, "GOOD");
  assert.equal(judgeGroup(kids("GOOD", "DEGRADED"), null, null).status, "DEGRADED"); // 0.75 < 1.0
  assert.equal(judgeGroup(kids("GOOD", "BAD"), null, null).status, "DEGRADED"); // 0.5 is not below 0.5
  assert.equal(judgeGroup(kids("GOOD", "BAD", "BAD"), null, null).status, "BAD"); // 0.33
  assert.equal(judgeGroup(kids("DEGRADED", "DEGRADED"), null, null).status, "DEGRADED"); // 0.5
  assert.equal(judgeGroup(kids("DEGRADED", "BAD"), null, null).status, "BAD"); // 0.25
  // Thresholds per group.
  assert.equal(judgeGroup(kids("GOOD", "GOOD", "GOOD", "BAD"), 0.75, 0.5).status, "GOOD");
  assert.equal(judgeGroup(kids("GOOD", "BAD", "BAD", "BAD"), 0.75, 0.2).status, "DEGRADED");
});

test("unknown children are left out of the share; all unknown (or none) is unknown", () => {
  assert.equal(judgeGroup(kids("GOOD", "UNKNOWN", "UNKNOWN"), null, null).status, "GOOD");
  assert.equal(judgeGroup(kids("BAD", "UNKNOWN"), null, null).status, "BAD");
  assert.equal(judgeGroup(kids("UNKNOWN", "UNKNOWN"), null, null).status, "UNKNOWN");
  assert.equal(judgeGroup([], null, null).status, "UNKNOWN");
  assert.match(judgeGroup(kids("GOOD", "BAD", "UNKNOWN"), null, null).detail, /1 of 2 good; bad: c1; 1 unknown/);
});

const node = (id: number, parentId: number | null, status: Verdict, extra: Partial<TreeNode> = {}): TreeNode => ({
  id,
  parentId,
  name: `s${id}`,
  active: true,
  status,
  goodShare: null,
  badShare: null,
  isGroup: false,
  ...extra,
});

test("groups roll up bottom-up through groups of groups; inactive services are ignored", () => {
  const nodes = [
    node(1, null, "UNKNOWN", { isGroup: true }),
    node(2, 1, "UNKNOWN", { isGroup: true }),
    node(3, 1, "UNKNOWN", { isGroup: true }),
    node(4, 2, "BAD"),
    node(5, 2, "BAD"),
    node(6, 2, "GOOD", { active: false }),
    node(7, 3, "GOOD"),
    node(8, 3, "BAD", { active: false }),
  ];
  const r = rollUp(nodes);
  assert.equal(r.get(2)!.status, "BAD"); // the inactive good child does not count
  assert.equal(r.get(3)!.status, "GOOD"); // the inactive bad child does not count
  assert.equal(r.get(1)!.status, "DEGRADED"); // one bad group, one good: 0.5
  assert.equal(r.has(4), false, "leaves keep their own status");
});

test("a cycle in the parent links is cut, never looped", () => {
  const r = rollUp([node(1, 2, "UNKNOWN", { isGroup: true }), node(2, 1, "UNKNOWN", { isGroup: true }), node(3, 1, "GOOD")]);
  assert.equal(r.get(1)!.status, "GOOD");
});

test("property: a child getting better never makes its group worse; unknown children never count", async () => {
  const fc = (await import("fast-check")).default;
  const rank: Record<Verdict, number> = { BAD: 0, DEGRADED: 1, GOOD: 2, UNKNOWN: -1 };
  const known = fc.constantFrom<Verdict>("GOOD", "DEGRADED", "BAD");
  fc.assert(
    fc.property(fc.array(known, { minLength: 1, maxLength: 8 }), fc.nat(7), fc.integer({ min: 0, max: 3 }), (statuses, i, unknowns) => {
      const at = i % statuses.length;
      const better = [...statuses];
      better[at] = statuses[at] === "BAD" ? "DEGRADED" : "GOOD";
      const before = judgeGroup(kids(...statuses), 0.75, 0.4).status;
      const after = judgeGroup(kids(...better), 0.75, 0.4).status;
      assert.ok(rank[after] >= rank[before], `${statuses} → ${better}: ${before} → ${after}`);
      const withUnknown = judgeGroup(kids(...statuses, ...Array<Verdict>(unknowns).fill("UNKNOWN")), 0.75, 0.4).status;
      assert.equal(withUnknown, before);
    }),
  );
});
