import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import type { JobReport, StatusSnapshot } from "@/lib/batch/types";
import type { JobStatus } from "@/lib/generated/prisma/enums";
import { applyReads, markStale } from "./apply";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";

const job = (i: number, status: JobStatus, extra: Partial<JobReport> = {}): JobReport => ({
  batchJobId: `b.${i}`, taskIndex: i, status, exitCode: null, holdReason: null, holdReasonCode: null, site: "local", node: "localhost", numStarts: status === "IDLE" ? 0 : 1,
  submittedAt: new Date("2026-11-29T10:00:00Z"), startedAt: status === "IDLE" ? null : new Date("2026-11-29T10:01:00Z"), endedAt: null, cpuSeconds: null, wallSeconds: null, memoryMb: null, outputPath: null, ...extra,
});
const jobs = (list: JobReport[], done = false): StatusSnapshot => ({ kind: "jobs", jobs: list, done });

async function history(id: number) {
  return (await db.submissionEvent.findMany({ where: { submissionId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.status);
}

test("job reports become rows and the submission's state follows them; replaying a snapshot changes nothing", async () => {
  const { stage, experiment } = await freshStage();
  const sub = await fakeLaunchedSubmission(stage, experiment.id);
  await db.submissionEvent.create({ data: { submissionId: sub.id, status: "NEW", actorKind: "PERSON" } });

  const idle = jobs([job(0, "IDLE"), job(1, "IDLE"), job(2, "IDLE"), job(3, "IDLE")]);
  let r = await applyReads([{ submissionId: sub.id, snapshot: idle }]);
  assert.equal(r.jobsChanged, 4);
  let s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.status, "IDLE");
  assert.equal(s.jobsIdle, 4);
  assert.equal(s.jobsTotalMax, 4);

  const running = jobs([job(0, "COMPLETED", { exitCode: 0, endedAt: new Date("2026-11-29T10:05:00Z"), cpuSeconds: 12.5, memoryMb: 300 }), job(1, "RUNNING"), job(2, "RUNNING"), job(3, "IDLE")]);
  r = await applyReads([{ submissionId: sub.id, snapshot: running }]);
  assert.equal(r.jobsChanged, 3);
  assert.equal(r.statusChanges, 1);
  assert.equal(r.byStage.get(stage.id)?.statusChanges[0].to, "RUNNING");
  // The same snapshot again: no job row, no submission row, no history entry changes.
  const before = await db.job.findMany({ where: { submissionId: sub.id }, orderBy: { id: "asc" } });
  r = await applyReads([{ submissionId: sub.id, snapshot: running }]);
  assert.deepEqual([r.jobsChanged, r.jobsEnded, r.submissionsChanged, r.statusChanges], [0, 0, 0, 0]);
  assert.deepEqual(await db.job.findMany({ where: { submissionId: sub.id }, orderBy: { id: "asc" } }), before);
  s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.status, "RUNNING");
  assert.equal(s.percentComplete, 25);
  assert.deepEqual(await history(sub.id), ["NEW", "IDLE", "RUNNING"]);

  // One job fails (non-zero exit), the rest complete: all done, 1 failed ≤ 2 × 3 completed → Completed.
  const done = jobs([job(0, "COMPLETED", { exitCode: 0 }), job(1, "COMPLETED", { exitCode: 0 }), job(2, "COMPLETED", { exitCode: 65 }), job(3, "COMPLETED", { exitCode: 0 })], true);
  await applyReads([{ submissionId: sub.id, snapshot: done }]);
  s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.status, "COMPLETED");
  assert.deepEqual([s.jobsCompleted, s.jobsFailed, s.monitorDone, s.percentComplete], [3, 1, true, 100]);
  assert.deepEqual(await history(sub.id), ["NEW", "IDLE", "RUNNING", "COMPLETED"]);
});

test("jobs a per-job read no longer lists end by their last state: held → removed, queued or running → finished", async () => {
  const { stage, experiment } = await freshStage();
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { plannedJobs: 3 });
  await applyReads([{ submissionId: sub.id, snapshot: jobs([job(0, "HELD", { holdReason: "memory", holdReasonCode: 34 }), job(1, "RUNNING"), job(2, "COMPLETED", { exitCode: 0 })]) }]);
  const r = await applyReads([{ submissionId: sub.id, snapshot: jobs([job(2, "COMPLETED", { exitCode: 0 })], true) }]);
  assert.equal(r.jobsEnded, 2);
  const rows = await db.job.findMany({ where: { submissionId: sub.id }, orderBy: { batchJobId: "asc" } });
  assert.deepEqual(rows.map((j) => [j.batchJobId, j.status, j.exitCode]), [["b.0", "REMOVED", null], ["b.1", "COMPLETED", null], ["b.2", "COMPLETED", 0]]);
});

