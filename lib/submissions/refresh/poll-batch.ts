/**
 * Refresh step "batch-status": reads the batch status of every active submission through its backend and
 * applies it (apply.ts). Active = it has a batch id and the monitor has not yet said all its jobs left the
 * queue (frozen states included: their counts still follow the reads), and it is not backing off.
 * Many submissions per call, chunked; bounded by the step's time limit: what is left is read next run
 * (least recently read first).
 */
import "server-only";
import { db } from "@/lib/db";
import type { Step } from "@/lib/background/runner";
import type { BackendKind, BatchRef } from "@/lib/batch/types";
import { batchSystem } from "@/lib/batch/registry";
import { applyReads, markStale, type Read, type StageChange } from "./apply";

const MAX_PER_RUN = 5_000;
/** A chunk (one batch-system call, one transaction) holds at most this many submissions, and about this many jobs. */
const CHUNK = 500;
const CHUNK_JOBS = 50_000;

type Due = { id: number; batchId: string; batchBackend: BackendKind; experiment: string; host: string; account: string; vomsRole: string | null; jobs: number };

/**
 * Submissions to read now. Where and as whom: the login/setup as it was at launch (its snapshot), so that editing a
 * stage or a shared login/setup never sends a read, or a kill, to another host.
 */
export async function dueSubmissions(now: Date, limit = MAX_PER_RUN): Promise<Due[]> {
  return db.$queryRaw<Due[]>`
    SELECT s.id, s."batchId", s."batchBackend"::text AS "batchBackend", e."name" AS experiment,
           COALESCE(ls."data"->>'launchHost', l."launchHost") AS host, COALESCE(ls."data"->>'launchAccount', l."launchAccount") AS account,
           ss."data"->'effective'->>'vomsRole' AS "vomsRole", GREATEST(s."jobsTotalMax", s."plannedJobs") AS jobs
      FROM "Submission" s JOIN "Experiment" e ON e.id = s."experimentId"
      JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "LoginSetup" l ON l.id = st."loginSetupId"
      LEFT JOIN "ConfigSnapshot" ls ON ls.id = s."loginSetupSnapshotId" LEFT JOIN "ConfigSnapshot" ss ON ss.id = s."stageSnapshotId"
     WHERE s."batchId" IS NOT NULL AND NOT s."monitorDone" AND (s."nextPollAt" IS NULL OR s."nextPollAt" <= ${now})
     ORDER BY s."lastPolledAt" NULLS FIRST, s.id
     LIMIT ${limit}`;
}

/** Consecutive chunks of at most CHUNK submissions and, past the first of each, CHUNK_JOBS jobs. */
function chunks(subs: Due[]): Due[][] {
  const out: Due[][] = [];
  let cur: Due[] = [];
  let jobs = 0;
  for (const d of subs) {
    if (cur.length && (cur.length >= CHUNK || jobs + d.jobs > CHUNK_JOBS)) {
      out.push(cur);
      cur = [];
      jobs = 0;
    }
    cur.push(d);
    jobs += d.jobs;
  }
  if (cur.length) out.push(cur);
  return out;
}

export type PollReport = { read: number; failed: number; jobsChanged: number; jobsEnded: number; submissionsChanged: number; statusChanges: number; left: number; byStage: StageChange[]; errors: string[] };

export async function pollBatch(now: Date, signal?: AbortSignal): Promise<PollReport> {
  const due = await dueSubmissions(now);
  const report: PollReport = { read: 0, failed: 0, jobsChanged: 0, jobsEnded: 0, submissionsChanged: 0, statusChanges: 0, left: due.length, byStage: [], errors: [] };
  const byBackend = new Map<BackendKind, Due[]>();
  for (const d of due) byBackend.set(d.batchBackend, [...(byBackend.get(d.batchBackend) ?? []), d]);
  const stages = new Map<number, StageChange>();
  for (const [kind, subs] of byBackend) {
    const system = batchSystem(kind);
    for (const chunk of chunks(subs)) {
      if (signal?.aborted) return { ...report, byStage: [...stages.values()] };
      const refs: BatchRef[] = chunk.map((d) => ({ submissionId: d.id, batchId: d.batchId, experiment: d.experiment, login: { host: d.host, account: d.account }, ...(d.vomsRole ? { vomsRole: d.vomsRole } : {}) }));
      const answers = await system.status(refs, signal);
      const reads: Read[] = [];
      const failures: { submissionId: number; message: string }[] = [];
      for (const ref of refs) {
        const a = answers.get(ref.submissionId);
        if (a?.ok) reads.push({ submissionId: ref.submissionId, snapshot: a.value });
        else failures.push({ submissionId: ref.submissionId, message: a ? `${a.kind}: ${a.message}` : "The batch system's answer did not mention this submission." });
      }
      report.failed += await markStale(failures, now);
      if (failures.length && report.errors.length < 5) report.errors.push(`${kind}: ${failures[0].message}`);
      let applied: Awaited<ReturnType<typeof applyReads>>;
      try {
        applied = await applyReads(reads, now);
      } catch (err) {
        // What cannot be written is a failed read of those submissions (stale, backed off), never a stalled refresh.
        const message = `could not apply the read: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`;
        report.failed += await markStale(reads.map((r) => ({ submissionId: r.submissionId, message })), now);
        report.errors.push(`${kind}: ${message}`);
        report.left -= chunk.length;
        continue;
      }
      report.read += reads.length;
      report.jobsChanged += applied.jobsChanged;
      report.jobsEnded += applied.jobsEnded;
      report.submissionsChanged += applied.submissionsChanged;
      report.statusChanges += applied.statusChanges;
      report.left -= chunk.length;
      for (const [id, st] of applied.byStage) {
        const prev = stages.get(id);
        stages.set(id, prev ? { ...prev, submissions: prev.submissions + st.submissions, statusChanges: [...prev.statusChanges, ...st.statusChanges] } : st);
      }
    }
  }
  return { ...report, byStage: [...stages.values()] };
}

export const batchStatusStep: Step = {
  name: "batch-status",
  timeoutMs: 120_000,
  async run({ now, signal }) {
    const r = await pollBatch(now, signal);
    return { read: r.read, failed: r.failed, jobsChanged: r.jobsChanged, jobsEnded: r.jobsEnded, submissionsChanged: r.submissionsChanged, statusChanges: r.statusChanges, left: r.left, stages: r.byStage.length, errors: r.errors };
  },
};
