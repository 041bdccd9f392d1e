import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { jobReport } from "@/lib/batch/job-report";
import type { JobReport, StatusSnapshot } from "@/lib/batch/types";
import { applyReads } from "@/lib/submissions/refresh/apply";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { rebuildRollups, rollupDifferences } from "./rebuild";

const LAUNCHED = new Date("2026-11-19T00:00:00Z");
const at = (iso: string) => new Date(`2026-11-20T${iso}:00Z`);
const ended = (id: string, i: number, status: JobReport["status"], end: string, extra: Partial<JobReport> = {}) =>
  jobReport(id, i, status, { endedAt: at(end), startedAt: at("01:00"), cpuSeconds: 500, wallSeconds: 1000, site: "FNAL", ...extra });
const jobs = (list: JobReport[], done = false): StatusSnapshot => ({ kind: "jobs", jobs: list, done });

async function withInputs(files: number, data: Parameters<typeof fakeLaunchedSubmission>[2] = {}) {
  const fixture = await freshStage({ files });
  // Launched before the scenarios' times (a job's hour is never before its submission's creation).
  const sub = await fakeLaunchedSubmission(fixture.stage, fixture.experiment.id, { createdAt: LAUNCHED, ...data });
  await db.$executeRaw`
    INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status")
    SELECT ${sub.id}, df."fileId", 'INPUT', 'PENDING' FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."name" = ${fixture.stage.inputDataset}`;
  const names = (await db.$queryRaw<{ name: string }[]>`SELECT f."name" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${sub.id} ORDER BY 1`).map((r) => r.name);
  return { ...fixture, sub, names };
}

const hours = (stageId: number) =>
  db.stageHourRollup.findMany({ where: { stageId }, orderBy: { hour: "asc" } }).then((rows) =>
    rows.map((r) => ({ hour: r.hour.toISOString().slice(11, 13), done: r.filesDone, failed: r.filesFailed, jobs: [r.jobsCompleted, r.jobsFailed, r.jobsRemoved], cpu: r.cpuSeconds, wall: r.wallSeconds })),
  );
const totals = async (stageId: number) => {
  const rows = await db.stageHourRollup.findMany({ where: { stageId } });
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  return { done: sum((r) => r.filesDone), failed: sum((r) => r.filesFailed), completed: sum((r) => r.jobsCompleted), jobsFailed: sum((r) => r.jobsFailed), removed: sum((r) => r.jobsRemoved) };
};

