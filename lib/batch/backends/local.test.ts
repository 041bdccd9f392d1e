import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { localBatchSystem, newLocalBatchId } from "./local";
import type { BatchRef, JobReport, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
const freshRoot = () => {
  const r = mkdtempSync(path.join(os.tmpdir(), "poms-local-batch-"));
  roots.push(r);
  return r;
};

const request = (over: Partial<SubmitRequest>): SubmitRequest => ({
  submissionId: 41,
  stageId: 5,
  campaignId: 2,
  experiment: "nova",
  isTest: false,
  command: "demo-job.sh --memory 2000MB",
  setup: "",
  login: { host: "localhost", account: "poms" },
  vomsRole: "Production",
  jobs: [["a.root"]],
  env: { POMS4_SUBMISSION_ID: "41", POMS4_CAMPAIGN_STAGE_ID: "5", POMS4_CAMPAIGN_ID: "2", POMS4_TEST_LAUNCH: "false" },
  ...over,
});

const ref = (batchId: string, submissionId = 41): BatchRef => ({ submissionId, batchId, experiment: "nova", login: { host: "localhost", account: "poms" } });

async function jobsOf(batch: ReturnType<typeof localBatchSystem>, r: BatchRef): Promise<{ jobs: JobReport[]; done: boolean }> {
  const m = await batch.status([r]);
  const s = m.get(r.submissionId);
  assert.ok(s?.ok, `status read failed: ${s && !s.ok ? s.message : "missing"}`);
  const snap = s.value as Extract<StatusSnapshot, { kind: "jobs" }>;
  assert.equal(snap.kind, "jobs");
  return snap;
}

async function until(batch: ReturnType<typeof localBatchSystem>, r: BatchRef, ok: (s: { jobs: JobReport[]; done: boolean }) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const s = await jobsOf(batch, r);
    if (ok(s)) return s;
    if (Date.now() > end) assert.fail(`timed out; last read: ${JSON.stringify(s.jobs.map((j) => j.status))}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

test("batch ids are unique and say when and for which submission", () => {
  const a = newLocalBatchId(12, new Date("2026-11-29T04:05:06Z"));
  assert.match(a, /^L20261129040506-12-[0-9a-f]{8}$/);
  assert.notEqual(a, newLocalBatchId(12, new Date("2026-11-29T04:05:06Z")));
});

test("each job runs with the submission's ids, its index and input list; exit codes, per-file lists and outputs are recorded", async () => {
  const root = freshRoot();
  const batch = localBatchSystem({ root, slots: 2, allowed: true });
  const sub = await batch.submit(
    request({
      command: 'echo "$POMS4_SUBMISSION_ID $POMS4_CAMPAIGN_STAGE_ID $POMS4_CAMPAIGN_ID $POMS4_TEST_LAUNCH $POMS_JOB_INDEX $(wc -l < "$POMS_INPUT_LIST")" > "$POMS_OUTPUT_DIR/ids-$POMS_JOB_INDEX"; demo-job.sh --memory 2000MB',
      jobs: [["r1_a.root", "r1_b.root"], ["r2_a.root", "r2_bad.root"], ["r3_big.root"]],
    }),
  );
  assert.ok(sub.ok, !sub.ok ? sub.message : "");
  assert.match(sub.value.log, /3 jobs queued/);
  const r = ref(sub.value.batchId);
  const first = await jobsOf(batch, r);
  assert.equal(first.jobs.length, 3);
  assert.equal(first.done, false);
  const s = await until(batch, r, (x) => x.done);
  assert.deepEqual(s.jobs.map((j) => [j.taskIndex, j.status, j.exitCode]), [[0, "COMPLETED", 0], [1, "FAILED", 65], [2, "FAILED", 137]]);
  assert.deepEqual(s.jobs[1].files, [{ name: "r2_a.root", consumed: true }, { name: "r2_bad.root", consumed: false }]);
  assert.deepEqual(s.jobs[0].files?.map((f) => f.consumed), [true, true]);
  for (const j of s.jobs) {
    assert.ok(j.startedAt && j.endedAt && j.endedAt >= j.startedAt, "start and end times");
    assert.ok(j.wallSeconds !== null && j.wallSeconds >= 0.4, `wall ${j.wallSeconds}`);
    assert.equal(j.numStarts, 1);
    assert.ok(j.outputPath && existsSync(j.outputPath));
  }
  assert.match(readFileSync(s.jobs[2].outputPath!, "utf8"), /needs more memory than 2000 MB/);
  const out = path.join(root, sub.value.batchId, "output");
  assert.equal(readFileSync(path.join(out, "ids-1"), "utf8").trim(), "41 5 2 false 1 2");
  assert.ok(existsSync(path.join(out, "r1_b_out.root")));
  assert.ok(!existsSync(path.join(out, "r2_bad_out.root")));
  // With nothing left to start or watch, the runner goes away by itself.
  const runner = Number(readFileSync(path.join(root, "runner.pid"), "utf8"));
  const end = Date.now() + 6000;
  while (Date.now() < end && alive(runner)) await new Promise((res) => setTimeout(res, 200));
  assert.equal(alive(runner), false, "the runner exited when idle");
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("a runner whose spool is deleted stops", async () => {
  const root = freshRoot();
  const batch = localBatchSystem({ root, slots: 1, allowed: true });
  const sub = await batch.submit(request({ command: "sleep 0.2", jobs: [[], [], [], [], []] }));
  assert.ok(sub.ok);
  await until(batch, ref(sub.value.batchId), (x) => x.jobs.some((j) => j.status === "RUNNING"));
  const runner = Number(readFileSync(path.join(root, "runner.pid"), "utf8"));
  rmSync(root, { recursive: true, force: true });
  const end = Date.now() + 3000;
  while (Date.now() < end && alive(runner)) await new Promise((res) => setTimeout(res, 100));
  assert.equal(alive(runner), false);
});

test("killing the server mid-run loses nothing: the next status read records what finished meanwhile", async () => {
  const root = freshRoot();
  const child = spawn(process.execPath, ["--import", "./lib/testing/node-hooks.mjs", "--import", "tsx", "lib/batch/backends/local-submit.fixture.ts", root, "3"], { stdio: ["ignore", "pipe", "inherit"] });
  let printed = "";
  const answer = await new Promise<{ ok: boolean; value: { batchId: string } }>((resolve, reject) => {
    child.stdout.on("data", (c) => {
      printed += c;
      if (printed.includes("\n")) resolve(JSON.parse(printed));
    });
    child.on("exit", () => reject(new Error(`the submitting process ended early: ${printed}`)));
  });
  assert.ok(answer.ok);
  const batchId = answer.value.batchId;
  const batch = localBatchSystem({ root, slots: 2, allowed: true });
  const r = ref(batchId, 77);
  await until(batch, r, (x) => x.jobs.some((j) => j.status === "RUNNING"));
  child.kill("SIGKILL");
  await new Promise((res) => child.once("exit", res));
  const s = await until(batch, r, (x) => x.done, 30_000);
  assert.deepEqual(s.jobs.map((j) => j.status), ["COMPLETED", "COMPLETED", "COMPLETED"]);
  for (const j of s.jobs) {
    assert.equal(j.exitCode, 0);
    assert.ok(j.cpuSeconds !== null && j.cpuSeconds > 0, `cpu ${j.cpuSeconds}`);
    // Peak memory comes from GNU time (Debian's "time" package); without it the wrapper cannot measure it.
    if (existsSync("/usr/bin/time")) assert.ok(j.memoryMb !== null && j.memoryMb >= 50, `peak memory ${j.memoryMb} MB`);
    else assert.equal(j.memoryMb, null);
    assert.ok(j.startedAt && j.endedAt && j.endedAt > j.startedAt);
  }
});

test("a runner that is gone while jobs never started is restarted by the next status read", async () => {
  const root = freshRoot();
  const batch = localBatchSystem({ root, slots: 1, allowed: true });
  const sub = await batch.submit(request({ command: "sleep 0.5", jobs: [[], [], []] }));
  assert.ok(sub.ok);
  const r = ref(sub.value.batchId);
  await until(batch, r, (x) => x.jobs[0].status === "RUNNING");
  const pid = Number(readFileSync(path.join(root, "runner.pid"), "utf8"));
  process.kill(pid, "SIGKILL");
  const s = await until(batch, r, (x) => x.done);
  assert.deepEqual(s.jobs.map((j) => j.status), ["COMPLETED", "COMPLETED", "COMPLETED"]);
  assert.notEqual(Number(readFileSync(path.join(root, "runner.pid"), "utf8")), pid, "a new runner ran the rest");
});

test("hold keeps jobs not yet started HELD, release lets them run; kill stops running jobs and removes the rest", async () => {
  const root = freshRoot();
  const batch = localBatchSystem({ root, slots: 1, allowed: true });
  const sub = await batch.submit(request({ command: "sleep 0.3", jobs: [[], [], []] }));
  assert.ok(sub.ok);
  const r = ref(sub.value.batchId);
  const held = await batch.control("hold", r);
  assert.ok(held.ok);
  await new Promise((res) => setTimeout(res, 1200));
  let s = await jobsOf(batch, r);
  assert.ok(s.jobs.filter((j) => j.status === "HELD").length >= 2, JSON.stringify(s.jobs.map((j) => j.status)));
  assert.ok(s.jobs.every((j) => j.status === "HELD" || j.status === "COMPLETED"));
  assert.ok(s.jobs.find((j) => j.status === "HELD")?.holdReason);
  assert.ok((await batch.control("release", r)).ok);
  s = await jobsOf(batch, r);
  assert.ok(s.jobs.every((j) => j.status !== "HELD"));
  s = await until(batch, r, (x) => x.done);
  assert.ok(s.jobs.every((j) => j.status === "COMPLETED"));

  const long = await batch.submit(request({ command: "sleep 60", jobs: [[], [], []] }));
  assert.ok(long.ok);
  const lr = ref(long.value.batchId);
  await until(batch, lr, (x) => x.jobs[0].status === "RUNNING");
  const started = Date.now();
  const killed = await batch.control("kill", lr);
  assert.ok(killed.ok, !killed.ok ? killed.message : "");
  assert.match(killed.value.log, /1 running job stopped, 2 not started removed/);
  s = await until(batch, lr, (x) => x.done, 8000);
  assert.ok(Date.now() - started < 8000);
  assert.deepEqual(s.jobs.map((j) => j.status), ["REMOVED", "REMOVED", "REMOVED"]);
  // SIGTERM (143) when its wrapper records the end; under heavy load the kill can land before the wrapper does (no code).
  assert.ok(s.jobs[0].exitCode === 143 || s.jobs[0].exitCode === null, String(s.jobs[0].exitCode));
});

test("switched off (production without POMS_LOCAL_BATCH=1): submit and control are refused in words, status still reads", async () => {
  const root = freshRoot();
  const on = localBatchSystem({ root, slots: 1, allowed: true });
  const sub = await on.submit(request({ command: "true" }));
  assert.ok(sub.ok);
  const off = localBatchSystem({ root, slots: 1, allowed: false });
  const refused = await off.submit(request({}));
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.kind === "auth" && /POMS_LOCAL_BATCH=1/.test(refused.message));
  const k = await off.control("kill", ref(sub.value.batchId));
  assert.ok(!k.ok && /switched off/.test(k.message));
  const read = await until(off, ref(sub.value.batchId), (x) => x.done);
  assert.equal(read.jobs[0].status, "COMPLETED");
  const missing = (await off.status([ref("L20261129000000-1-abcd", 9)])).get(9);
  assert.ok(missing && !missing.ok && missing.kind === "not_found");
  const noJobs = await on.submit(request({ jobs: [] }));
  assert.ok(!noJobs.ok && noJobs.kind === "schema");
});
