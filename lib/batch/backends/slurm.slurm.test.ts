// Against a real single-node Slurm cluster (scripts/slurm/up.sh; `npm run test:unit` starts and stops it). Runs
// whenever POMS_SLURM_CONF names a running cluster; under CI=true a missing cluster is a failure, never a skip.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { slurmBatchSystem } from "./slurm";
import type { BatchRef, JobReport, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";

const conf = process.env.POMS_SLURM_CONF;
const ready = !!conf && existsSync(conf);
if (!ready && process.env.CI === "true") throw new Error("CI=true but no Slurm cluster: POMS_SLURM_CONF is unset or missing (scripts/slurm/up.sh starts one).");
const skip = ready ? false : "no Slurm cluster here (not root, and Slurm is not installed): run as root or start scripts/slurm/up.sh and set POMS_SLURM_CONF";
if (skip) console.log(`# skipping the Slurm tests: ${skip}`);

const scratch = mkdtempSync(path.join(os.tmpdir(), "poms-slurm-test-"));
const slurm = slurmBatchSystem({ workDir: scratch });
const login = { host: "localhost", account: "root" };
const cancelAtEnd: string[] = [];
after(() => {
  if (ready && cancelAtEnd.length) execFileSync("scancel", cancelAtEnd, { env: { ...process.env, SLURM_CONF: conf } });
  rmSync(scratch, { recursive: true, force: true });
});

const request = (submissionId: number, command: string, jobs: string[][]): SubmitRequest => ({
  submissionId,
  stageId: 8,
  campaignId: 4,
  experiment: "nova",
  isTest: false,
  command,
  setup: "",
  login,
  vomsRole: "Production",
  jobs,
  env: { POMS4_SUBMISSION_ID: String(submissionId), POMS4_CAMPAIGN_STAGE_ID: "8", POMS4_CAMPAIGN_ID: "4", POMS4_TEST_LAUNCH: "false" },
});
const ref = (submissionId: number, batchId: string): BatchRef => ({ submissionId, batchId, experiment: "nova", login });

async function read(refs: BatchRef[]) {
  const m = await slurm.status(refs);
  return refs.map((r) => {
    const s = m.get(r.submissionId);
    assert.ok(s?.ok, `read failed: ${s && !s.ok ? s.message : "missing"}`);
    return s.value as Extract<StatusSnapshot, { kind: "jobs" }>;
  });
}

async function until(r: BatchRef, ok: (s: { jobs: JobReport[]; done: boolean }) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const [s] = await read([r]);
    if (ok(s)) return s;
    if (Date.now() > end) assert.fail(`timed out; last read: ${JSON.stringify(s.jobs.map((j) => [j.taskIndex, j.status]))}`);
    await new Promise((res) => setTimeout(res, 300));
  }
}

test("an array where some tasks exit non-zero is read to completion with the right exit codes, ids and inputs", { skip }, async () => {
  const sub = await slurm.submit(
    request(
      9101,
      `echo "$POMS4_SUBMISSION_ID $POMS4_CAMPAIGN_STAGE_ID $POMS_JOB_INDEX $(paste -sd, "$POMS_INPUT_LIST")" > ${scratch}/task-$POMS_JOB_INDEX; sleep 1; [ $((POMS_JOB_INDEX % 3)) = 1 ] && exit 3; exit 0`,
      [["a 1.root", "b.root"], ["it's.root"], [], ["d.root"], ["e.root"], ["f.root"]],
    ),
  );
  assert.ok(sub.ok, !sub.ok ? sub.message : "");
  assert.match(sub.value.batchId, /^\d+$/);
  assert.match(sub.value.log, /sbatch --parsable --array=0-5/);
  const s = await until(ref(9101, sub.value.batchId), (x) => x.done && x.jobs.length === 6);
  assert.deepEqual(
    s.jobs.map((j) => [j.batchJobId, j.status, j.exitCode]),
    [0, 1, 2, 3, 4, 5].map((i) => [`${sub.value.batchId}_${i}`, i % 3 === 1 ? "FAILED" : "COMPLETED", i % 3 === 1 ? 3 : 0]),
  );
  for (const j of s.jobs) assert.ok(j.startedAt && j.endedAt && j.node === "localhost");
  assert.equal(readFileSync(path.join(scratch, "task-0"), "utf8").trim(), "9101 8 0 a 1.root,b.root");
  assert.equal(readFileSync(path.join(scratch, "task-1"), "utf8").trim(), "9101 8 1 it's.root");
  assert.equal(readFileSync(path.join(scratch, "task-2"), "utf8").trim(), "9101 8 2");
});