test("the refresh counts each ended job once, in the hour it ended, with its failures and efficiency; replays and vanishing add nothing; the rebuild agrees", async () => {
  const { stage, sub, names } = await withInputs(6);
  const [a, b, c, d, e, f] = names;
  const now = new Date("2026-11-20T12:30:00Z");
  // Run 1: two running, one completed at 03:10 (consumed a, b), one held.
  const run1 = jobs([
    ended("J.0", 0, "COMPLETED", "03:10", { exitCode: 0, files: [{ name: a, consumed: true }, { name: b, consumed: true }] }),
    jobReport("J.1", 1, "RUNNING"),
    jobReport("J.2", 2, "RUNNING"),
    jobReport("J.3", 3, "HELD", { holdReason: "memory limit exceeded", holdReasonCode: 34, site: "FNAL" }),
  ]);
  await applyReads([{ submissionId: sub.id, snapshot: run1 }], now);
  const first = await hours(stage.id);
  await applyReads([{ submissionId: sub.id, snapshot: run1 }], new Date(now.getTime() + 60_000)); // a replay
  assert.deepEqual(await hours(stage.id), first);
  // Run 2: J.1 fails with exit 65 at 04:20 (c failed), J.2 completes at 04:50 with cpu > wall (d consumed); J.3 vanishes
  // while held (removed, hold reason kept); J.0 vanishes too (it stays completed, counted once).
  const run2 = jobs(
    [
      ended("J.1", 1, "FAILED", "04:20", { exitCode: 65, files: [{ name: c, consumed: false }] }),
      ended("J.2", 2, "COMPLETED", "04:50", { exitCode: 0, cpuSeconds: 1200, wallSeconds: 1000, files: [{ name: d, consumed: true }] }),
    ],
    true,
  );
  await applyReads([{ submissionId: sub.id, snapshot: run2 }], new Date("2026-11-20T13:05:00Z"));
  // Run 3: J.0 reappears ended (a monitor's history), and a retry consumes c and e, f failed.
  const run3 = jobs(
    [
      ended("J.0", 0, "COMPLETED", "03:10", { exitCode: 0, files: [{ name: a, consumed: true }, { name: b, consumed: true }] }),
      ended("J.1", 1, "FAILED", "04:20", { exitCode: 65, files: [{ name: c, consumed: false }] }),
      ended("J.2", 2, "COMPLETED", "04:50", { exitCode: 0, cpuSeconds: 1200, wallSeconds: 1000, files: [{ name: d, consumed: true }] }),
      ended("J.4", 4, "COMPLETED", "05:30", { exitCode: 0, files: [{ name: c, consumed: true }, { name: e, consumed: true }, { name: f, consumed: false }] }),
    ],
    true,
  );
  await applyReads([{ submissionId: sub.id, snapshot: run3 }], new Date("2026-11-20T13:40:00Z"));
  await applyReads([{ submissionId: sub.id, snapshot: run3 }], new Date("2026-11-20T13:41:00Z"));

  const jobHours = (await hours(stage.id)).filter((h) => h.jobs.some((n) => n > 0));
  assert.deepEqual(jobHours, [
    { hour: "03", done: 0, failed: 0, jobs: [1, 0, 0], cpu: 500, wall: 1000 },
    { hour: "04", done: 0, failed: 0, jobs: [1, 1, 0], cpu: 1700, wall: 2000 },
    { hour: "05", done: 0, failed: 0, jobs: [1, 0, 0], cpu: 500, wall: 1000 },
    // The held job vanished at the 13:05 refresh with no end time: it counts then, as removed. The files count in the
    // hours of the refreshes that saw them (the refresh's own time, not the database clock's): c failed and d at
    // 13:05, then c consumed by the retry, e, and f failed at 13:40.
    { hour: "13", done: 3, failed: 1, jobs: [0, 0, 1], cpu: 0, wall: 0 },
  ]);
  assert.deepEqual((await hours(stage.id)).find((h) => h.hour === "12"), { hour: "12", done: 2, failed: 0, jobs: [0, 0, 0], cpu: 0, wall: 0 });
  // Files: a, b, d, then c (failed, then consumed by the retry) and e: 5 done; f failed; c's failure is taken back.
  assert.deepEqual(await totals(stage.id), { done: 5, failed: 1, completed: 3, jobsFailed: 1, removed: 1 });
  const failures = await db.failureRollup.findMany({ where: { stageId: stage.id }, orderBy: { exitCode: "asc" } });
  assert.deepEqual(
    failures.map((r) => [r.hour.toISOString().slice(11, 13), r.exitCode, r.holdReason, r.site, r.jobs]),
    [
      ["13", -1, "memory limit exceeded", "FNAL", 1],
      ["04", 65, "", "FNAL", 1],
    ],
  );
  const eff = await db.efficiencyRollup.findMany({ where: { stageId: stage.id }, orderBy: { bucket: "asc" } });
  assert.deepEqual(eff.map((r) => [r.day.toISOString().slice(0, 10), r.bucket, r.jobs]), [["2026-11-20", 5, 3], ["2026-11-20", 10, 1]]);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
});

test("a submission whose jobs report nothing per file counts its inputs once when it completes: done when every job finished well", async () => {
  const good = await withInputs(5, { batchBackend: "JOBSUB", status: "RUNNING" });
  const bad = await withInputs(3, { batchBackend: "JOBSUB", status: "RUNNING" });
  const counts = (completed: number, failed: number, running = 0) => ({ kind: "counts" as const, counts: { idle: 0, running, held: 0, completed, failed, cancelled: 0, removed: 0 }, done: running === 0 });
  const t = new Date("2026-11-21T08:15:00Z");
  await applyReads([{ submissionId: good.sub.id, snapshot: counts(1, 0, 1) }, { submissionId: bad.sub.id, snapshot: counts(0, 0, 2) }], t);
  assert.deepEqual(await totals(good.stage.id), { done: 0, failed: 0, completed: 0, jobsFailed: 0, removed: 0 });
  const end = [{ submissionId: good.sub.id, snapshot: counts(2, 0) }, { submissionId: bad.sub.id, snapshot: counts(1, 1) }];
  await applyReads(end, new Date("2026-11-21T09:15:00Z"));
  await applyReads(end, new Date("2026-11-21T09:16:00Z"));
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: good.sub.id } })).status, "COMPLETED");
  assert.deepEqual(await totals(good.stage.id), { done: 5, failed: 0, completed: 0, jobsFailed: 0, removed: 0 });
  assert.deepEqual(await totals(bad.stage.id), { done: 0, failed: 3, completed: 0, jobsFailed: 0, removed: 0 });
  assert.equal((await hours(good.stage.id)).find((h) => h.done)?.hour, "09");
  assert.deepEqual(await rollupDifferences(db, { stageIds: [good.stage.id, bad.stage.id] }), []);
});

