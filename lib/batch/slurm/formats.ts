/**
 * Slurm's answers read into the port's words (pure). Slurm 22.05 formats (shared/slurm.md, verified on a real
 * cluster): `sbatch --parsable`, `squeue --json` (openapi v0.0.38) and `sacct -X -n -P -o
 * JobIDRaw,JobID,State,ExitCode,Start,End,NodeList`. The job state decides, not the reason: pending with
 * JobHeldUser/JobHeldAdmin is held, a running task after `scontrol hold` still runs. Exit codes come from
 * squeue's raw wait status or sacct's text "code:signal", never from sacct --json (wrong in 22.05).
 */
import { z } from "zod";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import type { JobReport, JobStatus, StatusSnapshot } from "@/lib/batch/types";
import { jobReport } from "../job-report";

/** `sbatch --parsable` prints "<job id>" or "<job id>;<cluster>". */
export function parseSbatch(stdout: string): AdapterResult<string> {
  const m = /^(\d+)(;\S+)?$/.exec(stdout.trim().split("\n").at(-1)?.trim() ?? "");
  return m ? success(m[1]) : failure("parse", `sbatch printed no job id: "${stdout.trim().slice(0, 200)}".`);
}

const epoch = z.number().nullish();
const squeueJob = z.looseObject({
  job_id: z.number(),
  array_job_id: z.number().nullish(),
  array_task_id: z.number().nullish(),
  array_task_string: z.string().nullish(),
  job_state: z.string(),
  state_reason: z.string().nullish(),
  exit_code: z.unknown().optional(),
  submit_time: epoch,
  start_time: epoch,
  end_time: epoch,
  nodes: z.string().nullish(),
  batch_host: z.string().nullish(),
  standard_output: z.string().nullish(),
});
export type SqueueJob = z.infer<typeof squeueJob>;
const squeueAnswer = z.looseObject({ errors: z.array(z.looseObject({ error: z.string().nullish(), description: z.string().nullish(), source: z.string().nullish() })).optional(), jobs: z.array(squeueJob) });

/** `squeue --json`: a list of job records, or a failed read (it exits 0 with `errors` when the controller is down). */
export function parseSqueueJson(stdout: string): AdapterResult<SqueueJob[]> {
  if (!stdout.trim()) return failure("parse", "squeue printed nothing.");
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return failure("parse", "squeue's answer is not valid JSON (cut short?).");
  }
  const parsed = squeueAnswer.safeParse(data);
  if (!parsed.success) return failure("schema", `squeue's answer has an unexpected shape: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}.`);
  const errors = parsed.data.errors ?? [];
  if (errors.length) {
    const what = errors.map((e) => [e.description, e.error, e.source && `(${e.source})`].filter(Boolean).join(" ")).join("; ");
    return failure("network", `Slurm's controller did not answer the job list: ${what || "an error without a message"}.`);
  }
  return success(parsed.data.jobs);
}

/** The task indices of a not-yet-split array record: "3-19", "0-9:2", "1,4,7-8%2". */
export function expandTaskString(text: string): number[] {
  const out: number[] = [];
  const body = text.replace(/%\d+$/, "").replace(/^\[|\]$/g, "");
  for (const part of body.split(",")) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    const step = Math.max(1, Number(m[3] ?? 1));
    for (let i = lo; i <= hi && out.length < 1_000_000; i += step) out.push(i);
  }
  return out;
}

