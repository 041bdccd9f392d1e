import { test } from "node:test";
import assert from "node:assert/strict";
import { describeStepResult, readRunSteps, runMs, stepTitle, words, describeTrigger } from "./run-summary";

test("keys become words", () => {
  assert.equal(words("jobsChanged"), "jobs changed");
  assert.equal(words("drain-held-launches"), "drain held launches");
  assert.equal(words("launch_failed"), "launch failed");
  assert.equal(stepTitle("batch-status"), "Batch status of active submissions");
  assert.equal(stepTitle("probe-services"), "Probe services");
});

test("a step's result in words: numbers, flags and times as facts; errors listed apart", () => {
  const r = describeStepResult({ read: 1200, jobsChanged: 3, done: true, readBefore: "2026-11-28T04:00:00.000Z", byStage: [1, 2], errors: ["submission 7: timeout", ""], nothing: null });
  assert.deepEqual(r.facts, [
    { label: "read", value: "1,200" },
    { label: "jobs changed", value: "3" },
    { label: "done", value: "yes" },
    { label: "read before", value: "2026-11-28 04:00 UTC" },
    { label: "by stage", value: "2 item(s)" },
  ]);
  assert.deepEqual(r.errors, ["submission 7: timeout"]);
  assert.deepEqual(describeStepResult(undefined), { facts: [], errors: [] });
});

test("a run's summary: steps in order, a failed step's error first, malformed entries skipped", () => {
  const steps = readRunSteps({
    steps: [
      { step: "batch-status", ok: true, ms: 120, result: { read: 4, errors: ["sub 3: refused"] }, log: ["read 4"] },
      { step: "stale-new", ok: false, ms: 30000, error: "did not finish within 30000 ms and was stopped", log: [] },
      { nonsense: true },
    ],
  });
  assert.equal(steps.length, 2);
  assert.equal(steps[0].title, "Batch status of active submissions");
  assert.deepEqual(steps[0].errors, ["sub 3: refused"]);
  assert.deepEqual(steps[0].log, ["read 4"]);
  assert.equal(steps[1].ok, false);
  assert.deepEqual(steps[1].errors, ["did not finish within 30000 ms and was stopped"]);
  assert.deepEqual(readRunSteps({}), []);
  assert.deepEqual(readRunSteps(null), []);
  assert.deepEqual(readRunSteps({ steps: "no" }), []);
});

test("how long a run took; a running one counts up to now; nonsense is unknown", () => {
  assert.equal(runMs("2026-11-29T04:00:00Z", "2026-11-29T04:00:02.5Z", 0), 2500);
  assert.equal(runMs("2026-11-29T04:00:00Z", null, Date.parse("2026-11-29T04:00:10Z")), 10_000);
  assert.equal(runMs("garbage", null, 0), null);
  assert.equal(runMs("2026-11-29T04:00:10Z", "2026-11-29T04:00:00Z", 0), null);
  assert.equal(describeTrigger("cron"), "the cron route");
  assert.equal(describeTrigger("oscar"), "oscar");
});