test("each run samples the jobs idle, running and held per stage, overwriting the hour's earlier sample", async () => {
  const { stage, experiment } = await freshStage();
  const s1 = await fakeLaunchedSubmission(stage, experiment.id, { batchBackend: "JOBSUB", status: "RUNNING" });
  const s2 = await fakeLaunchedSubmission(stage, experiment.id, { batchBackend: "JOBSUB", status: "RUNNING" });
  const counts = (idle: number, running: number, held: number) => ({ kind: "counts" as const, counts: { idle, running, held, completed: 0, failed: 0, cancelled: 0, removed: 0 }, done: false });
  await applyReads([{ submissionId: s1.id, snapshot: counts(5, 2, 1) }, { submissionId: s2.id, snapshot: counts(1, 1, 0) }], new Date("2026-11-22T10:05:00Z"));
  // A later run reads only s1: the stage's sample still includes s2's last counts.
  await applyReads([{ submissionId: s1.id, snapshot: counts(2, 4, 0) }], new Date("2026-11-22T10:35:00Z"));
  await applyReads([{ submissionId: s1.id, snapshot: counts(0, 3, 0) }], new Date("2026-11-22T11:05:00Z"));
  const rows = await db.stageHourRollup.findMany({ where: { stageId: stage.id }, orderBy: { hour: "asc" } });
  assert.deepEqual(
    rows.map((r) => [r.hour.toISOString().slice(11, 13), r.sampleIdle, r.sampleRunning, r.sampleHeld]),
    [
      ["10", 3, 5, 0],
      ["11", 1, 4, 0],
    ],
  );
});

test("the rebuild restores lost counters, keeps the samples, and the refresh goes on from it without counting twice", async () => {
  const { stage, sub, names } = await withInputs(4);
  const t = new Date("2026-11-23T06:00:00Z");
  await applyReads([{ submissionId: sub.id, snapshot: jobs([jobReport("R.0", 0, "RUNNING"), jobReport("R.1", 1, "IDLE")]) }], t);
  await applyReads(
    [{ submissionId: sub.id, snapshot: jobs([ended("R.0", 0, "COMPLETED", "05:40", { exitCode: 0, files: [{ name: names[0], consumed: true }, { name: names[1], consumed: true }] }), jobReport("R.1", 1, "RUNNING")]) }],
    new Date("2026-11-23T06:10:00Z"),
  );
  const kept = await hours(stage.id);
  const sample = (await db.stageHourRollup.findUniqueOrThrow({ where: { stageId_hour: { stageId: stage.id, hour: new Date("2026-11-23T06:00:00Z") } } })).sampleRunning;
  // Counters lost (a bad deploy, a manual delete): the check names them, the rebuild restores them.
  await db.stageHourRollup.updateMany({ where: { stageId: stage.id }, data: { filesDone: 0, jobsCompleted: 0, cpuSeconds: 0 } });
  await db.efficiencyRollup.deleteMany({ where: { stageId: stage.id } });
  const diffs = await rollupDifferences(db, { stageIds: [stage.id] });
  assert.deepEqual(new Set(diffs.map((x) => `${x.table}.${x.column}`)), new Set(["StageHourRollup.filesDone", "StageHourRollup.jobsCompleted", "StageHourRollup.cpuSeconds", "EfficiencyRollup.jobs"]));
  const report = await rebuildRollups(db, { stageIds: [stage.id] });
  assert.equal(report.differences, diffs.length);
  assert.deepEqual(await hours(stage.id), kept);
  assert.equal((await db.stageHourRollup.findUniqueOrThrow({ where: { stageId_hour: { stageId: stage.id, hour: new Date("2026-11-23T06:00:00Z") } } })).sampleRunning, sample);
  // The refresh goes on: R.0 is not counted again, R.1's end is.
  await applyReads(
    [{ submissionId: sub.id, snapshot: jobs([ended("R.0", 0, "COMPLETED", "05:40", { exitCode: 0 }), ended("R.1", 1, "COMPLETED", "06:20", { exitCode: 0, files: [{ name: names[2], consumed: true }] })], true) }],
    new Date("2026-11-23T06:30:00Z"),
  );
  assert.deepEqual(await totals(stage.id), { done: 3, failed: 0, completed: 2, jobsFailed: 0, removed: 0 });
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
});

