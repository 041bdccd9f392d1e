/**
 * Jobs as the batch monitor reports them, counted the way the submission rules need (docs: "The rules,
 * precisely"). Pure.
 */
import type { JobCounts, JobReport } from "@/lib/batch/types";
import type { JobStatus } from "@/lib/generated/prisma/enums";

/** States a job never leaves. */
export const FINAL_JOB_STATES: ReadonlySet<JobStatus> = new Set<JobStatus>(["COMPLETED", "FAILED", "REMOVED", "CANCELLED"]);

/**
 * A job failed when the batch system says so (failed, timed out, out of memory, node failure: backends report
 * these as FAILED), or when it completed with a non-zero exit code (a signal is reported as a non-zero code).
 * A completed job whose exit code is unknown is not failed.
 */
export function isFailedJob(j: Pick<JobReport, "status" | "exitCode">): boolean {
  return j.status === "FAILED" || (j.status === "COMPLETED" && j.exitCode !== null && j.exitCode !== 0);
}

export const ZERO_COUNTS: JobCounts = Object.freeze({ idle: 0, running: 0, held: 0, completed: 0, failed: 0, cancelled: 0, removed: 0 });

/**
 * Counts jobs by state. TRANSFERRING (still moving its output) counts as running; SUSPENDED (stopped by the
 * system, waiting to resume) counts as idle, so it does not mark the submission Held, which means "needs a person".
 */
export function countJobs(jobs: readonly Pick<JobReport, "status" | "exitCode">[]): JobCounts {
  const c = { ...ZERO_COUNTS };
  for (const j of jobs) {
    switch (j.status) {
      case "IDLE":
      case "SUSPENDED":
        c.idle++;
        break;
      case "RUNNING":
      case "TRANSFERRING":
        c.running++;
        break;
      case "HELD":
        c.held++;
        break;
      case "COMPLETED":
      case "FAILED":
        if (isFailedJob(j)) c.failed++;
        else c.completed++;
        break;
      case "REMOVED":
        c.removed++;
        break;
      case "CANCELLED":
        c.cancelled++;
        break;
    }
  }
  return c;
}

/**
 * Jobs the latest read no longer lists keep their last known state: last seen held → removed (held jobs leave
 * the queue only when removed); idle, running, transferring or suspended → completed, exit code unknown until a
 * job history says otherwise; final states keep theirs. Returns every vanished job with its resulting state, in
 * the order of `previous`.
 */
export function vanishedJobs(
  previous: readonly { batchJobId: string; status: JobStatus }[],
  seen: ReadonlySet<string>,
): { batchJobId: string; status: JobStatus }[] {
  const out: { batchJobId: string; status: JobStatus }[] = [];
  for (const p of previous) {
    if (seen.has(p.batchJobId)) continue;
    out.push({ batchJobId: p.batchJobId, status: afterVanishing(p.status) });
  }
  return out;
}

function afterVanishing(status: JobStatus): JobStatus {
  if (status === "HELD") return "REMOVED";
  if (FINAL_JOB_STATES.has(status)) return status;
  return "COMPLETED";
}
