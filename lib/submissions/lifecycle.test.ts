import { test } from "node:test";
import assert from "node:assert/strict";
import type { JobCounts } from "@/lib/batch/types";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { judgeSubmission, staleNew, appendHistory, STATUS_RANK, FROZEN, STATUS_WORDS } from "./lifecycle";

const counts = (c: Partial<JobCounts> = {}): JobCounts => ({ idle: 0, running: 0, held: 0, completed: 0, failed: 0, cancelled: 0, removed: 0, ...c });
const stage = { completionPct: 95, failedRatio: 2 };
const ALL: SubmissionStatus[] = ["NEW", "IDLE", "RUNNING", "HELD", "COMPLETED", "LOCATED", "LAUNCH_FAILED", "AWAITING_APPROVAL", "FAILED", "CANCELLED", "REMOVED"];
const judge = (status: SubmissionStatus, c: Partial<JobCounts>, done: boolean, s = stage, jobsTotalMax = 0) =>
  judgeSubmission({ status, jobsTotalMax }, { counts: counts(c), done }, s);

test("rank: New < Cancelled < LaunchFailed < Idle < Running < Held < Failed < Completed < Located < Removed", () => {
  const order: SubmissionStatus[] = ["NEW", "CANCELLED", "LAUNCH_FAILED", "IDLE", "RUNNING", "HELD", "FAILED", "COMPLETED", "LOCATED", "REMOVED"];
  for (let i = 1; i < order.length; i++) assert.ok(STATUS_RANK[order[i - 1]] < STATUS_RANK[order[i]], `${order[i - 1]} < ${order[i]}`);
  assert.ok(STATUS_RANK.NEW < STATUS_RANK.AWAITING_APPROVAL && STATUS_RANK.AWAITING_APPROVAL < STATUS_RANK.CANCELLED);
  assert.equal(new Set(Object.values(STATUS_RANK)).size, ALL.length, "every status has its own rank");
  assert.deepEqual([...FROZEN].sort(), ["FAILED", "LOCATED", "REMOVED"]);
  for (const s of ALL) assert.doesNotMatch(STATUS_WORDS[s], /_|[A-Z]/, "people's words");
});

test("status from counts, from a running submission (table)", () => {
  const rows: [Partial<JobCounts>, boolean, SubmissionStatus, RegExp][] = [
    [{ completed: 10, failed: 21 }, true, "FAILED", /all 31 jobs done; 21 failed, more than 2 × the 10 completed/],
    [{ cancelled: 5 }, true, "CANCELLED", /all 5 jobs cancelled/],
    [{ removed: 5 }, true, "REMOVED", /all 5 jobs removed/],
    [{ removed: 3, cancelled: 2 }, true, "REMOVED", /removed or cancelled/],
    [{ completed: 50 }, true, "COMPLETED", /all 50 jobs done \(50 completed\)/],
    [{ completed: 40, failed: 5, removed: 3, cancelled: 2 }, true, "COMPLETED", /all 50 jobs done \(40 completed, 5 failed, 3 removed, 2 cancelled\)/],
    [{ held: 3, running: 40, idle: 7 }, false, "HELD", /^3 of 50 jobs held$/],
    [{ running: 1, idle: 49 }, false, "RUNNING", /^1 of 50 jobs running$/],
    [{ idle: 50 }, false, "IDLE", /^50 of 50 jobs waiting to run$/],
    [{ idle: 5, completed: 45 }, false, "IDLE", /5 of 50 jobs waiting/],
  ];
  for (const [c, done, status, reason] of rows) {
    const r = judge("RUNNING", c, done, { completionPct: 100, failedRatio: 2 });
    assert.equal(r.status, status, JSON.stringify(c));
    assert.match(r.reason, reason, JSON.stringify(c));
  }
});

test("all done and failed > ratio × completed → Failed; the ratio is strict", () => {
  assert.equal(judge("RUNNING", { completed: 10, failed: 20 }, true).status, "COMPLETED", "exactly 2 × is Completed");
  assert.equal(judge("RUNNING", { completed: 10, failed: 21 }, true).status, "FAILED");
  assert.equal(judge("RUNNING", { completed: 0, failed: 1 }, true).status, "FAILED");
  assert.equal(judge("RUNNING", { completed: 4, failed: 2 }, true, { completionPct: 95, failedRatio: 0.5 }).status, "COMPLETED", "a stage's own ratio");
  assert.equal(judge("RUNNING", { completed: 4, failed: 3 }, true, { completionPct: 95, failedRatio: 0.5 }).status, "FAILED");
  assert.equal(judge("RUNNING", { completed: 4, failed: 1 }, true, { completionPct: 95, failedRatio: 0 }).status, "FAILED", "ratio 0: any failure fails");
  assert.equal(judge("RUNNING", { removed: 4 }, true, { completionPct: 95, failedRatio: 0 }).status, "REMOVED", "ratio 0 and no failure is not Failed");
});

