import { test } from "node:test";
import assert from "node:assert/strict";
import { checkWip } from "./wip";
import { rankBetween } from "./columns";

test("no limits: always fine", () => {
  assert.deepEqual(checkWip({ columnTitle: "Assigned", columnCount: 100 }), { ok: true, warnings: [] });
});

test("a soft limit warns once exceeded, a hard limit refuses", () => {
  const limit = { softLimit: 2, hardLimit: 3 };
  assert.deepEqual(checkWip({ columnTitle: "Assigned", columnCount: 1, columnLimit: limit }), { ok: true, warnings: [] });
  const warn = checkWip({ columnTitle: "Assigned", columnCount: 2, columnLimit: limit });
  assert.ok(warn.ok && warn.warnings[0].includes("soft limit (3 of 2)"));
  const refuse = checkWip({ columnTitle: "Assigned", columnCount: 3, columnLimit: limit });
  assert.ok(!refuse.ok && refuse.message.includes("hard limit of 3"));
});

test("an operator's own limit applies within the column", () => {
  const r = checkWip({ columnTitle: "In progress", columnCount: 0, operatorName: "Oscar", operatorCount: 2, operatorLimit: { softLimit: null, hardLimit: 2 } });
  assert.ok(!r.ok && r.message.startsWith("Oscar's"));
});

test("ranks fall between neighbours", () => {
  assert.equal(rankBetween(null, null), 0);
  assert.equal(rankBetween(null, 5), 4);
  assert.equal(rankBetween(5, null), 6);
  assert.equal(rankBetween(1, 2), 1.5);
});
