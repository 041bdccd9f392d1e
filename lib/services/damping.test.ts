import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { damp, probeBackoffMs } from "./damping";
import type { Verdict } from "./probes/judge";

const run = (start: Verdict, verdicts: Verdict[]) => {
  let cur = { status: start, recentResults: [] as Verdict[] };
  const statuses: Verdict[] = [];
  for (const v of verdicts) {
    const d = damp(cur, v);
    cur = { status: d.status, recentResults: d.recentResults };
    statuses.push(d.status);
  }
  return { statuses, cur };
};

test("a leaf changes status only when its two newest verdicts agree", () => {
  assert.deepEqual(run("GOOD", ["BAD", "GOOD", "BAD", "BAD", "GOOD", "GOOD"]).statuses, ["GOOD", "GOOD", "GOOD", "BAD", "BAD", "GOOD"]);
  // A single odd answer never moves it.
  assert.deepEqual(run("GOOD", ["GOOD", "BAD", "GOOD", "DEGRADED", "GOOD"]).statuses, ["GOOD", "GOOD", "GOOD", "GOOD", "GOOD"]);
  // A service that never had a status needs two agreeing verdicts too.
  assert.deepEqual(run("UNKNOWN", ["GOOD", "GOOD"]).statuses, ["UNKNOWN", "GOOD"]);
  // Three different verdicts: none agrees, the status stays.
  assert.deepEqual(run("GOOD", ["BAD", "DEGRADED", "UNKNOWN"]).statuses, ["GOOD", "GOOD", "GOOD"]);
});

test("alternating answers never move a service (any 2 of 3 would flip it on every run)", () => {
  const alternating: Verdict[] = ["BAD", "GOOD", "BAD", "GOOD", "BAD", "GOOD", "BAD", "GOOD"];
  assert.deepEqual(new Set(run("GOOD", alternating).statuses), new Set(["GOOD"]));
  assert.deepEqual(new Set(run("BAD", alternating.slice(1)).statuses), new Set(["BAD"]));
  // Even starting from a window that already holds two of the other verdict.
  let cur = { status: "GOOD" as Verdict, recentResults: ["GOOD", "GOOD"] as Verdict[] };
  for (const v of alternating) {
    const d = damp(cur, v);
    assert.equal(d.changed, false, `${v} after ${cur.recentResults.join(",")} must not move it`);
    cur = d;
  }
});

test("only the last 3 verdicts are kept, newest last", () => {
  assert.deepEqual(run("GOOD", ["BAD", "GOOD", "DEGRADED", "UNKNOWN"]).cur.recentResults, ["GOOD", "DEGRADED", "UNKNOWN"]);
});

test("property: the status after a verdict is either unchanged or the verdict of the two newest answers", () => {
  const verdict = fc.constantFrom<Verdict>("GOOD", "DEGRADED", "BAD", "UNKNOWN");
  fc.assert(
    fc.property(verdict, fc.array(verdict, { maxLength: 3 }), verdict, (status, recent, v) => {
      const d = damp({ status, recentResults: recent }, v);
      assert.ok(d.recentResults.length <= 3);
      if (d.changed) assert.ok(d.status === v && d.recentResults.at(-2) === v);
      else assert.equal(d.status, status);
      if (d.recentResults.at(-2) !== v) assert.equal(d.changed, false, "a verdict the previous answer did not share never moves it");
    }),
  );
});

test("a failing probe backs off 30 s doubling, at most 10 minutes", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map(probeBackoffMs), [0, 30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
});