const jobRows = (stageId: number) =>
  hours(stageId).then((rows) => rows.filter((h) => h.jobs.some((n) => n > 0) || h.cpu > 0).map(({ hour, jobs, cpu, wall }) => ({ hour, jobs, cpu, wall })));
const failureRows = (stageId: number) =>
  db.failureRollup.findMany({ where: { stageId, jobs: { not: 0 } }, orderBy: [{ hour: "asc" }, { exitCode: "asc" }] }).then((rows) => rows.map((r) => [r.hour.toISOString().slice(11, 13), r.exitCode, r.holdReason, r.site, r.jobs]));
const efficiencyRows = (stageId: number) =>
  db.efficiencyRollup.findMany({ where: { stageId, jobs: { not: 0 } }, orderBy: { bucket: "asc" } }).then((rows) => rows.map((r) => [r.bucket, r.jobs]));

test("a counted job whose ending changes later (vanished, then the history says failed, exit 65) is taken back and counted anew; running again takes it back", async () => {
  const { stage, sub } = await withInputs(2);
  await applyReads([{ submissionId: sub.id, snapshot: jobs([jobReport("A.0", 0, "RUNNING"), jobReport("A.1", 1, "RUNNING")]) }], new Date("2026-11-20T10:00:00Z"));
  // A.0 drops out of the queue listing: ended as completed, exit unknown, counted at the 10:05 refresh.
  await applyReads([{ submissionId: sub.id, snapshot: jobs([jobReport("A.1", 1, "RUNNING")]) }], new Date("2026-11-20T10:05:00Z"));
  assert.deepEqual(await jobRows(stage.id), [{ hour: "10", jobs: [1, 0, 0], cpu: 0, wall: 0 }]);
  // The history read says what really happened: failed, exit 65, ended 09:58 at FNAL, 100 s of CPU in 400 s.
  const failed = jobReport("A.0", 0, "FAILED", { exitCode: 65, endedAt: at("09:58"), cpuSeconds: 100, wallSeconds: 400, site: "FNAL" });
  await applyReads([{ submissionId: sub.id, snapshot: jobs([failed, jobReport("A.1", 1, "RUNNING")]) }], new Date("2026-11-20T10:10:00Z"));
  assert.deepEqual(await jobRows(stage.id), [{ hour: "09", jobs: [0, 1, 0], cpu: 100, wall: 400 }]);
  assert.deepEqual(await failureRows(stage.id), [["09", 65, "", "FNAL", 1]]);
  assert.deepEqual(await efficiencyRows(stage.id), [[2, 1]]);
  const job = await db.job.findFirstOrThrow({ where: { submissionId: sub.id, batchJobId: "A.0" } });
  assert.deepEqual([job.countedStatus, job.countedExitCode, job.countedSite, job.countedHour?.toISOString()], ["FAILED", 65, "FNAL", "2026-11-20T09:00:00.000Z"]);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
  // Replayed: nothing moves.
  await applyReads([{ submissionId: sub.id, snapshot: jobs([failed, jobReport("A.1", 1, "RUNNING")]) }], new Date("2026-11-20T10:15:00Z"));
  assert.deepEqual(await jobRows(stage.id), [{ hour: "09", jobs: [0, 1, 0], cpu: 100, wall: 400 }]);
  // The batch system lists it running again (requeued): no longer ended, so no longer counted; then it completes.
  await applyReads([{ submissionId: sub.id, snapshot: jobs([jobReport("A.0", 0, "RUNNING"), jobReport("A.1", 1, "RUNNING")]) }], new Date("2026-11-20T11:00:00Z"));
  assert.deepEqual(await jobRows(stage.id), []);
  assert.deepEqual(await failureRows(stage.id), []);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
  const done = [ended("A.0", 0, "COMPLETED", "11:30", { exitCode: 0 }), ended("A.1", 1, "COMPLETED", "11:40", { exitCode: 0, cpuSeconds: 950 })];
  await applyReads([{ submissionId: sub.id, snapshot: jobs(done, true) }], new Date("2026-11-20T11:45:00Z"));
  assert.deepEqual(await jobRows(stage.id), [{ hour: "11", jobs: [2, 0, 0], cpu: 1450, wall: 2000 }]);
  assert.deepEqual(await efficiencyRows(stage.id), [[5, 1], [9, 1]]);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
});

