import { test } from "node:test";
import assert from "node:assert/strict";
import { expandTaskString, exitFromWaitStatus, jobsOfBatch, parseSacct, parseSbatch, parseSqueueJson, slurmJobStatus, withAccounting } from "./formats";

// Records as Slurm 22.05.8 printed them (shared/slurm.md §4), array job 2.
const squeue = JSON.stringify({
  meta: {},
  errors: [],
  jobs: [
    { job_id: 1, array_job_id: 0, array_task_id: null, job_state: "PENDING", state_reason: "JobHeldUser", exit_code: 0, submit_time: 1795856797, start_time: 0, end_time: 0, nodes: "" },
    { job_id: 2, array_job_id: 2, array_task_id: null, array_task_string: "18-19", job_state: "PENDING", state_reason: "Resources", start_time: 0, time_limit: 1, nodes: "" },
    { job_id: 7, array_job_id: 2, array_task_id: 2, job_state: "RUNNING", state_reason: "None", exit_code: 0, start_time: 1795856798, end_time: 1795856858, nodes: "localhost" },
    { job_id: 5, array_job_id: 2, array_task_id: 0, job_state: "COMPLETED", state_reason: "None", exit_code: 0, start_time: 1795856798, end_time: 1795856800, nodes: "localhost" },
    { job_id: 8, array_job_id: 2, array_task_id: 3, job_state: "FAILED", state_reason: "NonZeroExitCode", exit_code: 768, start_time: 1795856798, end_time: 1795856800, nodes: "localhost" },
    { job_id: 9, array_job_id: 2, array_task_id: 4, job_state: "TIMEOUT", state_reason: "TimeLimit", exit_code: 15, start_time: 1795856801, end_time: 1795856879 },
    { job_id: 10, array_job_id: 2, array_task_id: 5, job_state: "CANCELLED", state_reason: "BeginTime", exit_code: 0, start_time: 1795856802, end_time: 1795856802, nodes: "" },
    { job_id: 11, array_job_id: 2, array_task_id: 6, job_state: "PENDING", state_reason: "JobHeldAdmin", exit_code: 0, start_time: 0, end_time: 0 },
    { job_id: 12, array_job_id: 2, array_task_id: 7, job_state: "RUNNING", state_reason: "JobHeldAdmin", exit_code: 0, start_time: 1795856802, end_time: 1795856862 },
    { job_id: 13, array_job_id: 3, array_task_id: 0, job_state: "COMPLETED", exit_code: 0 },
  ],
});

test("sbatch --parsable: the job id, with or without a cluster name; anything else is unreadable", () => {
  assert.deepEqual(parseSbatch("4242\n"), { ok: true, value: "4242" });
  assert.deepEqual(parseSbatch("4242;ci\n"), { ok: true, value: "4242" });
  const r = parseSbatch("sbatch: error: Batch job submission failed");
  assert.ok(!r.ok && r.kind === "parse");
});

test("squeue --json: one batch's jobs filtered by array job id; the state decides, not the reason; exit codes from the wait status", () => {
  const jobs = parseSqueueJson(squeue);
  assert.ok(jobs.ok);
  const mine = jobsOfBatch(jobs.value, "2");
  assert.ok(mine.ok);
  assert.deepEqual(
    mine.value.map((j) => [j.batchJobId, j.status, j.exitCode]),
    [
      ["2_0", "COMPLETED", 0],
      ["2_2", "RUNNING", null],
      ["2_3", "FAILED", 3],
      ["2_4", "FAILED", 143],
      ["2_5", "CANCELLED", 0],
      ["2_6", "HELD", null],
      ["2_7", "RUNNING", null],
      ["2_18", "IDLE", null],
      ["2_19", "IDLE", null],
    ],
  );
  const running = mine.value.find((j) => j.taskIndex === 2)!;
  assert.equal(running.endedAt, null, "a running task's end time is only a projection");
  assert.match(mine.value.find((j) => j.taskIndex === 6)!.holdReason!, /administrator/);
  const single = jobsOfBatch(jobs.value, "1");
  assert.ok(single.ok);
  assert.deepEqual(single.value.map((j) => [j.batchJobId, j.status]), [["1", "HELD"]]);
  const none = jobsOfBatch(jobs.value, "77");
  assert.ok(none.ok && none.value.length === 0);
});

