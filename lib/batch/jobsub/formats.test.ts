import { test } from "node:test";
import assert from "node:assert/strict";
import { classAdValue, condorJobStatus, lensEntryFor, lensQuery, parseCondorQ, parseSubmitOutput, reportFromAd, sameJobsubId, splitJobsubId } from "./formats";

test("the batch id comes from jobsub_submit's own line; without it the answer is unreadable", () => {
  const out = `Submitting job(s)...\n3 job(s) submitted to cluster 12345678.\n\n${"=-".repeat(30)}\n\nUse job id 12345678.0@jobsub01.fnal.gov to retrieve output\n\n`;
  assert.deepEqual(parseSubmitOutput(out), { ok: true, value: "12345678.0@jobsub01.fnal.gov" });
  const none = parseSubmitOutput("Error: condor_submit exited with failed status code 1");
  assert.ok(!none.ok && none.kind === "parse");
});

test("ids with and without .0 are the same cluster", () => {
  assert.ok(sameJobsubId("123@jobsub02.fnal.gov", "123.0@jobsub02.fnal.gov"));
  assert.ok(!sameJobsubId("123@jobsub02.fnal.gov", "124.0@jobsub02.fnal.gov"));
  assert.deepEqual(splitJobsubId("123.0@jobsub02.fnal.gov"), { cluster: 123, schedd: "jobsub02.fnal.gov" });
  assert.equal(splitJobsubId("4242"), null);
});

test("condor_q -json: JobStatus 1..7; completed with a non-zero exit or by a signal is failed; hold reasons in words", () => {
  assert.deepEqual([1, 2, 3, 5, 6, 7].map((s) => condorJobStatus({ JobStatus: s })), ["IDLE", "RUNNING", "REMOVED", "HELD", "TRANSFERRING", "SUSPENDED"]);
  assert.equal(condorJobStatus({ JobStatus: 4, ExitCode: 0 }), "COMPLETED");
  assert.equal(condorJobStatus({ JobStatus: 4, ExitCode: 2 }), "FAILED");
  assert.equal(condorJobStatus({ JobStatus: 4, ExitCode: 0, ExitBySignal: true }), "FAILED");
  assert.equal(condorJobStatus({ JobStatus: 9 }), null);
  const held = reportFromAd({ ClusterId: 7, ProcId: 3, JobStatus: 5, HoldReason: "Job has gone over memory limit of 2000 megabytes.", HoldReasonCode: 34, HoldReasonSubCode: 102, NumJobStarts: 1 }, "jobsub01.fnal.gov");
  assert.ok(held.ok);
  assert.equal(held.value.batchJobId, "7.3@jobsub01.fnal.gov");
  assert.equal(held.value.holdReason, "ran out of resources (memory): Job has gone over memory limit of 2000 megabytes.");
  const killed = reportFromAd({ ClusterId: 7, ProcId: 4, JobStatus: 4, ExitBySignal: true, ExitSignal: 9, RemoteUserCpu: 10, RemoteSysCpu: 2, CompletionDate: 1795925452, MATCH_EXP_JOB_GLIDEIN_Site: "FermiGrid" }, "s");
  assert.ok(killed.ok);
  assert.deepEqual([killed.value.status, killed.value.exitCode, killed.value.cpuSeconds, killed.value.site], ["FAILED", 137, 12, "FermiGrid"]);
});

test("condor_q answers: empty is a successful empty read; one array per schedd; garbage, truncated and wrong shapes are failures", () => {
  assert.deepEqual(parseCondorQ("\n"), { ok: true, value: [] });
  const two = parseCondorQ('[\n{\n  "ClusterId": 1,\n  "ProcId": 0,\n  "JobStatus": 2\n}\n]\n[\n{\n  "ClusterId": 2,\n  "ProcId": 0,\n  "JobStatus": 1\n}\n]\n');
  assert.ok(two.ok && two.value.length === 2);
  const garbage = parseCondorQ("-- Schedd: jobsub01.fnal.gov : <131.225.240.146:9618?...\n{{ <html>");
  assert.ok(!garbage.ok && garbage.kind === "parse");
  const cut = parseCondorQ('[\n{\n  "ClusterId": 1,\n  "ProcId"');
  assert.ok(!cut.ok && cut.kind === "parse");
  const shape = parseCondorQ('[{"ClusterId": "x"}]');
  assert.ok(!shape.ok && shape.kind === "schema");
});

test("ClassAd values of the POMS4 attributes: numbers and booleans as they are, text quoted", () => {
  assert.equal(classAdValue("12"), "12");
  assert.equal(classAdValue("false"), "false");
  assert.equal(classAdValue('a "b"\\'), '"a \\"b\\"\\\\"');
});

test("LENS: one aliased query for many; each entry read alone (unknown id, another submission, string or number task ids)", () => {
  assert.equal(lensQuery(["1.0@s", "2@s"]), '{j0:submission(id:"1.0@s"){id pomsTaskID done error running idle held failed completed cancelled} j1:submission(id:"2@s"){id pomsTaskID done error running idle held failed completed cancelled}}');
  const answer = {
    data: {
      j0: { id: "1@s", pomsTaskID: "12", done: false, running: 37, idle: 12, held: 1, failed: 0, completed: 50, cancelled: 0 },
      j1: null,
      j2: { id: "3.0@s", pomsTaskID: 14, done: true, running: 0, idle: 0, held: 0, failed: 2, completed: 8, cancelled: 0 },
      j3: { id: "4.0@s", pomsTaskID: "99", done: true },
    },
    errors: [{ message: "no submission found with the given pomsTaskId", path: ["j1"] }],
  };
  const a = lensEntryFor(answer, "j0", { batchId: "1.0@s", submissionId: 12 });
  assert.deepEqual(a, { ok: true, value: { counts: { idle: 12, running: 37, held: 1, completed: 50, failed: 0, cancelled: 0, removed: 0 }, done: false } });
  const b = lensEntryFor(answer, "j1", { batchId: "2.0@s", submissionId: 13 });
  assert.ok(!b.ok && b.kind === "not_found" && /no submission found/.test(b.message));
  const c = lensEntryFor(answer, "j2", { batchId: "3@s", submissionId: 14 });
  assert.ok(c.ok && c.value.done && c.value.counts.failed === 2);
  const d = lensEntryFor(answer, "j3", { batchId: "4.0@s", submissionId: 15 });
  assert.ok(!d.ok && d.kind === "schema");
  const e = lensEntryFor({ data: null, errors: [{ message: "syntax error" }] }, "j0", { batchId: "1.0@s", submissionId: 12 });
  assert.ok(!e.ok && /syntax error/.test(e.message));
});
