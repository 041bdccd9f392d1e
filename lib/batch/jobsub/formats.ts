/**
 * jobsub_lite and HTCondor answers read into the port's words (pure): the batch id jobsub_submit prints, the job
 * ads of `condor_q -json -attributes …`, and Landscape LENS GraphQL counts (shared/monitors.md).
 */
import { z } from "zod";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import type { JobCounts, JobReport, JobStatus, StatusSnapshot } from "@/lib/batch/types";

/** jobsub_submit's line "Use job id 12345678.0@jobsub01.fnal.gov to retrieve output" (jobsub_lite lib/condor.py). */
export function parseSubmitOutput(stdout: string): AdapterResult<string> {
  const m = /Use job id (\d+(?:\.\d+)?@[^\s]+) to retrieve output/.exec(stdout);
  return m ? success(m[1]) : failure("parse", "jobsub_submit did not say which job id it gave (no \"Use job id … to retrieve output\" line).");
}

/** "123@schedd" and "123.0@schedd" name the same cluster. */
export function sameJobsubId(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/^(\d+)(?:\.0)?@/, "$1.0@").toLowerCase();
  return norm(a) === norm(b);
}

/** The cluster number and schedd of a jobsub id. */
export function splitJobsubId(id: string): { cluster: number; schedd: string } | null {
  const m = /^(\d+)(?:\.\d+)?@(\S+)$/.exec(id.trim());
  return m ? { cluster: Number(m[1]), schedd: m[2] } : null;
}

export const CONDOR_ATTRIBUTES = [
  "ClusterId",
  "ProcId",
  "JobStatus",
  "HoldReason",
  "HoldReasonCode",
  "HoldReasonSubCode",
  "EnteredCurrentStatus",
  "RemoteWallClockTime",
  "RemoteUserCpu",
  "RemoteSysCpu",
  "NumJobStarts",
  "MATCH_EXP_JOB_GLIDEIN_Site",
  "POMS4_SUBMISSION_ID",
  "ExitCode",
  "ExitBySignal",
  "ExitSignal",
  "QDate",
  "JobStartDate",
  "CompletionDate",
  "MemoryUsage",
  "LastRemoteHost",
] as const;

const num = z.number().nullish();
const ad = z.looseObject({
  ClusterId: z.number(),
  ProcId: z.number(),
  JobStatus: z.number(),
  HoldReason: z.string().nullish(),
  HoldReasonCode: num,
  HoldReasonSubCode: num,
  EnteredCurrentStatus: num,
  RemoteWallClockTime: num,
  RemoteUserCpu: num,
  RemoteSysCpu: num,
  NumJobStarts: num,
  MATCH_EXP_JOB_GLIDEIN_Site: z.string().nullish(),
  POMS4_SUBMISSION_ID: z.union([z.number(), z.string()]).nullish(),
  ExitCode: num,
  ExitBySignal: z.boolean().nullish(),
  ExitSignal: num,
  QDate: num,
  JobStartDate: num,
  CompletionDate: num,
  MemoryUsage: num,
  LastRemoteHost: z.string().nullish(),
});
export type CondorAd = z.infer<typeof ad>;

/**
 * `condor_q -json` output: a JSON array of ads; nothing at all when no job matches (a successful, empty read); one
 * array per schedd, one after another, when jobsub_lite's condor_q asks several schedds.
 */
export function parseCondorQ(stdout: string): AdapterResult<CondorAd[]> {
  const text = stdout.trim();
  if (!text) return success([]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = (JSON.parse(`[${text.replace(/\]\s*\[/g, "],[")}]`) as unknown[]).flat();
    } catch {
      return failure("parse", "condor_q's answer is not valid JSON (cut short or garbled?).");
    }
  }
  const parsed = z.array(ad).safeParse(data);
  if (!parsed.success) return failure("schema", `condor_q's answer has an unexpected shape: ${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}.`);
  return success(parsed.data);
}

/** HTCondor JobStatus 1..7; a completed job with a non-zero exit code or killed by a signal is failed. */
export function condorJobStatus(a: Pick<CondorAd, "JobStatus" | "ExitCode" | "ExitBySignal">): JobStatus | null {
  switch (a.JobStatus) {
    case 1:
      return "IDLE";
    case 2:
      return "RUNNING";
    case 3:
      return "REMOVED";
    case 4:
      return a.ExitBySignal || (a.ExitCode ?? 0) !== 0 ? "FAILED" : "COMPLETED";
    case 5:
      return "HELD";
    case 6:
      return "TRANSFERRING";
    case 7:
      return "SUSPENDED";
    default:
      return null;
  }
}

const HOLD_WORDS: Record<number, string> = {
  1: "held by a person",
  3: "held by a job policy",
  12: "output transfer failed",
  13: "input transfer failed",
  26: "held by a system policy",
  34: "ran out of resources",
  46: "ran longer than allowed",
  47: "ran longer than allowed",
};

const at = (s: number | null | undefined): Date | null => (s && s > 0 ? new Date(s * 1000) : null);