test("failures while jobs are still queued do not fail the submission", () => {
  const whole = { completionPct: 100, failedRatio: 2 };
  assert.equal(judge("RUNNING", { failed: 30, running: 1 }, false, whole).status, "RUNNING");
  assert.equal(judge("RUNNING", { failed: 30, held: 1 }, false, whole).status, "HELD");
});

test("all done with every count zero is Completed at 0 %, not Failed or Cancelled", () => {
  const r = judge("IDLE", {}, true);
  assert.deepEqual({ status: r.status, percentComplete: r.percentComplete, jobsTotalMax: r.jobsTotalMax }, { status: "COMPLETED", percentComplete: 0, jobsTotalMax: 0 });
  assert.match(r.reason, /none ran/);
  assert.equal(judge("NEW", {}, true).status, "COMPLETED");
  const vanished = judge("RUNNING", {}, true, stage, 40);
  assert.deepEqual([vanished.status, vanished.percentComplete, vanished.jobsTotalMax], ["COMPLETED", 0, 40]);
  assert.match(vanished.reason, /no longer lists/);
});

test("any held wins over running and idle; none running but some idle → Idle; any running → Running", () => {
  assert.equal(judge("RUNNING", { held: 1, running: 10, idle: 10 }, false).status, "HELD");
  assert.equal(judge("HELD", { running: 10, idle: 10 }, false).status, "RUNNING");
  assert.equal(judge("RUNNING", { idle: 10, completed: 1 }, false).status, "IDLE");
  assert.equal(judge("IDLE", { running: 1 }, false).status, "RUNNING");
});

test("percent complete = finished (completed + failed + cancelled + removed) / largest total ever seen", () => {
  const r = judge("RUNNING", { completed: 10, failed: 5, cancelled: 3, removed: 2, running: 60, idle: 20 }, false);
  assert.equal(r.percentComplete, 20);
  assert.equal(r.jobsTotalMax, 100);
  const shrunk = judge("RUNNING", { completed: 30, running: 10 }, false, stage, 100);
  assert.equal(shrunk.jobsTotalMax, 100, "counts that decrease keep the largest total");
  assert.equal(shrunk.percentComplete, 30);
  const grew = judge("RUNNING", { completed: 30, running: 170 }, false, stage, 100);
  assert.equal(grew.jobsTotalMax, 200);
  assert.equal(grew.percentComplete, 15);
  assert.equal(judge("RUNNING", { completed: 1, running: 2 }, false).percentComplete, 33.3, "one decimal");
});

