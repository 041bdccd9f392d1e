import { test } from "node:test";
import assert from "node:assert/strict";
import { AGEING_BUCKETS, addDays, ageingBucketOf, ageingDates, recentWeeks, weekStart } from "./periods";

test("weeks start on Monday (UTC), as PostgreSQL's date_trunc('week')", () => {
  assert.equal(weekStart("2026-11-29"), "2026-11-23"); // Sunday → the Monday before
  assert.equal(weekStart("2026-11-23"), "2026-11-23"); // Monday → itself
  assert.equal(weekStart("2026-11-24"), "2026-11-23");
  assert.equal(weekStart("2027-01-01"), "2026-12-28"); // across a year end
  assert.equal(weekStart("2024-03-01"), "2024-02-26"); // across a leap day
});

test("the throughput weeks: twelve Mondays, oldest first, the current week last", () => {
  const weeks = recentWeeks("2026-11-29");
  assert.equal(weeks.length, 12);
  assert.equal(weeks[11], "2026-11-23");
  assert.equal(weeks[0], "2026-09-07");
  for (let i = 1; i < weeks.length; i++) assert.equal(addDays(weeks[i - 1], 7), weeks[i]);
  assert.deepEqual(recentWeeks("2026-11-23", 2), ["2026-11-16", "2026-11-23"]);
});

test("days since the last change fall in exactly one ageing bucket", () => {
  assert.deepEqual([0, 6, 7, 13, 14, 27, 28, 400, -2].map(ageingBucketOf), [0, 0, 1, 1, 2, 2, 3, 3, 0]);
});

test("a bucket's dates select the same days as its count: updatedFrom inclusive, updatedTo exclusive", () => {
  const today = "2026-11-29";
  assert.deepEqual(ageingDates(today, AGEING_BUCKETS[0]), { updatedFrom: "2026-11-23" });
  assert.deepEqual(ageingDates(today, AGEING_BUCKETS[1]), { updatedFrom: "2026-11-16", updatedTo: "2026-11-23" });
  assert.deepEqual(ageingDates(today, AGEING_BUCKETS[3]), { updatedTo: "2026-11-02" });
  // Every day of the last 60 is selected by the dates of the bucket its age falls in, and by no other.
  for (let age = 0; age < 60; age++) {
    const day = addDays(today, -age);
    const selecting = AGEING_BUCKETS.map((b) => ageingDates(today, b)).flatMap((d, i) => ((!d.updatedFrom || day >= d.updatedFrom) && (!d.updatedTo || day < d.updatedTo) ? [i] : []));
    assert.deepEqual(selecting, [ageingBucketOf(age)], `age ${age}`);
  }
});
