/**
 * The submission lifecycle (docs: "Submission lifecycle" and "The rules, precisely"): a submission's state
 * from its batch monitor's job counts, with the rank that keeps it from going back below Completed, the states
 * the monitor never moves, and the history rule. Pure.
 */
import type { JobCounts } from "@/lib/batch/types";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";

/**
 * Order for "never below Completed". AWAITING_APPROVAL sits just above NEW: like NEW, no batch job exists yet
 * (an approval stage waits for a person), so anything the monitor reports ranks above it.
 */
export const STATUS_RANK: Record<SubmissionStatus, number> = {
  NEW: 0,
  AWAITING_APPROVAL: 1,
  CANCELLED: 2,
  LAUNCH_FAILED: 3,
  IDLE: 4,
  RUNNING: 5,
  HELD: 6,
  FAILED: 7,
  COMPLETED: 8,
  LOCATED: 9,
  REMOVED: 10,
};

/** The monitor never moves a submission out of these (percent complete and the largest total still follow). */
export const FROZEN: ReadonlySet<SubmissionStatus> = new Set<SubmissionStatus>(["LOCATED", "REMOVED", "FAILED"]);

/** How long a submission may stay New without a batch id before it is judged LaunchFailed. */
export const STALE_NEW_MS = 4 * 60 * 60 * 1000;

/** Status names as people say them, for reasons and messages. */
export const STATUS_WORDS: Record<SubmissionStatus, string> = {
  NEW: "new",
  AWAITING_APPROVAL: "awaiting approval",
  CANCELLED: "cancelled",
  LAUNCH_FAILED: "launch failed",
  IDLE: "idle",
  RUNNING: "running",
  HELD: "held",
  FAILED: "failed",
  COMPLETED: "completed",
  LOCATED: "located",
  REMOVED: "removed",
};

const nf = (n: number) => n.toLocaleString("en-US");
const jobs = (n: number) => `${nf(n)} ${n === 1 ? "job" : "jobs"}`;

export type Judgement = { status: SubmissionStatus; percentComplete: number; jobsTotalMax: number; reason: string };

/** Jobs that left the queue for good: completed, failed, cancelled and removed. */
export function finishedJobs(c: JobCounts): number {
  return c.completed + c.failed + c.cancelled + c.removed;
}

export function totalJobs(c: JobCounts): number {
  return c.idle + c.running + c.held + finishedJobs(c);
}

/** What the counts alone say (null: nothing to say yet: not done, and no job idle, running or held). */
function fromCounts(c: JobCounts, done: boolean, failedRatio: number, everSeen: number): { status: SubmissionStatus; reason: string } | null {
  const total = totalJobs(c);
  if (done) {
    if (total === 0)
      return { status: "COMPLETED", reason: everSeen > 0 ? "the batch system no longer lists any of its jobs" : "the batch system has no jobs for it and none ran" };
    if (c.failed > failedRatio * c.completed)
      return {
        status: "FAILED",
        reason: `all ${jobs(total)} done; ${nf(c.failed)} failed, more than ${nf(failedRatio)} × the ${nf(c.completed)} completed`,
      };
    if (c.completed === 0 && c.failed === 0) {
      if (c.removed === 0) return { status: "CANCELLED", reason: `all ${jobs(total)} cancelled` };
      if (c.cancelled === 0) return { status: "REMOVED", reason: `all ${jobs(total)} removed` };
      return { status: "REMOVED", reason: `all ${jobs(total)} removed or cancelled (${nf(c.removed)} removed, ${nf(c.cancelled)} cancelled)` };
    }
    const parts = [`${nf(c.completed)} completed`];
    if (c.failed) parts.push(`${nf(c.failed)} failed`);
    if (c.removed) parts.push(`${nf(c.removed)} removed`);
    if (c.cancelled) parts.push(`${nf(c.cancelled)} cancelled`);
    return { status: "COMPLETED", reason: `all ${jobs(total)} done (${parts.join(", ")})` };
  }
  if (c.held > 0) return { status: "HELD", reason: `${nf(c.held)} of ${jobs(total)} held` };
  if (c.running > 0) return { status: "RUNNING", reason: `${nf(c.running)} of ${jobs(total)} running` };
  if (c.idle > 0) return { status: "IDLE", reason: `${nf(c.idle)} of ${jobs(total)} waiting to run` };
  return null;
}

/**
 * A submission's next state from one successful monitor read.
 * - percent complete = finished jobs (completed + failed + cancelled + removed) / the largest total ever seen;
 * - the state from the counts (see fromCounts), then: Running at or past the stage's completion percentage
 *   becomes Completed (only from Running); a frozen state stays; nothing goes from Completed (or above) to a
 *   state ranked below it; LaunchFailed, New and Cancelled are not final, so a late report moves them on;
 * - a read that says nothing yet (not done, nothing idle, running or held) keeps the state.
 */
export function judgeSubmission(
  prev: { status: SubmissionStatus; jobsTotalMax: number },
  read: { counts: JobCounts; done: boolean },
  stage: { completionPct: number; failedRatio: number },
): Judgement {
  const c = read.counts;
  const total = totalJobs(c);
  const jobsTotalMax = Math.max(prev.jobsTotalMax, total);
  const finished = finishedJobs(c);
  const exact = jobsTotalMax > 0 ? Math.min(100, (finished * 100) / jobsTotalMax) : 0;
  const percentComplete = Math.round(exact * 10) / 10;
  const keep = (reason: string): Judgement => ({ status: prev.status, percentComplete, jobsTotalMax, reason });

  let next = fromCounts(c, read.done, stage.failedRatio, jobsTotalMax);
  if (next === null) return keep(total === 0 ? "the batch system lists no jobs yet" : `${jobs(finished)} finished, waiting for the rest to be reported`);

  if (next.status === "RUNNING" && exact >= stage.completionPct)
    next = {
      status: "COMPLETED",
      reason: `${nf(finished)} of ${jobs(jobsTotalMax)} finished (${percentComplete} %), which reaches the stage's ${nf(stage.completionPct)} % completion mark`,
    };

  if (FROZEN.has(prev.status)) return keep(`stays ${STATUS_WORDS[prev.status]}: the monitor does not change a ${STATUS_WORDS[prev.status]} submission (${next.reason})`);
  if (STATUS_RANK[prev.status] >= STATUS_RANK.COMPLETED && STATUS_RANK[next.status] < STATUS_RANK[prev.status])
    return keep(`stays ${STATUS_WORDS[prev.status]}, though the counts now say ${STATUS_WORDS[next.status]} (${next.reason})`);

  return { status: next.status, percentComplete, jobsTotalMax, reason: next.reason };
}

/** A submission still New more than 4 hours after it was created, with no batch id: its launch failed. */
export function staleNew(sub: { status: SubmissionStatus; batchId: string | null; createdAt: Date }, now: Date): boolean {
  return sub.status === "NEW" && (sub.batchId === null || sub.batchId === "") && now.getTime() - sub.createdAt.getTime() > STALE_NEW_MS;
}

/** Whether a history entry for `next` is appended after `last` (history never repeats the same state twice in a row). */
export function appendHistory(last: SubmissionStatus | null, next: SubmissionStatus): boolean {
  return last !== next;
}
