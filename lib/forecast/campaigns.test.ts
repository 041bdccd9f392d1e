import { test } from "node:test";
import assert from "node:assert/strict";
import { dailySeries } from "./campaigns";

const today = new Date("2026-11-29T00:00:00Z");
const day = (iso: string, n: number) => ({ day: new Date(`${iso}T00:00:00Z`), n });

test("the daily series runs from the first counted day (or 14 days back) to yesterday, quiet days as zeros", () => {
  assert.deepEqual(dailySeries([day("2026-11-26", 5), day("2026-11-28", 7)], new Date("2026-11-25T13:00:00Z"), today), [0, 5, 0, 7]);
  const long = dailySeries([day("2026-11-01", 99), day("2026-11-15", 3), day("2026-11-28", 4)], new Date("2026-10-01T00:00:00Z"), today);
  assert.equal(long.length, 14);
  assert.deepEqual([long[0], long[13], long.reduce((a, b) => a + b, 0)], [3, 4, 7]);
  assert.deepEqual(dailySeries([], null, today), []);
  assert.deepEqual(dailySeries([day("2026-11-29", 5)], new Date("2026-11-29T03:00:00Z"), today), []);
});
