// The golden corpus (README.md beside this file): monitor timelines in their real formats, through the backends'
// parsers and the submission rules, against states written by hand from the domain's rules. 0 misjudged.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AdapterResult } from "@/lib/adapters/result";
import type { JobCounts, JobStatus, StatusSnapshot } from "@/lib/batch/types";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { parseCondorQ, snapshotFromAds, lensAnswer, lensEntryFor } from "@/lib/batch/jobsub/formats";
import { parseSacct, parseSqueueJson, snapshotOfBatch } from "@/lib/batch/slurm/formats";
import { readBatch, jobDir } from "@/lib/batch/local/spool";
import { countJobs, vanishedJobs } from "@/lib/submissions/jobs";
import { appendHistory, judgeSubmission } from "@/lib/submissions/lifecycle";

type Spool = { markers: string[]; jobs: { running?: boolean; lost?: boolean; killed?: boolean; result?: string }[] };
type Poll = { answer?: unknown; sacct?: string; spool?: Spool; failed?: boolean; expect: SubmissionStatus; pct?: number };
type Case = { name: string; stage: { completionPct: number; failedRatio: number }; submissionId: number; batchId?: string; polls: Poll[] };
type Source = "condor_q" | "lens" | "squeue" | "local";

const here = path.dirname(new URL(import.meta.url).pathname);
const corpus = (source: Source) => (JSON.parse(readFileSync(path.join(here, `${source}.json`), "utf8")) as { cases: Case[] }).cases;

// A process whose command line names wrapper.sh stands for a local job's live wrapper.
const fakeWrapper = spawn("bash", ["-c", "sleep 600; exit 0", "wrapper.sh"], { stdio: "ignore" });
const DEAD_PID = 2_147_483_646;
const scratch = mkdtempSync(path.join(os.tmpdir(), "poms-golden-"));
after(() => {
  fakeWrapper.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

function localSnapshot(c: Case, spool: Spool, poll: number): AdapterResult<StatusSnapshot> {
  const batchId = `L20261129000000-${c.submissionId}-p${poll}`;
  const dir = path.join(scratch, batchId);
  const manifest = { batchId, submissionId: c.submissionId, jobs: spool.jobs.length, createdAt: "2026-11-29T00:00:00.000Z" };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "batch.json"), JSON.stringify(manifest));
  for (const m of spool.markers) writeFileSync(path.join(dir, m), "");
  spool.jobs.forEach((j, i) => {
    const jd = jobDir(dir, i);
    mkdirSync(jd, { recursive: true });
    if (j.running || j.lost || j.result !== undefined) writeFileSync(path.join(jd, "started"), `${j.running ? fakeWrapper.pid : DEAD_PID} 1795925000\n`);
    if (j.result !== undefined) writeFileSync(path.join(jd, "result"), j.result);
    if (j.killed) writeFileSync(path.join(jd, "killed"), "");
  });
  // Job ids are per batch; the timeline is one batch seen at several moments, so ids are renamed to the first poll's.
  const snap = readBatch(dir, manifest);
  return { ok: true, value: { ...snap, jobs: snap.jobs.map((j) => ({ ...j, batchJobId: `local.${j.taskIndex}` })) } };
}

function read(source: Source, c: Case, p: Poll, i: number): AdapterResult<StatusSnapshot> {
  if (source === "condor_q") {
    const text = typeof p.answer === "string" ? p.answer : (p.answer as unknown[]).length ? `[\n${(p.answer as unknown[]).map((a) => JSON.stringify(a, null, 2)).join("\n,\n")}\n]\n` : "";
    const ads = parseCondorQ(text);
    return ads.ok ? snapshotFromAds(ads.value, { submissionId: c.submissionId, batchId: c.batchId! }) : ads;
  }
  if (source === "lens") {
    const parsed = lensAnswer.safeParse(p.answer);
    if (!parsed.success) return { ok: false, kind: "schema", message: parsed.error.message };
    const r = lensEntryFor(parsed.data, "j0", { submissionId: c.submissionId, batchId: c.batchId! });
    return r.ok ? { ok: true, value: { kind: "counts", counts: r.value.counts, done: r.value.done } } : r;
  }
  if (source === "squeue") {
    const jobs = parseSqueueJson(JSON.stringify(p.answer, null, 2));
    return jobs.ok ? snapshotOfBatch(jobs.value, c.batchId!, parseSacct(p.sacct ?? "")) : jobs;
  }
  return localSnapshot(c, p.spool!, i);
}

