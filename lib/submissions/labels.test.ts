import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SUBMISSION_STATUS_LABEL, SUBMISSION_STATUS_ORDER, SUBMISSION_TONE, JOB_STATUS_LABEL, jobOutcome, parseJobFilter, describeLaunch,
  formatDuration, formatMs, formatMemory, formatPercent, jobProgress, TRIGGER_LABEL, cursorSetHint, formatCursorPosition,
} from "./labels";

test("every submission state has a label in people's words (no enum names) and a place in the order", () => {
  const states = Object.keys(SUBMISSION_STATUS_LABEL);
  assert.equal(states.length, 11);
  assert.deepEqual([...SUBMISSION_STATUS_ORDER].sort(), [...states].sort());
  for (const [state, label] of Object.entries(SUBMISSION_STATUS_LABEL)) {
    assert.notEqual(label, state, `${state} is shown as its enum name`);
    assert.doesNotMatch(label, /_/);
  }
  assert.equal(SUBMISSION_STATUS_LABEL.LAUNCH_FAILED, "Launch failed");
  assert.equal(SUBMISSION_STATUS_LABEL.AWAITING_APPROVAL, "Awaiting approval");
  for (const label of [...Object.values(JOB_STATUS_LABEL), ...Object.values(TRIGGER_LABEL)]) assert.doesNotMatch(label, /^[A-Z_]+$/);
});

test("colour has meaning: failures are red, held is held, finished well is green, killed is grey", () => {
  assert.equal(SUBMISSION_TONE.FAILED, "failed");
  assert.equal(SUBMISSION_TONE.LAUNCH_FAILED, "failed");
  assert.equal(SUBMISSION_TONE.HELD, "held");
  assert.equal(SUBMISSION_TONE.COMPLETED, "done");
  assert.equal(SUBMISSION_TONE.LOCATED, "done");
  assert.equal(SUBMISSION_TONE.REMOVED, "ended");
  assert.equal(SUBMISSION_TONE.RUNNING, "working");
});

test("a job that completed with a non-zero exit code is shown as failed, with the code; exit 0 or unknown is done", () => {
  assert.deepEqual(jobOutcome("COMPLETED", 3), { label: "Failed (exit 3)", tone: "failed" });
  assert.deepEqual(jobOutcome("COMPLETED", -9), { label: "Failed (exit -9)", tone: "failed" });
  assert.deepEqual(jobOutcome("COMPLETED", 0), { label: "Done", tone: "done" });
  assert.deepEqual(jobOutcome("COMPLETED", null), { label: "Done", tone: "done" });
  assert.deepEqual(jobOutcome("IDLE", null), { label: "Queued", tone: "waiting" });
  assert.equal(jobOutcome("HELD", null).tone, "held");
});

test("the jobs filter from the address bar: known values kept, anything else is all", () => {
  assert.equal(parseJobFilter("failed"), "failed");
  assert.equal(parseJobFilter(["held", "failed"]), "held");
  assert.equal(parseJobFilter("FAILED"), "all");
  assert.equal(parseJobFilter("<script>"), "all");
  assert.equal(parseJobFilter(undefined), "all");
  assert.equal(parseJobFilter(""), "all");
});

test("why a submission was launched, in one sentence", () => {
  assert.equal(describeLaunch({ trigger: "MANUAL", launchedBy: "noah", launchedByKind: "PERSON" }), "Launched by hand by noah.");
  assert.equal(describeLaunch({ trigger: "HELD_RELEASE", launchedBy: "noah", launchedByKind: "SYSTEM" }), "Released held launch by the system on behalf of noah.");
  assert.equal(describeLaunch({ trigger: "RELAUNCH", launchedBy: "nadia", launchedByKind: "PERSON", parentId: 41 }), "Relaunch on the same files by nadia, from submission 41.");
  assert.equal(describeLaunch({ trigger: "TEST", launchedBy: null, launchedByKind: "PERSON" }), "Test launch by someone no longer known.");
});

test("durations, times, memory and percent as people say them", () => {
  assert.equal(formatDuration(0), "0 s");
  assert.equal(formatDuration(45.4), "45 s");
  assert.equal(formatDuration(60), "1 min");
  assert.equal(formatDuration(192), "3 min 12 s");
  assert.equal(formatDuration(7500), "2 h 5 min");
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 5), "3 d 4 h");
  assert.equal(formatDuration(null), "—");
  assert.equal(formatDuration(-1), "—");
  assert.equal(formatDuration(Number.NaN), "—");
  assert.equal(formatMs(340), "340 ms");
  assert.equal(formatMs(2449), "2.4 s");
  assert.equal(formatMs(125_000), "2 min 5 s");
  assert.equal(formatMemory(512), "512 MB");
  assert.equal(formatMemory(1536), "1.5 GB");
  assert.equal(formatMemory(null), "—");
  assert.equal(formatPercent(33.333), "33.3 %");
  assert.equal(formatPercent(140), "100 %");
  assert.equal(formatPercent(Number.NaN), "0 %");
});

test("progress counts: the total is the largest job total ever seen, the plan, or what has finished, whichever is largest", () => {
  assert.deepEqual(jobProgress({ completed: 3, failed: 1 }, 10), { done: 3, failed: 1, total: 10 });
  assert.deepEqual(jobProgress({ completed: 0, failed: 0 }, 0, 5), { done: 0, failed: 0, total: 5 });
  assert.deepEqual(jobProgress({ completed: 4, failed: 2 }, 0, 0), { done: 4, failed: 2, total: 6 });
});

test("the cursor's set field asks for what the split type counts; fixed splits have nothing to set", () => {
  assert.equal(cursorSetHint("none"), null);
  assert.equal(cursorSetHint(" limitn( 5 )"), null);
  assert.match(cursorSetHint("nfiles(10)") ?? "", /file the next slice starts with/);
  assert.match(cursorSetHint("byrun(1000,1010)") ?? "", /run number/);
  assert.match(cursorSetHint("MOD(4)") ?? "", /next slice/);
  assert.match(cursorSetHint("weird") ?? "", /server says/);
});

test("cursor positions in the history read as short words", () => {
  assert.equal(formatCursorPosition({}), "the start");
  assert.equal(formatCursorPosition(null), "the start");
  assert.equal(formatCursorPosition([1]), "the start");
  assert.equal(formatCursorPosition({ offset: 1500 }), "offset 1,500");
  assert.equal(formatCursorPosition({ run: 1005, k: 2 }), "run 1,005, k 2");
  assert.equal(formatCursorPosition({ launchCount: 3, junk: { a: 1 } }), "launch count 3");
});