test("squeue --json failures: exit 0 with errors (a dead controller), garbage, truncated, wrong shape, unknown state", () => {
  const dead = parseSqueueJson(JSON.stringify({ errors: [{ description: "Failed while looking for jobs", error: "Unspecified error", source: "slurm_load_jobs" }], jobs: [] }));
  assert.ok(!dead.ok && dead.kind === "network" && /Unspecified error/.test(dead.message));
  assert.equal(!parseSqueueJson("").ok && "empty", "empty");
  const cut = parseSqueueJson(squeue.slice(0, 200));
  assert.ok(!cut.ok && cut.kind === "parse");
  const shape = parseSqueueJson(JSON.stringify({ jobs: [{ job_id: "x" }] }));
  assert.ok(!shape.ok && shape.kind === "schema");
  const odd = jobsOfBatch([{ job_id: 1, array_job_id: 0, job_state: "WEIRD" }], "1");
  assert.ok(!odd.ok && /WEIRD/.test(odd.message));
});

test("pieces: task strings, wait statuses, states", () => {
  assert.deepEqual(expandTaskString("3-6"), [3, 4, 5, 6]);
  assert.deepEqual(expandTaskString("0-6:3,9%2"), [0, 3, 6, 9]);
  assert.deepEqual(expandTaskString("[1,4-5]"), [1, 4, 5]);
  assert.equal(exitFromWaitStatus(768), 3);
  assert.equal(exitFromWaitStatus(9), 137);
  assert.equal(exitFromWaitStatus({ status: "SUCCESS" }), null);
  assert.equal(slurmJobStatus("CANCELLED by 0", null), "CANCELLED");
  assert.equal(slurmJobStatus("OUT_OF_MEMORY", null), "FAILED");
  assert.equal(slurmJobStatus("NODE_FAIL", null), "FAILED");
  assert.equal(slurmJobStatus("PENDING", "Dependency"), "IDLE");
  assert.equal(slurmJobStatus("COMPLETING", null), "RUNNING");
});

test("sacct -P: exit codes as code:signal, CANCELLED by N, the pending remainder skipped; it completes what squeue let go", () => {
  const rows = parseSacct(
    ["8|2_3|FAILED|3:0|2026-11-28T09:06:38|2026-11-28T09:06:40|localhost", "2|2_14|TIMEOUT|0:15|2026-11-28T09:06:41|2026-11-28T09:07:59|localhost", "3|2_8|CANCELLED by 0|0:0|None|2026-11-28T09:06:42|None assigned", "20|2_[9-12]|PENDING|0:0|Unknown|Unknown|None assigned", "junk"].join("\n"),
  );
  assert.deepEqual(rows.map((r) => [r.batchId, r.task, r.status, r.exitCode, r.node]), [["2", 3, "FAILED", 3, "localhost"], ["2", 14, "FAILED", 143, "localhost"], ["2", 8, "CANCELLED", 0, null]]);
  assert.equal(rows[0].start?.getTime(), new Date("2026-11-28T09:06:38").getTime());
  const fromQueue = jobsOfBatch(parseSqueueJson(squeue).ok ? (JSON.parse(squeue).jobs as never) : [], "2");
  assert.ok(fromQueue.ok);
  const merged = withAccounting("2", fromQueue.value, rows);
  assert.deepEqual(merged.filter((j) => j.taskIndex === 8 || j.taskIndex === 14).map((j) => [j.taskIndex, j.status]), [[8, "CANCELLED"], [14, "FAILED"]], "jobs squeue no longer lists come from accounting");
  assert.equal(merged.filter((j) => j.taskIndex === 3).length, 1);
});