type Misjudged = { source: Source; name: string; poll: number; expected: string; got: string };

/** Runs one timeline as the refresh would: the jobs table is kept between polls; a failed read changes nothing. */
function runTimeline(source: Source, c: Case): { polls: number; misjudged: Misjudged[] } {
  let status: SubmissionStatus = "NEW";
  let jobsTotalMax = 0;
  let percent = 0;
  const history: SubmissionStatus[] = [];
  const jobs = new Map<string, { batchJobId: string; status: JobStatus; exitCode: number | null }>();
  const misjudged: Misjudged[] = [];
  c.polls.forEach((p, i) => {
    const r = read(source, c, p, i);
    if (!r.ok) {
      if (!p.failed) misjudged.push({ source, name: c.name, poll: i + 1, expected: `a read giving ${p.expect}`, got: `a failed read (${r.kind}: ${r.message})` });
    } else {
      if (p.failed) misjudged.push({ source, name: c.name, poll: i + 1, expected: "a failed read", got: "a successful read" });
      let counts: JobCounts;
      if (r.value.kind === "jobs") {
        const seen = new Set(r.value.jobs.map((j) => j.batchJobId));
        for (const v of vanishedJobs([...jobs.values()], seen)) jobs.set(v.batchJobId, { ...jobs.get(v.batchJobId)!, status: v.status });
        for (const j of r.value.jobs) jobs.set(j.batchJobId, { batchJobId: j.batchJobId, status: j.status, exitCode: j.exitCode });
        counts = countJobs([...jobs.values()]);
      } else counts = r.value.counts;
      const judged = judgeSubmission({ status, jobsTotalMax }, { counts, done: r.value.done }, c.stage);
      status = judged.status;
      jobsTotalMax = judged.jobsTotalMax;
      percent = judged.percentComplete;
      if (appendHistory(history.at(-1) ?? null, status)) history.push(status);
    }
    if (status !== p.expect) misjudged.push({ source, name: c.name, poll: i + 1, expected: p.expect, got: status });
    if (p.pct !== undefined && Math.abs(percent - p.pct) > 0.051) misjudged.push({ source, name: c.name, poll: i + 1, expected: `${p.pct} %`, got: `${percent} %` });
  });
  for (let k = 1; k < history.length; k++) assert.notEqual(history[k], history[k - 1], `${c.name}: the history repeats ${history[k]}`);
  return { polls: c.polls.length, misjudged };
}

test("golden corpus: every monitor timeline gives the hand-written states (0 misjudged)", () => {
  let polls = 0;
  let timelines = 0;
  const misjudged: Misjudged[] = [];
  for (const source of ["condor_q", "lens", "squeue", "local"] as const) {
    for (const c of corpus(source)) {
      const r = runTimeline(source, c);
      polls += r.polls;
      timelines++;
      misjudged.push(...r.misjudged);
    }
  }
  console.log(`# golden corpus: ${timelines} timelines, ${polls} polls, ${misjudged.length} misjudged`);
  for (const m of misjudged) console.log(`#   ${m.source} "${m.name}" poll ${m.poll}: expected ${m.expected}, got ${m.got}`);
  assert.ok(timelines >= 20 && polls >= 50, `the corpus is smaller than expected (${timelines} timelines, ${polls} polls)`);
  assert.equal(misjudged.length, 0);
});

test("the corpus covers what the issue names", () => {
  const names = (["condor_q", "lens", "squeue", "local"] as const).flatMap((s) => corpus(s).map((c) => c.name)).join("\n");
  for (const must of [/held jobs that leave the queue were removed/, /failed jobs/, /counts that decrease/, /vanishes from the monitor/, /all cancelled/, /done with zero counts/]) assert.match(names, must);
});