test("an aggregated read (counts only) sets the counts; a failed read marks stale and keeps the state", async () => {
  const { stage, experiment } = await freshStage();
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { batchBackend: "JOBSUB", status: "RUNNING" });
  await applyReads([{ submissionId: sub.id, snapshot: { kind: "counts", counts: { idle: 2, running: 5, held: 1, completed: 2, failed: 0, cancelled: 0, removed: 0 }, done: false } }]);
  let s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.deepEqual([s.status, s.jobsRunning, s.jobsHeld, s.jobsTotalMax], ["HELD", 5, 1, 10]);
  const now = new Date();
  assert.equal(await markStale([{ submissionId: sub.id, message: "timeout: no answer within 10000 ms" }], now), 1);
  s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.status, "HELD");
  assert.equal(s.staleSince?.getTime(), now.getTime());
  assert.equal(s.pollFailures, 1);
  assert.equal(s.nextPollAt!.getTime() - now.getTime(), 30_000);
  await markStale([{ submissionId: sub.id, message: "again" }], new Date(now.getTime() + 31_000));
  s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.staleSince?.getTime(), now.getTime(), "stale since the first failure");
  assert.equal(s.nextPollAt!.getTime() - now.getTime(), 31_000 + 60_000, "the backoff doubles");
  // A good read clears it.
  await applyReads([{ submissionId: sub.id, snapshot: { kind: "counts", counts: { idle: 2, running: 6, held: 0, completed: 2, failed: 0, cancelled: 0, removed: 0 }, done: false } }]);
  s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.deepEqual([s.status, s.staleSince, s.pollFailures, s.nextPollAt], ["RUNNING", null, 0, null]);
});

test("many submissions in one chunk, written with a handful of statements", async () => {
  const { stage, experiment } = await freshStage();
  const subs = await Promise.all(Array.from({ length: 30 }, () => fakeLaunchedSubmission(stage, experiment.id, { plannedJobs: 50 })));
  const reads = subs.map((s) => ({ submissionId: s.id, snapshot: jobs(Array.from({ length: 50 }, (_, i) => job(i, i % 2 ? "RUNNING" : "IDLE"))) }));
  const r = await applyReads(reads);
  assert.equal(r.jobsChanged, 1500);
  assert.equal(r.statusChanges, 30);
  assert.equal(await db.job.count({ where: { submissionId: { in: subs.map((s) => s.id) } } }), 1500);
});

test("a submission that has failed to read for a long time backs off at most 10 minutes (the backoff never overflows)", async () => {
  const { stage, experiment } = await freshStage();
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { pollFailures: 5000 });
  const now = new Date();
  assert.equal(await markStale([{ submissionId: sub.id, message: "network: host retired" }], now), 1);
  const s = await db.submission.findUniqueOrThrow({ where: { id: sub.id } });
  assert.equal(s.nextPollAt!.getTime() - now.getTime(), 600_000);
  assert.equal(s.pollFailures, 5001);
});

test("a submission still New after 4 hours with no batch id becomes Launch failed; a late report revives it", async () => {
  const { staleNewStep } = await import("./expire-new");
  const { stage, experiment } = await freshStage();
  const now = new Date();
  const old = await fakeLaunchedSubmission(stage, experiment.id, { batchId: null, createdAt: new Date(now.getTime() - 5 * 3_600_000) });
  const young = await fakeLaunchedSubmission(stage, experiment.id, { batchId: null, createdAt: new Date(now.getTime() - 3 * 3_600_000) });
  await staleNewStep.run({ now, signal: new AbortController().signal, log: () => {} });
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: old.id } })).status, "LAUNCH_FAILED");
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: young.id } })).status, "NEW");
  assert.deepEqual(await history(old.id), ["LAUNCH_FAILED"]);
  // The batch system answers after all (its id was recorded late): the read revives it.
  await db.submission.update({ where: { id: old.id }, data: { batchId: "late-1" } });
  await applyReads([{ submissionId: old.id, snapshot: jobs([job(0, "RUNNING")]) }]);
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: old.id } })).status, "RUNNING");
});
