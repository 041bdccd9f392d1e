// The jobsub backend against stub executables that print the real formats (lib/testing/stubs/jobsub) and a mock
// LENS GraphQL server (lib/testing/mock-server.ts) that produces every fault mode of shared/monitors.md.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMockServer, FAULTS, type MockServer, FAULT_KIND } from "@/lib/testing/mock-server";
import type { BatchRef, JobCounts, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";

// Before anything reads the environment: the stubs come first on PATH (as POMS_JOBSUB_BIN does in production).
process.env.POMS_JOBSUB_BIN = path.resolve("lib/testing/stubs/jobsub");
const dir = mkdtempSync(path.join(os.tmpdir(), "poms-jobsub-"));
const scenarioFile = path.join(dir, "scenario.json");
process.env.POMS_JOBSUB_SCENARIO = scenarioFile;
const { jobsubBatchSystem, jobsubSubmitArgs } = await import("./jobsub");

type Scenario = { schedd?: string; nextCluster?: number; ads?: Record<string, unknown>[]; fault?: Record<string, string> };
const writeScenario = (s: Scenario) => {
  writeFileSync(scenarioFile, JSON.stringify(s));
  rmSync(`${scenarioFile}.calls`, { force: true });
};
const calls = () =>
  readFileSync(`${scenarioFile}.calls`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { tool: string; args: string[]; script?: string });

const login = { host: "localhost", account: "novapro" };
const request = (submissionId: number, jobs: string[][]): SubmitRequest => ({
  submissionId,
  stageId: 21,
  campaignId: 6,
  experiment: "nova",
  isTest: true,
  command: "nova_reco --config 'reco.fcl'",
  setup: "source /cvmfs/nova.opensciencegrid.org/novasoft/slf7/novasoft/setup/setup_nova.sh",
  login,
  vomsRole: "Production",
  jobs,
  env: { POMS4_SUBMISSION_ID: String(submissionId), POMS4_CAMPAIGN_STAGE_ID: "21", POMS4_CAMPAIGN_ID: "6", POMS4_TEST_LAUNCH: "true" },
});
const ref = (submissionId: number, batchId: string): BatchRef => ({ submissionId, batchId, experiment: "nova", login, vomsRole: "Production" });

after(() => rmSync(dir, { recursive: true, force: true }));

// ---------- jobsub_submit, jobsub_hold/release/rm and condor_q (stubs) ----------

const condor = jobsubBatchSystem({ lensUrl: null, timeoutMs: 3000 });

test("submit composes jobsub_submit with the group, role, job count, the ids as environment and ClassAds, and reads the batch id", async () => {
  writeScenario({ nextCluster: 40000001 });
  const r = await condor.submit(request(12, [["a.root", "b c.root"], ["it's $(x).root"], []]));
  assert.ok(r.ok, !r.ok ? r.message : "");
  assert.equal(r.value.batchId, "40000001.0@jobsub01.fnal.gov");
  assert.match(r.value.log, /3 job\(s\) submitted to cluster 40000001/);
  const [c] = calls();
  assert.equal(c.tool, "jobsub_submit");
  const args = c.args.slice(0, -1);
  assert.deepEqual(args, jobsubSubmitArgs(request(12, [[], [], []])));
  assert.deepEqual(args.slice(0, 6), ["-G", "nova", "--role", "Production", "-N", "3"]);
  assert.ok(args.join(" ").includes("-e POMS4_SUBMISSION_ID=12 -e POMS4_CAMPAIGN_STAGE_ID=21 -e POMS4_CAMPAIGN_ID=6 -e POMS4_TEST_LAUNCH=true"));
  assert.ok(args.join(" ").includes("--lines +POMS4_SUBMISSION_ID=12"));
  assert.match(c.args.at(-1)!, /^file:\/\/.*poms-job-.*\.sh$/);
  assert.ok(c.script?.includes(`  1) printf '%s\\n' 'it'\\''s $(x).root' > "$POMS_INPUT_LIST" ;;`), c.script);
  assert.ok(c.script?.includes("nova_reco --config 'reco.fcl'"));
  assert.ok(c.script?.includes('POMS_JOB_INDEX="$PROCESS"'));
});

test("submit failures: the tool refuses (network, expired token), prints garbage, or hangs — each a failure in words", async () => {
  const expect: [string, string][] = [
    ["exit", "network"],
    ["auth", "auth"],
    ["garbage", "parse"],
    ["hang", "timeout"],
  ];
  for (const [fault, kind] of expect) {
    writeScenario({ fault: { jobsub_submit: fault } });
    const r = await condor.submit(request(13, [[]]));
    assert.ok(!r.ok, fault);
    assert.equal(r.kind, kind, `${fault}: ${r.message}`);
    assert.ok(r.message.length > 15);
  }
  const noGroup = await condor.submit({ ...request(13, [[]]), experiment: "no va" });
  assert.ok(!noGroup.ok && noGroup.kind === "schema");
});

const ad = (sub: number, cluster: number, proc: number, extra: Record<string, unknown>) => ({ ClusterId: cluster, ProcId: proc, POMS4_SUBMISSION_ID: sub, NumJobStarts: 1, QDate: 1795920000, ...extra });

test("status from condor_q: one call for all submissions, JobStatus mapped, failed completions, held reasons; an empty answer is a read", async () => {
  writeScenario({
    ads: [
      ad(12, 500, 0, { JobStatus: 1, NumJobStarts: 0 }),
      ad(12, 500, 1, { JobStatus: 2, JobStartDate: 1795920100, MATCH_EXP_JOB_GLIDEIN_Site: "FermiGrid" }),
      ad(12, 500, 2, { JobStatus: 4, ExitCode: 0, CompletionDate: 1795920400, RemoteUserCpu: 100, RemoteSysCpu: 5 }),
      ad(12, 500, 3, { JobStatus: 4, ExitCode: 1, CompletionDate: 1795920400 }),
      ad(12, 500, 4, { JobStatus: 4, ExitBySignal: true, ExitSignal: 9, ExitCode: null }),
      ad(12, 500, 5, { JobStatus: 5, HoldReason: "Job has gone over memory limit of 2000 megabytes.", HoldReasonCode: 34, HoldReasonSubCode: 102 }),
      ad(14, 501, 0, { JobStatus: 3 }),
      ad(99, 502, 0, { JobStatus: 2 }),
    ],
  });
  const m = await condor.status([ref(12, "500.0@jobsub01.fnal.gov"), ref(14, "501.0@jobsub01.fnal.gov"), ref(15, "503@jobsub01.fnal.gov")]);
  assert.equal(calls().length, 1, "one condor_q for all");
  assert.match(calls()[0].args.join(" "), /-constraint member\(POMS4_SUBMISSION_ID, \{12,14,15\}\)/);
  const a = m.get(12);
  assert.ok(a?.ok && a.value.kind === "jobs");
  assert.deepEqual(a.value.jobs.map((j) => [j.batchJobId, j.status, j.exitCode]), [
    ["500.0@jobsub01.fnal.gov", "IDLE", null],
    ["500.1@jobsub01.fnal.gov", "RUNNING", null],
    ["500.2@jobsub01.fnal.gov", "COMPLETED", 0],
    ["500.3@jobsub01.fnal.gov", "FAILED", 1],
    ["500.4@jobsub01.fnal.gov", "FAILED", 137],
    ["500.5@jobsub01.fnal.gov", "HELD", null],
  ]);
  assert.equal(a.value.done, false);
  assert.equal(a.value.jobs[5].holdReasonCode, 34);
  const b = m.get(14);
  assert.ok(b?.ok && b.value.kind === "jobs" && b.value.done && b.value.jobs[0].status === "REMOVED");
  const c = m.get(15);
  assert.deepEqual(c, { ok: true, value: { kind: "jobs", jobs: [], done: true } }, "a submission condor_q does not list has left the queue");
  writeScenario({ ads: [] });
  const empty = (await condor.status([ref(12, "500.0@jobsub01.fnal.gov")])).get(12);
  assert.ok(empty?.ok, "an empty condor_q answer is a successful read");
});

test("condor_q failures are failed reads of every submission asked, never a state", async () => {
  for (const [fault, kind] of [["exit", "network"], ["garbage", "parse"], ["truncated", "parse"], ["hang", "timeout"], ["auth", "auth"]] as const) {
    writeScenario({ ads: [ad(12, 500, 0, { JobStatus: 2 }), ad(12, 500, 1, { JobStatus: 2 })], fault: { condor_q: fault } });
    const m = await condor.status([ref(12, "500.0@jobsub01.fnal.gov"), ref(14, "501.0@jobsub01.fnal.gov")]);
    for (const id of [12, 14]) {
      const r = m.get(id);
      assert.ok(r && !r.ok, `${fault} is a failure`);
      assert.equal(r.kind, kind, `${fault}: ${r.message}`);
    }
  }
  const notJobsub = (await condor.status([ref(3, "4242")])).get(3);
  assert.ok(notJobsub && !notJobsub.ok && notJobsub.kind === "not_found");
});

test("hold, release and kill go by --constraint 'POMS4_SUBMISSION_ID==N' and the next read shows them", async () => {
  writeScenario({ ads: [ad(12, 500, 0, { JobStatus: 1 }), ad(12, 500, 1, { JobStatus: 2 }), ad(13, 600, 0, { JobStatus: 2 })] });
  const r = ref(12, "500.0@jobsub01.fnal.gov");
  const read = async () => {
    const s = (await condor.status([r])).get(12);
    assert.ok(s?.ok && s.value.kind === "jobs");
    return s.value.jobs.map((j) => j.status);
  };
  const hold = await condor.control("hold", r);
  assert.ok(hold.ok, !hold.ok ? hold.message : "");
  assert.match(hold.value.log, /jobsub_hold -G nova --role Production --constraint POMS4_SUBMISSION_ID==12/);
  assert.deepEqual(await read(), ["HELD", "HELD"]);
  assert.ok((await condor.control("release", r)).ok);
  assert.deepEqual(await read(), ["IDLE", "IDLE"]);
  assert.ok((await condor.control("kill", r)).ok);
  assert.deepEqual(await read(), ["REMOVED", "REMOVED"]);
  const other = (await condor.status([ref(13, "600.0@jobsub01.fnal.gov")])).get(13);
  assert.ok(other?.ok && other.value.kind === "jobs" && other.value.jobs[0].status === "RUNNING", "another submission is untouched");
  writeScenario({ fault: { jobsub_rm: "auth" } });
  const refused = await condor.control("kill", r);
  assert.ok(!refused.ok && refused.kind === "auth");
});

// ---------- LENS GraphQL (mock server) ----------

type LensEntry = { id: string; pomsTaskID: string | number; listed: boolean; counts: (now: number) => Partial<JobCounts> & { done?: boolean } };
type LensScenario = { group: string; entries: LensEntry[] };
const T0 = 1_795_900_000;
const norm = (id: string) => id.replace(/^(\d+)(?:\.0)?@/, "$1.0@");
let lens: MockServer<LensScenario>;
let clock = T0 * 1000;

before(async () => {
  lens = await startMockServer<LensScenario>({
    startAt: T0,
    slowMs: 1500,
    scenario: {
      group: "nova",
      entries: [
        { id: "700@jobsub01.fnal.gov", pomsTaskID: "31", listed: true, counts: () => ({ running: 37, idle: 12, held: 1, completed: 50 }) },
        { id: "701.0@jobsub02.fnal.gov", pomsTaskID: 32, listed: true, counts: (now) => (now < T0 + 600 ? { running: 10, idle: 90 } : { running: 5, idle: 20, completed: 3 }) },
        { id: "702.0@jobsub01.fnal.gov", pomsTaskID: "33", listed: false, counts: () => ({ completed: 98, failed: 2, done: true }) },
      ],
    },
    routes: {
      "POST /lens/query": (req, { now, scenario }) => {
        const { query } = JSON.parse(req.body) as { query: string };
        if (query.startsWith("{submissions(")) return { json: { data: { submissions: scenario.entries.filter((e) => e.listed).map((e) => ({ pomsTaskID: e.pomsTaskID, id: e.id })) } } };
        const data: Record<string, unknown> = {};
        const errors: unknown[] = [];
        for (const m of query.matchAll(/(j\d+):submission\(id:"([^"]+)"\)/g)) {
          const e = scenario.entries.find((x) => norm(x.id) === norm(m[2]));
          if (!e) {
            data[m[1]] = null;
            errors.push({ message: "no submission found with the given pomsTaskId", locations: [{ line: 1, column: 2 }], path: [m[1]] });
            continue;
          }
          const c = e.counts(now);
          data[m[1]] = { id: e.id, pomsTaskID: e.pomsTaskID, done: c.done ?? false, error: null, running: c.running ?? 0, idle: c.idle ?? 0, held: c.held ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0, cancelled: c.cancelled ?? 0 };
        }
        return { json: errors.length ? { data, errors } : { data } };
      },
    },
  });
});
after(() => lens.close());

// The back-off clock moves an hour per call so that each fault below is asked about afresh.
const viaLens = () => jobsubBatchSystem({ lensUrl: lens.url, lensTimeoutMs: 700, now: () => (clock += 3_600_000) });
const lensRefs = [ref(31, "700.0@jobsub01.fnal.gov"), ref(32, "701@jobsub02.fnal.gov"), ref(33, "702.0@jobsub01.fnal.gov")];
const counts = (r: unknown) => {
  const s = r as { ok: boolean; value: StatusSnapshot };
  assert.ok(s.ok, JSON.stringify(r));
  assert.equal(s.value.kind, "counts");
  return s.value as Extract<StatusSnapshot, { kind: "counts" }>;
};

test("LENS: many submissions in one POST of aliases; ids with and without .0; task ids as text or number", async () => {
  const before = lens.requests.length;
  const m = await viaLens().status(lensRefs);
  assert.equal(lens.requests.length - before, 1, "one POST for all");
  const body = JSON.parse(lens.requests.at(-1)!.body) as { query: string; operationName: null };
  assert.equal(body.operationName, null);
  assert.match(body.query, /^\{j0:submission\(id:"700\.0@jobsub01\.fnal\.gov"\)\{id pomsTaskID done error running idle held failed completed cancelled\} j1:/);
  assert.deepEqual(counts(m.get(31)).counts, { idle: 12, running: 37, held: 1, completed: 50, failed: 0, cancelled: 0, removed: 0 });
  assert.equal(counts(m.get(32)).counts.idle, 90);
  assert.equal(counts(m.get(33)).done, true);
});

test("LENS: a submission that vanished from the submissions list still answers by id", async () => {
  const list = await fetch(`${lens.url}/lens/query`, { method: "POST", body: JSON.stringify({ query: '{submissions(group:"nova", from:"2026-11-01T10:00:00", to:"now"){pomsTaskID id}}', operationName: null }) });
  const listed = ((await list.json()) as { data: { submissions: { id: string }[] } }).data.submissions.map((s) => s.id);
  assert.ok(!listed.includes("702.0@jobsub01.fnal.gov"));
  const m = await viaLens().status([lensRefs[2]]);
  assert.deepEqual(counts(m.get(33)).counts, { idle: 0, running: 0, held: 0, completed: 98, failed: 2, cancelled: 0, removed: 0 });
});

test("LENS: counts that decrease between polls are reported as read (the largest total is the lifecycle's business)", async () => {
  const first = counts((await viaLens().status([lensRefs[1]])).get(32)).counts;
  lens.clock.advance(900);
  const second = counts((await viaLens().status([lensRefs[1]])).get(32)).counts;
  assert.equal(first.idle + first.running + first.completed, 100);
  assert.equal(second.idle + second.running + second.completed, 28);
});

test("LENS: partial data with errors fails only the unknown submission", async () => {
  const m = await viaLens().status([lensRefs[0], ref(34, "799.0@jobsub01.fnal.gov")]);
  assert.ok(m.get(31)?.ok);
  const unknown = m.get(34);
  assert.ok(unknown && !unknown.ok && unknown.kind === "not_found" && /no submission found/.test(unknown.message));
  const wrong = (await viaLens().status([ref(35, "700.0@jobsub01.fnal.gov")])).get(35);
  assert.ok(wrong && !wrong.ok && wrong.kind === "schema" && /belongs to POMS submission 31/.test(wrong.message));
});

const EXPECTED = FAULT_KIND;

for (const fault of FAULTS) {
  test(`LENS fault "${fault}": every submission asked is a failed read of kind ${EXPECTED[fault]}, never a state`, async () => {
    lens.fault("POST /lens/query", fault, 1);
    const m = await viaLens().status(lensRefs);
    for (const r of lensRefs) {
      const s = m.get(r.submissionId);
      assert.ok(s && !s.ok, `${fault}: a failure`);
      assert.equal(s.kind, EXPECTED[fault]);
      assert.match(s.message, /^LENS: /);
    }
    assert.ok((await viaLens().status(lensRefs)).get(31)?.ok, "the next poll reads again");
  });
}

test("LENS: after a failure the endpoint is skipped for a while (back-off), then asked again", async () => {
  let now = 0;
  const backend = jobsubBatchSystem({ lensUrl: lens.url, lensTimeoutMs: 700, now: () => now });
  lens.fault("POST /lens/query", "http503", 1);
  const before = lens.requests.length;
  assert.ok(!(await backend.status(lensRefs)).get(31)?.ok);
  now += 10_000;
  const skipped = (await backend.status(lensRefs)).get(31);
  assert.ok(skipped && !skipped.ok && /not asked again until/.test(skipped.message));
  assert.equal(lens.requests.length - before, 1, "not asked while backing off");
  now += 60_000;
  assert.ok((await backend.status(lensRefs)).get(31)?.ok);
});

test("control reaches only the submission's own cluster, so two installations sharing a group never touch each other's jobs", async () => {
  const { controlConstraint } = await import("./jobsub");
  assert.equal(controlConstraint({ submissionId: 12, batchId: "58400000.0@jobsub01.fnal.gov" }), "POMS4_SUBMISSION_ID==12 && ClusterId==58400000");
  assert.equal(controlConstraint({ submissionId: 12, batchId: "58400000@jobsub02.fnal.gov" }), "POMS4_SUBMISSION_ID==12 && ClusterId==58400000");
  assert.equal(controlConstraint({ submissionId: 12, batchId: "odd" }), "POMS4_SUBMISSION_ID==12");
});
