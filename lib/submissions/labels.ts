/**
 * Submission and job states, launch triggers and backends in people's words, with the meaning of their colour
 * (a tone), and the small number and time formats the run-time pages share. Pure: pages, badges and tests use it.
 */
import type { BatchBackend, JobStatus, LaunchTrigger, StageType, SubmissionStatus } from "@/lib/generated/prisma/enums";

/** What a colour means: waiting to start, working, stopped by a hold, finished well, finished badly, ended by a person. */
export type Tone = "waiting" | "working" | "held" | "done" | "failed" | "ended";

export const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus, string> = {
  NEW: "New",
  IDLE: "Idle",
  RUNNING: "Running",
  HELD: "Held",
  COMPLETED: "Completed",
  LOCATED: "Located",
  LAUNCH_FAILED: "Launch failed",
  AWAITING_APPROVAL: "Awaiting approval",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
  REMOVED: "Removed",
};

/** The lifecycle's order (domain.md), then the states off its main line: chips and filters list states in this order. */
export const SUBMISSION_STATUS_ORDER: SubmissionStatus[] = ["NEW", "AWAITING_APPROVAL", "IDLE", "RUNNING", "HELD", "COMPLETED", "LOCATED", "LAUNCH_FAILED", "FAILED", "CANCELLED", "REMOVED"];

export const SUBMISSION_TONE: Record<SubmissionStatus, Tone> = {
  NEW: "waiting",
  AWAITING_APPROVAL: "waiting",
  IDLE: "waiting",
  RUNNING: "working",
  HELD: "held",
  COMPLETED: "done",
  LOCATED: "done",
  LAUNCH_FAILED: "failed",
  FAILED: "failed",
  CANCELLED: "ended",
  REMOVED: "ended",
};

/** Submissions the batch system may still change (the monitor reads them; control applies to them). */
export const ACTIVE_SUBMISSION: SubmissionStatus[] = ["NEW", "IDLE", "RUNNING", "HELD"];

export const JOB_STATUS_LABEL: Record<JobStatus, string> = {
  IDLE: "Queued",
  RUNNING: "Running",
  HELD: "Held",
  TRANSFERRING: "Transferring",
  SUSPENDED: "Suspended",
  COMPLETED: "Done",
  FAILED: "Failed",
  REMOVED: "Removed",
  CANCELLED: "Cancelled",
};

const JOB_TONE: Record<JobStatus, Tone> = {
  IDLE: "waiting",
  RUNNING: "working",
  TRANSFERRING: "working",
  SUSPENDED: "held",
  HELD: "held",
  COMPLETED: "done",
  FAILED: "failed",
  REMOVED: "ended",
  CANCELLED: "ended",
};

/**
 * A job as a person should read it: one that "completed" with a non-zero exit code failed (domain.md), so it is
 * shown as failed, with the code.
 */
export function jobOutcome(status: JobStatus, exitCode: number | null): { label: string; tone: Tone } {
  if (status === "COMPLETED" && exitCode !== null && exitCode !== 0) return { label: `Failed (exit ${exitCode})`, tone: "failed" };
  return { label: JOB_STATUS_LABEL[status], tone: JOB_TONE[status] };
}

/** The jobs table's state filter (`?jobs=` on the submission page; `?state=` on its JSON). */
export const JOB_FILTERS = ["all", "queued", "running", "held", "done", "failed", "removed"] as const;
export type JobFilter = (typeof JOB_FILTERS)[number];
export const JOB_FILTER_LABEL: Record<JobFilter, string> = {
  all: "All",
  queued: "Queued",
  running: "Running",
  held: "Held",
  done: "Done",
  failed: "Failed",
  removed: "Removed or cancelled",
};

/** A filter from the address bar: anything unknown (or repeated) is "all", never an error page. */
export function parseJobFilter(value: string | string[] | undefined): JobFilter {
  const v = Array.isArray(value) ? value[0] : value;
  return (JOB_FILTERS as readonly string[]).includes(v ?? "") ? (v as JobFilter) : "all";
}

