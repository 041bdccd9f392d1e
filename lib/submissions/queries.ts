/**
 * Reading submissions: one submission with why it was launched, its status history, its config snapshot and
 * launch log; its jobs a page at a time (filter by state, keyset on the job id so that page 500 costs what
 * page 1 does).
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import type { JobStatus } from "@/lib/generated/prisma/enums";

import { JOB_FILTERS, type JobFilter } from "./labels";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { servicesAtFailedJobs, type JobServiceState } from "@/lib/services/post-mortem";

// The filter list lives with the labels (pure, so the page's client island shares it).
export { JOB_FILTERS, type JobFilter };
const FILTER_STATUSES: Record<Exclude<JobFilter, "all" | "failed" | "done">, JobStatus[]> = {
  queued: ["IDLE"],
  running: ["RUNNING", "TRANSFERRING", "SUSPENDED"],
  held: ["HELD"],
  removed: ["REMOVED", "CANCELLED"],
};
export const JOB_PAGE = 100;

export async function submissionDetail(person: SignedInPerson, id: number) {
  const s = await db.submission.findUnique({
    where: { id },
    include: {
      experiment: { select: { name: true } },
      campaign: { select: { id: true, name: true, creatorId: true, creatorRole: true } },
      stage: { select: { id: true, name: true } },
      launchedBy: { select: { username: true, name: true } },
      parent: { select: { id: true, status: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { actor: { select: { username: true } } } },
      stageSnapshot: { select: { data: true, createdAt: true } },
      jobTypeSnapshot: { select: { data: true } },
      loginSetupSnapshot: { select: { data: true } },
    },
  });
  if (!s) throw notFound("Submission");
  // Another experiment's submission is not found, as tasks are (its id says nothing).
  mustSeeExperiment(person, s.experimentId, "Submission");
  const files = await db.$queryRaw<{ role: string; status: string; n: number }[]>`
    SELECT "role"::text AS role, "status"::text AS status, count(*)::int AS n FROM "SubmissionFile" WHERE "submissionId" = ${id} GROUP BY 1, 2`;
  const owner = { experimentId: s.experimentId, ownerId: s.campaign.creatorId, ownerRole: s.campaign.creatorRole };
  return {
    submission: {
      id: s.id, status: s.status, trigger: s.trigger, isTest: s.isTest, batchBackend: s.batchBackend, batchId: s.batchId, sliceLabel: s.sliceLabel,
      inputDataset: s.inputDataset, command: s.command, launchLog: s.launchLog, plannedJobs: s.plannedJobs, jobsTotalMax: s.jobsTotalMax,
      percentComplete: s.percentComplete, monitorDone: s.monitorDone, staleSince: s.staleSince, staleReason: s.staleReason, lastPolledAt: s.lastPolledAt,
      jobs: { idle: s.jobsIdle, running: s.jobsRunning, held: s.jobsHeld, completed: s.jobsCompleted, failed: s.jobsFailed, cancelled: s.jobsCancelled, removed: s.jobsRemoved },
      cursorBefore: s.cursorBefore, cursorAfter: s.cursorAfter, createdAt: s.createdAt, statusChangedAt: s.statusChangedAt,
      launchedBy: s.launchedBy?.username ?? null, launchedByKind: s.launchedByKind, parent: s.parent,
    },
    experiment: s.experiment.name,
    campaign: { id: s.campaign.id, name: s.campaign.name },
    stage: s.stage,
    events: s.events.map((e) => ({ id: e.id, status: e.status, by: e.actor?.username ?? (e.actorKind === "SYSTEM" ? "system" : null), reason: e.reason, at: e.createdAt })),
    snapshot: { stage: s.stageSnapshot?.data ?? null, jobType: s.jobTypeSnapshot?.data ?? null, loginSetup: s.loginSetupSnapshot?.data ?? null, takenAt: s.stageSnapshot?.createdAt ?? null },
    files,
    rights: { act: decide(person, "campaign.act", owner).allowed },
  };
}
export type SubmissionDetail = Awaited<ReturnType<typeof submissionDetail>>;

export type JobRow = {
  id: string; batchJobId: string; taskIndex: number | null; status: JobStatus; exitCode: number | null; holdReason: string | null; site: string | null; node: string | null;
  numStarts: number; startedAt: Date | null; endedAt: Date | null; cpuSeconds: number | null; wallSeconds: number | null; memoryMb: number | null;
  /** Failed jobs: the needed services at the job's start and end (lib/services/post-mortem.ts); null otherwise. */
  services: JobServiceState[] | null;
};

/** One page of a submission's jobs (the caller has checked access through submissionDetail or checks here). */
export async function submissionJobs(person: SignedInPerson, id: number, filter: JobFilter, after: bigint | null, take = JOB_PAGE) {
  const s = await db.submission.findUnique({ where: { id }, select: { experimentId: true } });
  if (!s) throw notFound("Submission");
  // Another experiment's submission is not found, as tasks are (its id says nothing).
  mustSeeExperiment(person, s.experimentId, "Submission");
  const statuses = filter === "all" || filter === "failed" || filter === "done" ? null : FILTER_STATUSES[filter];
  const rows = await db.$queryRaw<(Omit<JobRow, "id" | "services"> & { id: bigint })[]>`
    SELECT id, "batchJobId", "taskIndex", "status", "exitCode", "holdReason", "site", "node", "numStarts", "startedAt", "endedAt", "cpuSeconds", "wallSeconds", "memoryMb"
      FROM "Job"
     WHERE "submissionId" = ${id}
       AND (${statuses}::text[] IS NULL OR "status"::text = ANY(${statuses}::text[]))
       AND (${filter} <> 'failed' OR "status" = 'FAILED' OR ("status" = 'COMPLETED' AND "exitCode" <> 0))
       AND (${filter} <> 'done' OR ("status" = 'COMPLETED' AND COALESCE("exitCode", 0) = 0))
       AND (${after}::bigint IS NULL OR id > ${after}::bigint)
     ORDER BY id LIMIT ${take + 1}`;
  const more = rows.length > take;
  const page = rows.slice(0, take);
  // The post-mortem of the page's failed jobs: one statement for the whole page.
  const states = await servicesAtFailedJobs(id, page.filter((r) => r.status === "FAILED" || r.status === "REMOVED" || r.status === "CANCELLED" || (r.status === "COMPLETED" && !!r.exitCode)).map((r) => r.id));
  const jobs: JobRow[] = page.map((r) => ({ ...r, id: String(r.id), services: states.get(String(r.id)) ?? null }));
  return { jobs, next: more ? jobs[jobs.length - 1].id : null };
}