test("Running at or past the completion percentage is promoted to Completed", () => {
  const at = judge("RUNNING", { completed: 95, running: 5 }, false);
  assert.equal(at.status, "COMPLETED");
  assert.match(at.reason, /95 of 100 jobs finished \(95 %\), which reaches the stage's 95 % completion mark/);
  assert.equal(judge("RUNNING", { completed: 94, running: 6 }, false).status, "RUNNING");
  assert.equal(judge("IDLE", { completed: 96, running: 4 }, false).status, "COMPLETED", "the counts say running, whatever it was before");
  assert.equal(judge("RUNNING", { completed: 50, failed: 46, running: 4 }, false).status, "COMPLETED", "failed jobs are finished jobs");
  assert.equal(judge("RUNNING", { completed: 9, running: 1 }, false, { completionPct: 90, failedRatio: 2 }).status, "COMPLETED");
});

test("promotion happens only from Running: Held or Idle past the percentage stays so until it runs again", () => {
  assert.equal(judge("HELD", { completed: 98, held: 2 }, false).status, "HELD");
  assert.equal(judge("RUNNING", { completed: 98, held: 2 }, false).status, "HELD");
  assert.equal(judge("RUNNING", { completed: 98, idle: 2 }, false).status, "IDLE");
  assert.equal(judge("HELD", { completed: 98, running: 2 }, false).status, "COMPLETED");
});

test("never below Completed: a promoted submission stays Completed when the final counts say Failed, Held or Cancelled", () => {
  for (const [c, done, said] of [
    [{ completed: 10, failed: 90 }, true, "failed"],
    [{ completed: 96, held: 4 }, false, "held"],
    [{ cancelled: 100 }, true, "cancelled"],
    [{ completed: 90, running: 10 }, false, "running"],
    [{ completed: 96, idle: 4 }, false, "idle"],
  ] as [Partial<JobCounts>, boolean, string][]) {
    const r = judge("COMPLETED", c, done, stage, 100);
    assert.equal(r.status, "COMPLETED", said);
    assert.match(r.reason, new RegExp(`stays completed, though the counts now say ${said}`));
  }
  assert.equal(judge("COMPLETED", { removed: 100 }, true, stage, 100).status, "REMOVED", "Removed ranks above Completed");
});

test("the monitor never moves a submission out of Located, Removed or Failed; percent and total still follow", () => {
  for (const frozen of ["LOCATED", "REMOVED", "FAILED"] as const) {
    for (const [c, done] of [
      [{ running: 5 }, false],
      [{ completed: 5 }, true],
      [{ completed: 1, failed: 9 }, true],
      [{ held: 1, completed: 3 }, false],
      [{}, true],
    ] as [Partial<JobCounts>, boolean][]) {
      const r = judge(frozen, c, done, stage, 2);
      assert.equal(r.status, frozen, `${frozen} with ${JSON.stringify(c)}`);
      assert.match(r.reason, new RegExp(`stays ${STATUS_WORDS[frozen]}`));
    }
    const r = judge(frozen, { completed: 6, running: 4 }, false, stage, 5);
    assert.deepEqual([r.percentComplete, r.jobsTotalMax], [60, 10]);
  }
});

test("LaunchFailed is not final: a late report revives it", () => {
  assert.equal(judge("LAUNCH_FAILED", { idle: 3 }, false).status, "IDLE");
  assert.equal(judge("LAUNCH_FAILED", { running: 3 }, false).status, "RUNNING");
  assert.equal(judge("LAUNCH_FAILED", { completed: 3 }, true).status, "COMPLETED");
  assert.equal(judge("LAUNCH_FAILED", {}, false).status, "LAUNCH_FAILED", "a read with nothing in it keeps the state");
});

test("a read that says nothing yet keeps the state (New stays New until jobs show up)", () => {
  const r = judge("NEW", {}, false);
  assert.equal(r.status, "NEW");
  assert.match(r.reason, /lists no jobs yet/);
  const between = judge("RUNNING", { completed: 3 }, false, { completionPct: 100, failedRatio: 2 }, 10);
  assert.equal(between.status, "RUNNING");
  assert.equal(between.percentComplete, 30);
});

test("from every state, a table of reads", () => {
  const reads: [string, Partial<JobCounts>, boolean][] = [
    ["running", { running: 5, idle: 5 }, false],
    ["held", { held: 1, running: 9 }, false],
    ["done", { completed: 10 }, true],
    ["failed", { failed: 10 }, true],
    ["cancelled", { cancelled: 10 }, true],
    ["removed", { removed: 10 }, true],
  ];
  const expected: Record<SubmissionStatus, SubmissionStatus[]> = {
    NEW: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    AWAITING_APPROVAL: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    CANCELLED: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    LAUNCH_FAILED: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    IDLE: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    RUNNING: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    HELD: ["RUNNING", "HELD", "COMPLETED", "FAILED", "CANCELLED", "REMOVED"],
    COMPLETED: ["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "REMOVED"],
    FAILED: ["FAILED", "FAILED", "FAILED", "FAILED", "FAILED", "FAILED"],
    LOCATED: ["LOCATED", "LOCATED", "LOCATED", "LOCATED", "LOCATED", "LOCATED"],
    REMOVED: ["REMOVED", "REMOVED", "REMOVED", "REMOVED", "REMOVED", "REMOVED"],
  };
  for (const from of ALL) {
    const got = reads.map(([, c, done]) => judge(from, c, done).status);
    assert.deepEqual(got, expected[from], from);
  }
});

test("a New submission with no batch id goes stale after 4 hours", () => {
  const created = new Date("2026-11-29T00:00:00Z");
  const at = (h: number, m = 0) => new Date(created.getTime() + (h * 60 + m) * 60_000);
  assert.equal(staleNew({ status: "NEW", batchId: null, createdAt: created }, at(4, 1)), true);
  assert.equal(staleNew({ status: "NEW", batchId: null, createdAt: created }, at(4)), false, "exactly 4 h is not past");
  assert.equal(staleNew({ status: "NEW", batchId: null, createdAt: created }, at(3, 59)), false);
  assert.equal(staleNew({ status: "NEW", batchId: "", createdAt: created }, at(5)), true, "an empty batch id is none");
  assert.equal(staleNew({ status: "NEW", batchId: "4242", createdAt: created }, at(48)), false);
  for (const s of ALL.filter((s) => s !== "NEW")) assert.equal(staleNew({ status: s, batchId: null, createdAt: created }, at(48)), false, s);
});

test("history: no duplicate consecutive entries", () => {
  assert.equal(appendHistory(null, "NEW"), true);
  for (const a of ALL) for (const b of ALL) assert.equal(appendHistory(a, b), a !== b, `${a} → ${b}`);
});
