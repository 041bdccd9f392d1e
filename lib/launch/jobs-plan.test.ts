import { test } from "node:test";
import assert from "node:assert/strict";
import { planJobs } from "./jobs-plan";

const files = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);

test("one file per job by default; files per job groups them in order", () => {
  assert.deepEqual(planJobs(files(3), null, null), [["f0"], ["f1"], ["f2"]]);
  assert.deepEqual(planJobs(files(5), 2, null), [["f0", "f1"], ["f2", "f3"], ["f4"]]);
});

test("a job cap spreads the files evenly over that many jobs, none lost", () => {
  const jobs = planJobs(files(10), 1, 3);
  assert.equal(jobs.length, 3);
  assert.deepEqual(jobs.map((j) => j.length), [4, 3, 3]);
  assert.deepEqual(jobs.flat(), files(10));
});

test("a generator stage (no files) runs maxJobs empty jobs, at least one", () => {
  assert.deepEqual(planJobs([], 1, null), [[]]);
  assert.equal(planJobs([], 1, 4).length, 4);
});