export const TRIGGER_LABEL: Record<LaunchTrigger, string> = {
  MANUAL: "Launched by hand",
  TEST: "Test launch",
  RELAUNCH: "Relaunch on the same files",
  RECOVERY: "Recovery of files not processed",
  DEPENDENCY: "Launched by an upstream stage",
  SCHEDULE: "Launched by the stage's schedule",
  HELD_RELEASE: "Released held launch",
  API: "Launched through the API",
};

/** Why and by whom a submission was launched, in one sentence. */
export function describeLaunch(s: { trigger: LaunchTrigger; launchedBy: string | null; launchedByKind: "PERSON" | "SYSTEM"; parentId?: number | null }): string {
  const who = s.launchedBy ?? "someone no longer known";
  const by = s.launchedByKind === "SYSTEM" ? `by the system on behalf of ${who}` : `by ${who}`;
  const base = `${TRIGGER_LABEL[s.trigger]} ${by}`;
  return s.parentId ? `${base}, from submission ${s.parentId}.` : `${base}.`;
}

export const BACKEND_LABEL: Record<BatchBackend, string> = { LOCAL: "Local batch system", SLURM: "Slurm", JOBSUB: "jobsub (HTCondor)" };

export const STAGE_TYPE_LABEL: Record<StageType, string> = { REGULAR: "Regular", TEST: "Test", GENERATOR: "Generator", APPROVAL: "Approval", DATATRANSFER: "Data transfer" };

/** Where an effective stage value comes from, in words. */
export const SOURCE_LABEL = { stage: "set on this stage", campaign: "inherited from the campaign", fallback: "installation default" } as const;

/** Seconds as people say them: "45 s", "3 min 12 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
  return `${Math.floor(s / 86400)} d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)} h` : ""}`;
}

/** Milliseconds of a step: "340 ms", "2.4 s", then as formatDuration. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}

/** Megabytes: "512 MB", "1.5 GB". */
export function formatMemory(mb: number | null | undefined): string {
  if (mb === null || mb === undefined || !Number.isFinite(mb)) return "—";
  return mb < 1024 ? `${Math.round(mb)} MB` : `${(mb / 1024).toFixed(1)} GB`;
}

/** Percent with at most one decimal, never above 100 % nor NaN. */
export function formatPercent(p: number): string {
  const v = Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
  return `${Math.round(v * 10) / 10} %`;
}

/** A submission's job counts as the progress bar reads them: done, failed (failed jobs), total (largest ever seen or planned). */
export function jobProgress(j: { completed: number; failed: number }, totalMax: number, planned = 0): { done: number; failed: number; total: number } {
  return { done: j.completed, failed: j.failed, total: Math.max(totalMax, planned, j.completed + j.failed) };
}

/**
 * What "Set the cursor to" asks for, by split type (lib/campaigns/split setCursor decides; this only helps the
 * person type the right number). null: the split has no position to set.
 */
export function cursorSetHint(splitType: string): string | null {
  const type = splitType.trim().toLowerCase().replace(/\(.*$/, "").trim();
  switch (type) {
    case "none":
    case "limitn":
      return null;
    case "nfiles":
      return "The number of the file the next slice starts with (1 is the first file).";
    case "drainingn":
      return "How many of the latest slices count as delivered (0 delivers every file again).";
    case "mod":
      return "The number of the next slice (1 is the first).";
    case "list":
      return "The number of the next dataset in the list (1 is the first).";
    case "byrun":
      return "The next run number.";
    default:
      return "The new position (the server says if it does not fit the split type).";
  }
}

/** A stored cursor position ({offset: 150}) in short words for the cursor history: "offset 150"; {} is "the start". */
export function formatCursorPosition(position: unknown): string {
  if (!position || typeof position !== "object" || Array.isArray(position)) return "the start";
  const parts = Object.entries(position as Record<string, unknown>)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} ${typeof v === "number" ? v.toLocaleString("en") : v}`);
  return parts.length ? parts.join(", ") : "the start";
}
