import { test } from "node:test";
import assert from "node:assert/strict";
import type { JobStatus } from "@/lib/generated/prisma/enums";
import { isFailedJob, countJobs, vanishedJobs } from "./jobs";

test("a job is failed when the batch system says so, or when it completed with a non-zero exit code", () => {
  const rows: [JobStatus, number | null, boolean][] = [
    ["FAILED", null, true],
    ["FAILED", 0, true],
    ["COMPLETED", 0, false],
    ["COMPLETED", null, false],
    ["COMPLETED", 1, true],
    ["COMPLETED", 137, true], // killed by a signal (128 + 9)
    ["COMPLETED", -9, true],
    ["RUNNING", 1, false],
    ["REMOVED", 1, false],
    ["CANCELLED", null, false],
    ["HELD", null, false],
  ];
  for (const [status, exitCode, failed] of rows) assert.equal(isFailedJob({ status, exitCode }), failed, `${status} ${exitCode}`);
});

test("countJobs: every state counted once; transferring runs, suspended waits", () => {
  const jobs: { status: JobStatus; exitCode: number | null }[] = [
    { status: "IDLE", exitCode: null },
    { status: "SUSPENDED", exitCode: null },
    { status: "RUNNING", exitCode: null },
    { status: "TRANSFERRING", exitCode: null },
    { status: "RUNNING", exitCode: null },
    { status: "HELD", exitCode: null },
    { status: "COMPLETED", exitCode: 0 },
    { status: "COMPLETED", exitCode: null },
    { status: "COMPLETED", exitCode: 2 },
    { status: "FAILED", exitCode: null },
    { status: "REMOVED", exitCode: null },
    { status: "CANCELLED", exitCode: null },
    { status: "CANCELLED", exitCode: null },
  ];
  assert.deepEqual(countJobs(jobs), { idle: 2, running: 3, held: 1, completed: 2, failed: 2, cancelled: 2, removed: 1 });
  assert.deepEqual(countJobs([]), { idle: 0, running: 0, held: 0, completed: 0, failed: 0, cancelled: 0, removed: 0 });
});

test("vanished jobs keep their last known state: held → removed, idle/running → completed, final stays", () => {
  const previous: { batchJobId: string; status: JobStatus }[] = [
    { batchJobId: "1.0", status: "HELD" },
    { batchJobId: "1.1", status: "IDLE" },
    { batchJobId: "1.2", status: "RUNNING" },
    { batchJobId: "1.3", status: "TRANSFERRING" },
    { batchJobId: "1.4", status: "SUSPENDED" },
    { batchJobId: "1.5", status: "COMPLETED" },
    { batchJobId: "1.6", status: "FAILED" },
    { batchJobId: "1.7", status: "REMOVED" },
    { batchJobId: "1.8", status: "CANCELLED" },
    { batchJobId: "1.9", status: "RUNNING" },
  ];
  const seen = new Set(["1.9", "unknown.0"]);
  assert.deepEqual(vanishedJobs(previous, seen), [
    { batchJobId: "1.0", status: "REMOVED" },
    { batchJobId: "1.1", status: "COMPLETED" },
    { batchJobId: "1.2", status: "COMPLETED" },
    { batchJobId: "1.3", status: "COMPLETED" },
    { batchJobId: "1.4", status: "COMPLETED" },
    { batchJobId: "1.5", status: "COMPLETED" },
    { batchJobId: "1.6", status: "FAILED" },
    { batchJobId: "1.7", status: "REMOVED" },
    { batchJobId: "1.8", status: "CANCELLED" },
  ]);
  assert.deepEqual(vanishedJobs(previous, new Set(previous.map((p) => p.batchJobId))), [], "all still listed");
});

test("an empty read (empty condor_q) is a successful read: every job vanished and is judged by its last state", () => {
  const previous: { batchJobId: string; status: JobStatus }[] = [
    { batchJobId: "7.0", status: "HELD" },
    { batchJobId: "7.1", status: "HELD" },
  ];
  const after = vanishedJobs(previous, new Set());
  assert.deepEqual(countJobs(after.map((j) => ({ ...j, exitCode: null }))), { idle: 0, running: 0, held: 0, completed: 0, failed: 0, cancelled: 0, removed: 2 });
});