test("inputs counted whole when the submission completed are taken back when per-file reports arrive later, done or failed", async () => {
  // Done: completed with no per-file report (all 3 done), then the reports come: 3 done, not 6.
  const good = await withInputs(3);
  const G = (files?: { name: string; consumed: boolean }[]) => jobs([ended("B.0", 0, "COMPLETED", "11:00", { exitCode: 0, files })], true);
  await applyReads([{ submissionId: good.sub.id, snapshot: G() }], new Date("2026-11-20T11:05:00Z"));
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: good.sub.id } })).status, "COMPLETED");
  assert.deepEqual(await totals(good.stage.id), { done: 3, failed: 0, completed: 1, jobsFailed: 0, removed: 0 });
  await applyReads([{ submissionId: good.sub.id, snapshot: G(good.names.map((name) => ({ name, consumed: true }))) }], new Date("2026-11-20T12:10:00Z"));
  assert.deepEqual(await totals(good.stage.id), { done: 3, failed: 0, completed: 1, jobsFailed: 0, removed: 0 });
  assert.deepEqual((await hours(good.stage.id)).map((h) => [h.hour, h.done]), [["11", 0], ["12", 3]]);
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: good.sub.id } })).inputsCountedAt, null);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [good.stage.id] }), []);
  // Failed: a failed job, so all 4 inputs counted failed; the reports then say 3 consumed, 1 failed.
  const bad = await withInputs(4);
  const B = (files?: { name: string; consumed: boolean }[]) =>
    jobs([ended("C.0", 0, "COMPLETED", "11:00", { exitCode: 0, files: files?.slice(0, 3) }), ended("C.1", 1, "FAILED", "11:10", { exitCode: 2, files: files?.slice(3) })], true);
  await applyReads([{ submissionId: bad.sub.id, snapshot: B() }], new Date("2026-11-20T11:15:00Z"));
  assert.deepEqual(await totals(bad.stage.id), { done: 0, failed: 4, completed: 1, jobsFailed: 1, removed: 0 });
  await applyReads([{ submissionId: bad.sub.id, snapshot: B(bad.names.map((name, i) => ({ name, consumed: i < 3 }))) }], new Date("2026-11-20T11:20:00Z"));
  assert.deepEqual(await totals(bad.stage.id), { done: 3, failed: 1, completed: 1, jobsFailed: 1, removed: 0 });
  assert.deepEqual(await rollupDifferences(db, { stageIds: [bad.stage.id] }), []);
});