/** One ad as a job report: id "<cluster>.<proc>@<schedd>". */
export function reportFromAd(a: CondorAd, schedd: string): AdapterResult<JobReport> {
  const status = condorJobStatus(a);
  if (!status) return failure("schema", `condor_q reported JobStatus ${a.JobStatus}, which POMS does not know.`);
  const final = status === "COMPLETED" || status === "FAILED" || status === "REMOVED";
  const code = a.HoldReasonCode ?? null;
  const memoryNote = code === 34 && a.HoldReasonSubCode === 102 ? " (memory)" : code === 34 && a.HoldReasonSubCode === 104 ? " (disk)" : "";
  return success({
    batchJobId: `${a.ClusterId}.${a.ProcId}@${schedd}`,
    taskIndex: a.ProcId,
    status,
    exitCode: status === "COMPLETED" || status === "FAILED" ? (a.ExitBySignal ? 128 + (a.ExitSignal ?? 0) : (a.ExitCode ?? null)) : null,
    holdReason: status === "HELD" ? [code !== null && HOLD_WORDS[code] ? `${HOLD_WORDS[code]}${memoryNote}` : null, a.HoldReason].filter(Boolean).join(": ") || "held" : null,
    holdReasonCode: status === "HELD" ? code : null,
    site: a.MATCH_EXP_JOB_GLIDEIN_Site ?? null,
    node: a.LastRemoteHost ?? null,
    numStarts: a.NumJobStarts ?? 0,
    submittedAt: at(a.QDate),
    startedAt: at(a.JobStartDate),
    endedAt: final ? (at(a.CompletionDate) ?? at(a.EnteredCurrentStatus)) : null,
    cpuSeconds: a.RemoteUserCpu === null || a.RemoteUserCpu === undefined ? null : a.RemoteUserCpu + (a.RemoteSysCpu ?? 0),
    wallSeconds: a.RemoteWallClockTime ?? null,
    memoryMb: a.MemoryUsage ?? null,
    outputPath: null,
  });
}

/** A ClassAd literal for a +POMS4_… attribute: integers and booleans as they are, anything else as a string. */
export function classAdValue(v: string): string {
  if (/^-?\d{1,15}$/.test(v)) return v;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase();
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ")}"`;
}

/**
 * One submission's jobs in a condor_q answer: its ads (by POMS4_SUBMISSION_ID, or by cluster for ads without it).
 * done: none of its jobs is left in the queue (jobs that left keep their last known state: lib/submissions/jobs.ts).
 */
export function snapshotFromAds(ads: readonly CondorAd[], ref: { submissionId: number; batchId: string }): AdapterResult<StatusSnapshot> {
  const id = splitJobsubId(ref.batchId);
  if (!id) return failure("not_found", `"${ref.batchId}" is not a jobsub job id.`);
  const jobs: JobReport[] = [];
  for (const a of ads) {
    const mine = a.POMS4_SUBMISSION_ID !== null && a.POMS4_SUBMISSION_ID !== undefined ? String(a.POMS4_SUBMISSION_ID) === String(ref.submissionId) : a.ClusterId === id.cluster;
    if (!mine) continue;
    const j = reportFromAd(a, id.schedd);
    if (!j.ok) return j;
    jobs.push(j.value);
  }
  jobs.sort((a, b) => (a.taskIndex ?? 0) - (b.taskIndex ?? 0));
  return success({ kind: "jobs", jobs, done: jobs.every((j) => j.status === "COMPLETED" || j.status === "FAILED" || j.status === "REMOVED") });
}

// ---- LENS GraphQL ----

/** The alias query of many submissions in one POST: {j0:submission(id:"…"){…} j1:…}. */
export function lensQuery(ids: readonly string[]): string {
  const fields = "id pomsTaskID done error running idle held failed completed cancelled";
  return `{${ids.map((id, i) => `j${i}:submission(id:${JSON.stringify(id)}){${fields}}`).join(" ")}}`;
}

const count = z.number().int().min(0).nullish();
const lensEntry = z
  .looseObject({
    id: z.string(),
    pomsTaskID: z.union([z.string(), z.number()]).nullish(),
    done: z.boolean().nullish(),
    error: z.unknown().optional(),
    running: count,
    idle: count,
    held: count,
    failed: count,
    completed: count,
    cancelled: count,
  })
  .nullable();
export const lensAnswer = z.looseObject({
  data: z.record(z.string(), lensEntry).nullish(),
  errors: z.array(z.looseObject({ message: z.string().nullish(), path: z.array(z.union([z.string(), z.number()])).nullish() })).nullish(),
});
export type LensAnswer = z.infer<typeof lensAnswer>;

export type LensRead = AdapterResult<{ counts: JobCounts; done: boolean }>;

/**
 * One submission's entry of a LENS answer (alias j<i>): its counts, or a failure of that submission only (null
 * with an error: unknown id; an entry of another submission or job id).
 */
export function lensEntryFor(answer: LensAnswer, alias: string, expect: { batchId: string; submissionId: number }): LensRead {
  const entry = answer.data?.[alias];
  const errs = (answer.errors ?? []).filter((e) => !e.path || e.path[0] === alias).map((e) => e.message ?? "error");
  if (!entry) {
    if (!answer.data && errs.length) return failure("http", `LENS answered with errors only: ${errs.join("; ")}.`);
    return failure("not_found", `LENS does not know ${expect.batchId}${errs.length ? `: ${errs.join("; ")}` : ""}.`);
  }
  if (!sameJobsubId(entry.id, expect.batchId)) return failure("schema", `LENS answered for ${entry.id} when asked about ${expect.batchId}.`);
  const task = entry.pomsTaskID === null || entry.pomsTaskID === undefined ? null : String(entry.pomsTaskID).trim();
  if (task !== null && task !== "" && task !== String(expect.submissionId))
    return failure("schema", `LENS says ${expect.batchId} belongs to POMS submission ${task}, not ${expect.submissionId}.`);
  const c = (n: number | null | undefined) => n ?? 0;
  return success({
    counts: { idle: c(entry.idle), running: c(entry.running), held: c(entry.held), completed: c(entry.completed), failed: c(entry.failed), cancelled: c(entry.cancelled), removed: 0 },
    done: entry.done === true,
  });
}
