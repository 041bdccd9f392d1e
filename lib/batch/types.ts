/**
 * The batch-system port: what launching and the refresh need from a batch system, in the domain's words.
 * One implementation per system (lib/batch/backends/<kind>.ts): local child processes, Slurm, jobsub
 * (HTCondor at Fermilab). Every call returns an AdapterResult and never throws past its boundary; a
 * failed status read is never a state (the refresh marks the submission "stale since …").
 */
import type { AdapterResult } from "@/lib/adapters/result";
import type { BatchBackend as BackendKind, JobStatus } from "@/lib/generated/prisma/enums";

export type { BackendKind, JobStatus };

/** What one launch asks of the batch system: a job array whose every job carries the submission's ids. */
export type SubmitRequest = {
  submissionId: number;
  stageId: number;
  campaignId: number;
  /** The experiment's name (the VO / jobsub group, e.g. "nova"). */
  experiment: string;
  isTest: boolean;
  /** The shell command every job runs (already composed and quoted by lib/launch/compose.ts). */
  command: string;
  /** Shell lines run before the command (the login/setup's setup commands). */
  setup: string;
  /** Where and as whom to launch (the login/setup). "localhost" (or this machine's name) means here. */
  login: { host: string; account: string };
  vomsRole: string;
  /** Input files of each job, in order: jobs.length is the array size (a generator stage: empty lists). */
  jobs: string[][];
  /**
   * Environment every job gets: POMS4_SUBMISSION_ID, POMS4_CAMPAIGN_STAGE_ID, POMS4_CAMPAIGN_ID, POMS4_TEST_LAUNCH,
   * plus the backend's own (each job also learns its index and its input list).
   */
  env: Record<string, string>;
};

/** The batch system's id for the launch (jobsub "12345678.0@jobsub01.fnal.gov", Slurm "4242", local "L…"), and what it printed. */
export type SubmitResult = { batchId: string; log: string };

/** One job as the batch system last reported it (per-job backends: local, Slurm, condor_q). */
export type JobReport = {
  batchJobId: string; // "12345678.3@jobsub01.fnal.gov", Slurm "4242_3", local "<batchId>.3"
  taskIndex: number | null;
  status: JobStatus;
  exitCode: number | null;
  holdReason: string | null;
  holdReasonCode: number | null;
  site: string | null;
  node: string | null;
  numStarts: number;
  submittedAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  cpuSeconds: number | null;
  wallSeconds: number | null;
  memoryMb: number | null;
  outputPath: string | null;
  /** Per input file, whether the job consumed it or failed on it (when the job reports it). */
  files?: { name: string; consumed: boolean }[];
};

/** Job counts of one submission (aggregated monitors such as LENS; per-job backends are counted from JobReports). */
export type JobCounts = { idle: number; running: number; held: number; completed: number; failed: number; cancelled: number; removed: number };

/**
 * What a status read says about one submission. `done`: no job of it is left in the queue (every job finished,
 * failed, was removed or cancelled). A per-job read lists the jobs it saw; jobs it no longer lists keep their last
 * known state by the rules of lib/submissions/jobs.ts (last seen held → removed; idle/running → finished).
 */
export type StatusSnapshot =
  | { kind: "jobs"; jobs: JobReport[]; done: boolean }
  | { kind: "counts"; counts: JobCounts; done: boolean };

export type BatchRef = {
  submissionId: number;
  batchId: string;
  experiment: string;
  login: { host: string; account: string };
  /** The VOMS role the submission was launched as (jobsub control needs it for production jobs). */
  vomsRole?: string;
};

export type ControlAction = "hold" | "release" | "kill";

export interface BatchSystem {
  readonly kind: BackendKind;
  submit(req: SubmitRequest, signal?: AbortSignal): Promise<AdapterResult<SubmitResult>>;
  /** Status of many submissions in one call (or a few: bounded); a failure may be per submission. */
  status(refs: BatchRef[], signal?: AbortSignal): Promise<Map<number, AdapterResult<StatusSnapshot>>>;
  control(action: ControlAction, ref: BatchRef, signal?: AbortSignal): Promise<AdapterResult<{ log: string }>>;
}