const FAILED_STATES = new Set(["FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "PREEMPTED"]);

/** A Slurm job state (and, for pending jobs only, the reason) as a job status; null for a state we do not know. */
export function slurmJobStatus(state: string, reason: string | null | undefined): JobStatus | null {
  const s = state.trim().split(/\s+/)[0].toUpperCase();
  if (s === "PENDING" || s === "REQUEUED" || s === "REQUEUE_FED") return reason === "JobHeldUser" || reason === "JobHeldAdmin" ? "HELD" : "IDLE";
  if (s === "REQUEUE_HOLD" || s === "SPECIAL_EXIT") return "HELD";
  if (s === "RUNNING" || s === "CONFIGURING" || s === "COMPLETING" || s === "RESIZING" || s === "SIGNALING" || s === "STAGE_OUT") return "RUNNING";
  if (s === "SUSPENDED" || s === "STOPPED") return "SUSPENDED";
  if (s === "COMPLETED") return "COMPLETED";
  if (s === "CANCELLED") return "CANCELLED";
  if (FAILED_STATES.has(s)) return "FAILED";
  if (s === "REVOKED") return "REMOVED";
  return null;
}

/** squeue's raw wait status: 768 = exit 3; 15 = killed by signal 15 (reported as 128 + signal, as shells do). */
export function exitFromWaitStatus(raw: unknown): number | null {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0) return null;
  const signal = raw & 0x7f;
  return signal ? 128 + signal : raw >> 8;
}

const at = (s: number | null | undefined): Date | null => (s && s > 0 ? new Date(s * 1000) : null);
const FINAL = new Set<JobStatus>(["COMPLETED", "FAILED", "CANCELLED", "REMOVED"]);

function report(batchId: string, task: number | null, status: JobStatus, fields: Partial<JobReport>): JobReport {
  return jobReport(task === null ? batchId : `${batchId}_${task}`, task, status, fields);
}

/** The jobs of one batch (an array job id, or a single job id) in a squeue answer; a pending remainder is expanded. */
export function jobsOfBatch(jobs: readonly SqueueJob[], batchId: string): AdapterResult<JobReport[]> {
  const id = Number(batchId);
  const out: JobReport[] = [];
  for (const j of jobs) {
    const arrayId = j.array_job_id ?? 0;
    if (arrayId !== id && !(arrayId === 0 && j.job_id === id)) continue;
    const status = slurmJobStatus(j.job_state, j.state_reason);
    if (!status) return failure("schema", `Slurm reported the job state "${j.job_state}", which POMS does not know.`);
    const final = FINAL.has(status);
    const started = at(j.start_time);
    const ended = final ? at(j.end_time) : null; // a running job's end_time is a projection (gotcha 9)
    const fields: Partial<JobReport> = {
      exitCode: final ? exitFromWaitStatus(j.exit_code) : null,
      holdReason: status === "HELD" ? (j.state_reason === "JobHeldAdmin" ? "Held by an administrator (scontrol hold)." : "Held by its owner.") : null,
      node: j.nodes || j.batch_host || null,
      site: null,
      numStarts: started && status !== "IDLE" && status !== "HELD" ? 1 : 0,
      submittedAt: at(j.submit_time),
      startedAt: status === "IDLE" || status === "HELD" ? null : started,
      endedAt: ended,
      wallSeconds: started && ended ? Math.max(0, (ended.getTime() - started.getTime()) / 1000) : null,
      outputPath: j.standard_output || null,
    };
    if (arrayId !== 0 && (j.array_task_id === null || j.array_task_id === undefined)) {
      for (const t of expandTaskString(j.array_task_string ?? "")) out.push(report(batchId, t, status, fields));
    } else out.push(report(batchId, arrayId === 0 ? null : (j.array_task_id ?? null), status, fields));
  }
  out.sort((a, b) => (a.taskIndex ?? -1) - (b.taskIndex ?? -1));
  return success(out);
}

/** One line of `sacct -X -n -P -o JobIDRaw,JobID,State,ExitCode,Start,End,NodeList`. */
export type SacctRow = { batchId: string; task: number | null; status: JobStatus; exitCode: number | null; start: Date | null; end: Date | null; node: string | null };

const localTime = (s: string): Date | null => {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(s)) return null; // "Unknown", "None"
  const d = new Date(s); // sacct prints the cluster's local time without a zone
  return Number.isNaN(d.getTime()) ? null : d;
};

export function parseSacct(stdout: string): SacctRow[] {
  const rows: SacctRow[] = [];
  for (const line of stdout.split("\n")) {
    const f = line.trim().split("|");
    if (f.length < 7) continue;
    const [, jobId, state, exit, start, end, node] = f;
    const m = /^(\d+)(?:_(\d+))?$/.exec(jobId); // "2_3"; skip the pending remainder "2_[4-19]"
    const status = slurmJobStatus(state, null);
    if (!m || !status) continue;
    const e = /^(\d+):(\d+)$/.exec(exit);
    const exitCode = e ? (Number(e[2]) ? 128 + Number(e[2]) : Number(e[1])) : null;
    rows.push({ batchId: m[1], task: m[2] === undefined ? null : Number(m[2]), status, exitCode, start: localTime(start), end: localTime(end), node: node && node !== "None assigned" ? node : null });
  }
  return rows;
}

/**
 * Completes a batch's squeue jobs with accounting: the exit code of a finished job when squeue had none, and
 * the jobs squeue no longer lists (aged out of the controller) as accounting last recorded them.
 */
export function withAccounting(batchId: string, jobs: JobReport[], rows: readonly SacctRow[]): JobReport[] {
  const byTask = new Map(jobs.map((j) => [j.taskIndex, j]));
  const out = [...jobs];
  for (const r of rows) {
    if (r.batchId !== batchId) continue;
    const seen = byTask.get(r.task);
    if (seen) {
      if (FINAL.has(seen.status) && seen.exitCode === null && r.exitCode !== null) seen.exitCode = r.exitCode;
      continue;
    }
    if (!FINAL.has(r.status)) continue; // squeue is the authority on what is still queued
    out.push(report(batchId, r.task, r.status, { exitCode: r.exitCode, startedAt: r.start, endedAt: r.end, node: r.node, numStarts: r.start ? 1 : 0, wallSeconds: r.start && r.end ? (r.end.getTime() - r.start.getTime()) / 1000 : null }));
  }
  return out.sort((a, b) => (a.taskIndex ?? -1) - (b.taskIndex ?? -1));
}

/** One batch's status from a squeue answer and (optional) accounting rows. done: nothing of it is left in the queue. */
export function snapshotOfBatch(jobs: readonly SqueueJob[], batchId: string, rows: readonly SacctRow[] = []): AdapterResult<StatusSnapshot> {
  const mine = jobsOfBatch(jobs, batchId);
  if (!mine.ok) return mine;
  const all = withAccounting(batchId, mine.value, rows);
  return success({ kind: "jobs", jobs: all, done: all.every((j) => FINAL.has(j.status)) });
}