test("per-file results: a consumed file stays consumed when a later job fails on it; the same jobs in another order, or another job named, move nothing", async () => {
  const { stage, sub, names } = await withInputs(2);
  const [a, b] = names;
  await applyReads(
    [{ submissionId: sub.id, snapshot: jobs([ended("D.0", 0, "COMPLETED", "12:00", { exitCode: 0, files: [{ name: a, consumed: true }] }), jobReport("D.1", 1, "RUNNING")]) }],
    new Date("2026-11-20T12:05:00Z"),
  );
  const row = () => db.submissionFile.findFirstOrThrow({ where: { submissionId: sub.id, file: { name: a } } });
  const first = await row();
  // D.1 fails on a (a retry of an already consumed file): a keeps its place, done and failed do not move.
  await applyReads(
    [{ submissionId: sub.id, snapshot: jobs([ended("D.0", 0, "COMPLETED", "12:00", { exitCode: 0, files: [{ name: a, consumed: true }] }), ended("D.1", 1, "FAILED", "12:30", { exitCode: 1, files: [{ name: a, consumed: false }] })]) }],
    new Date("2026-11-20T12:35:00Z"),
  );
  assert.equal((await row()).status, "CONSUMED");
  // Only D.1 listed now (D.0 left the history): the file is still consumed.
  await applyReads([{ submissionId: sub.id, snapshot: jobs([ended("D.1", 1, "FAILED", "12:30", { exitCode: 1, files: [{ name: a, consumed: false }] })]) }], new Date("2026-11-20T13:35:00Z"));
  assert.deepEqual([(await row()).status, (await row()).detail], ["CONSUMED", "Consumed by job D.0."]);
  // Two jobs consumed b, listed in either order: the same job is named, and the row does not change.
  const both = (order: string[]) => jobs(order.map((id, i) => ended(id, 2 + i, "COMPLETED", "14:00", { exitCode: 0, files: [{ name: b, consumed: true }] })));
  await applyReads([{ submissionId: sub.id, snapshot: both(["D.3", "D.2"]) }], new Date("2026-11-20T14:05:00Z"));
  const bRow = () => db.submissionFile.findFirstOrThrow({ where: { submissionId: sub.id, file: { name: b } } });
  const bFirst = await bRow();
  assert.equal(bFirst.detail, "Consumed by job D.2.");
  await applyReads([{ submissionId: sub.id, snapshot: both(["D.2", "D.3"]) }], new Date("2026-11-20T15:05:00Z"));
  assert.deepEqual(await bRow(), bFirst);
  // Another job named (D.2 left the listing): the detail follows, the hour and the counts stay.
  const before = await hours(stage.id);
  await applyReads([{ submissionId: sub.id, snapshot: both(["D.3"]) }], new Date("2026-11-20T16:05:00Z"));
  const bLast = await bRow();
  assert.deepEqual([bLast.detail, bLast.updatedAt], ["Consumed by job D.3.", bFirst.updatedAt]);
  const files = (rows: Awaited<ReturnType<typeof hours>>) => rows.filter((h) => h.done || h.failed).map(({ hour, done, failed }) => ({ hour, done, failed }));
  assert.deepEqual(files(await hours(stage.id)), files(before));
  assert.deepEqual(files(before), [{ hour: "12", done: 1, failed: 0 }, { hour: "14", done: 1, failed: 0 }]);
  assert.deepEqual(await totals(stage.id), { done: 2, failed: 0, completed: 3, jobsFailed: 1, removed: 0 });
  assert.equal(first.updatedAt.toISOString(), "2026-11-20T12:05:00.000Z");
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
});

test("a job's hour is clamped between its submission's creation and when it was counted (a batch system's clock off either way)", async () => {
  const { stage, sub } = await withInputs(1, { createdAt: new Date("2026-11-20T08:30:00Z") });
  const t = new Date("2026-11-20T10:05:00Z");
  await applyReads(
    [
      {
        submissionId: sub.id,
        snapshot: jobs([
          jobReport("E.0", 0, "COMPLETED", { exitCode: 0, endedAt: new Date("2026-11-19T23:00:00Z") }), // before the launch
          jobReport("E.1", 1, "COMPLETED", { exitCode: 0, endedAt: new Date("2026-11-21T04:00:00Z") }), // after the refresh
          jobReport("E.2", 2, "COMPLETED", { exitCode: 0, endedAt: new Date("2026-11-20T09:15:00Z") }),
        ]),
      },
    ],
    t,
  );
  assert.deepEqual((await jobRows(stage.id)).map((h) => [h.hour, h.jobs[0]]), [["08", 1], ["09", 1], ["10", 1]]);
  assert.deepEqual(await rollupDifferences(db, { stageIds: [stage.id] }), []);
  // The rebuild counts them the same way: clear and rebuild, same rows.
  const kept = await hours(stage.id);
  await rebuildRollups(db, { stageIds: [stage.id] });
  assert.deepEqual(await hours(stage.id), kept);
});