test("a pending array: hold makes its tasks held, release makes them idle again; scancel cancels; many submissions = one squeue", { skip }, async () => {
  const env = { ...process.env, SLURM_CONF: conf };
  // Occupy every CPU so the arrays below stay pending (reason: Resources).
  const blocker = execFileSync("sbatch", ["--parsable", "--exclusive", `--chdir=${scratch}`, "--wrap", "sleep 60"], { env }).toString().trim();
  cancelAtEnd.push(blocker);
  const a = await slurm.submit(request(9102, "exit 0", [[], [], [], []]));
  const b = await slurm.submit(request(9103, "exit 0", [[], [], []]));
  assert.ok(a.ok && b.ok);
  cancelAtEnd.push(a.value.batchId, b.value.batchId);
  const ra = ref(9102, a.value.batchId);
  const rb = ref(9103, b.value.batchId);
  let [sa, sb] = await read([ra, rb]);
  assert.deepEqual(sa.jobs.map((j) => [j.taskIndex, j.status]), [[0, "IDLE"], [1, "IDLE"], [2, "IDLE"], [3, "IDLE"]], "the pending remainder record is every task");
  assert.equal(sb.jobs.length, 3);
  assert.equal(sa.done, false);

  const held = await slurm.control("hold", ra);
  assert.ok(held.ok, !held.ok ? held.message : "");
  [sa] = await read([ra]);
  assert.ok(sa.jobs.every((j) => j.status === "HELD" && j.holdReason), JSON.stringify(sa.jobs.map((j) => j.status)));
  const released = await slurm.control("release", ra);
  assert.ok(released.ok);
  [sa] = await read([ra]);
  assert.ok(sa.jobs.every((j) => j.status === "IDLE"));

  const killed = await slurm.control("kill", rb);
  assert.ok(killed.ok);
  sb = await until(rb, (x) => x.done);
  assert.ok(sb.jobs.length === 3 && sb.jobs.every((j) => j.status === "CANCELLED"), JSON.stringify(sb.jobs.map((j) => j.status)));

  // Status of many submissions is one squeue call: count the calls through a shim first on PATH.
  const shim = path.join(scratch, "bin");
  execFileSync("mkdir", ["-p", shim]);
  writeFileSync(path.join(shim, "squeue"), `#!/bin/bash\necho x >> ${scratch}/squeue-calls\nexec ${execFileSync("bash", ["-c", "command -v squeue"]).toString().trim()} "$@"\n`);
  chmodSync(path.join(shim, "squeue"), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${shim}:${savedPath}`;
  try {
    const m = await slurm.status([ra, rb, ref(9104, blocker), ref(9105, "99999999")]);
    assert.ok([9102, 9103, 9104, 9105].every((id) => m.get(id)?.ok));
    const gone = m.get(9105);
    assert.ok(gone?.ok && gone.value.kind === "jobs" && gone.value.jobs.length === 0 && gone.value.done, "a job Slurm does not list is done with no jobs");
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(readFileSync(path.join(scratch, "squeue-calls"), "utf8").trim().split("\n").length, 1);

  execFileSync("scancel", [blocker], { env });
  sa = await until(ra, (x) => x.done);
  assert.ok(sa.jobs.every((j) => j.status === "COMPLETED" && j.exitCode === 0));
});

test("a dead controller is a failed read (never a state), and submit and control fail in words", { skip }, async () => {
  const dead = path.join(scratch, "dead.conf");
  writeFileSync(dead, readFileSync(conf!, "utf8").replace(/^SlurmctldHost=.*$/m, "SlurmctldHost=localhost\nSlurmctldPort=6999\nMessageTimeout=2"));
  const down = slurmBatchSystem({ conf: dead, timeoutMs: 15_000, workDir: scratch });
  const m = await down.status([ref(1, "1"), ref(2, "2")]);
  for (const id of [1, 2]) {
    const r = m.get(id);
    assert.ok(r && !r.ok, "a failed read");
    assert.equal(r.kind, "network");
    assert.match(r.message, /controller did not answer/);
  }
  const sub = await down.submit(request(9106, "true", [[]]));
  assert.ok(!sub.ok && sub.message.length > 10);
  const hold = await down.control("hold", ref(1, "1"));
  assert.ok(!hold.ok);
});

test("finished tasks carry the job's own per-file list (consumed / failed), so files not processed are exact", { skip }, async () => {
  const job = path.join(process.cwd(), "scripts/jobs/demo-job.sh");
  const sub = await slurm.submit(request(9104, `${job} --memory 2000MB`, [["r1_a.root", "r1_b_bad.root"], ["r1_c.root"]]));
  assert.ok(sub.ok, !sub.ok ? sub.message : "");
  const s = await until(ref(9104, sub.value.batchId), (x) => x.done && x.jobs.length === 2 && x.jobs.every((j) => j.files !== undefined), 30_000);
  assert.deepEqual(
    s.jobs.map((j) => [j.taskIndex, j.exitCode, j.files]),
    [
      [0, 65, [{ name: "r1_a.root", consumed: true }, { name: "r1_b_bad.root", consumed: false }]],
      [1, 0, [{ name: "r1_c.root", consumed: true }]],
    ],
  );
});
