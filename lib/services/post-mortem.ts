/**
 * Post-mortems: what the services a stage needs were doing when its jobs failed. The status of a service at a
 * moment is the last ServiceStatusEvent at or before it (none: unknown), and a downtime is in force at t when
 * startsAt ≤ t < endsAt (an ACTUAL one still open has no end; a cancelled SCHEDULED one never counts). A service's
 * own downtimes count, and the SCHEDULED ones of every group above it (a group's maintenance covers what is under it,
 * as the launch gate holds on it: the same ancestor walk, ABOVE_CTE of lib/services/gate-services.ts).
 *
 * Reads only. A page of jobs costs one statement (no query per job); the submission's summary two.
 * A failed job: ended FAILED, COMPLETED with a non-zero exit code, or removed or cancelled after a hold (the failures
 * rollup's rule, lib/rollups/sql.ts).
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceState } from "@/lib/launch/gate";
import { jobEnding } from "@/lib/rollups/sql";
import { ABOVE_CTE } from "./gate-services";

export type ServiceMoment = {
  status: ServiceState;
  detail: string;
  /** The downtime in force then, if any. */
  downtime: { kind: "ACTUAL" | "SCHEDULED"; title: string } | null;
};

/** One needed service at a failed job's start and end (null: the job has no such time). */
export type JobServiceState = { serviceId: number; name: string; atStart: ServiceMoment | null; atEnd: ServiceMoment | null };

/** The SQL condition of "a failed job" (alias j): the failures rollup's own rule (lib/rollups/sql.ts). */
const FAILED_JOB = jobEnding("j").failure;

/**
 * The downtimes that cover service `sv` at `p.t` (the CTE `above` must be in the statement): its own of either kind,
 * and the SCHEDULED ones of the groups above it; never a cancelled one.
 */
const DOWNTIME_AT = Prisma.sql`FROM above a JOIN "ServiceDowntime" d ON d."serviceId" = a."ancestorId"
         WHERE a."serviceId" = sv.id AND (a.depth = 0 OR d.kind = 'SCHEDULED')
           AND d."startsAt" <= p.t AND (d."endsAt" IS NULL OR d."endsAt" > p.t) AND d."cancelledAt" IS NULL`;

type MomentRow = {
  jobId: bigint;
  at: "start" | "end";
  serviceId: number;
  name: string;
  status: ServiceState | null;
  detail: string | null;
  downtimeKind: "ACTUAL" | "SCHEDULED" | null;
  downtimeTitle: string | null;
};

/**
 * The CTEs of the services a submission's stage needs (its own and those every launch of its experiment needs) and
 * their ancestor groups (`above`, as the gate walks them), opening a `WITH RECURSIVE`.
 */
const neededBySubmission = (submissionId: number) => Prisma.sql`sub AS (SELECT s."stageId", s."experimentId" FROM "Submission" s WHERE s.id = ${submissionId}),
    needed AS (
      SELECT ss."serviceId" FROM "StageService" ss JOIN sub ON sub."stageId" = ss."stageId"
      UNION
      SELECT sv.id FROM "Service" sv, sub WHERE sv."gatesAll" AND (sv."experimentId" IS NULL OR sv."experimentId" = sub."experimentId")
    ),
    services AS (SELECT DISTINCT "serviceId" FROM needed),
    ${ABOVE_CTE}`;

/**
 * The state of each service the submission's stage needs (its own and those every launch needs) at the start and
 * end of each failed job among `jobIds` (a page of jobs). One statement. Jobs that did not fail are left out.
 */
export async function servicesAtFailedJobs(submissionId: number, jobIds: bigint[]): Promise<Map<string, JobServiceState[]>> {
  const out = new Map<string, JobServiceState[]>();
  if (!jobIds.length) return out;
  const rows = await db.$queryRaw<MomentRow[]>(Prisma.sql`
    WITH RECURSIVE ${neededBySubmission(submissionId)},
    failed AS (SELECT j.id, j."startedAt", j."endedAt" FROM "Job" j WHERE j."submissionId" = ${submissionId} AND j.id = ANY(${jobIds.map(String)}::bigint[]) AND ${FAILED_JOB}),
    points AS (
      SELECT id AS "jobId", 'start' AS at, "startedAt" AS t FROM failed WHERE "startedAt" IS NOT NULL
      UNION ALL
      SELECT id, 'end', "endedAt" FROM failed WHERE "endedAt" IS NOT NULL
    )
    SELECT p."jobId", p.at, sv.id AS "serviceId", sv."displayName" AS name, ev.status::text AS status, ev.detail,
           dt.kind::text AS "downtimeKind", dt.title AS "downtimeTitle"
      FROM points p CROSS JOIN needed n JOIN "Service" sv ON sv.id = n."serviceId"
      LEFT JOIN LATERAL (
        SELECT e.status, e.detail FROM "ServiceStatusEvent" e
         WHERE e."serviceId" = sv.id AND e."createdAt" <= p.t ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1
      ) ev ON true
      LEFT JOIN LATERAL (
        SELECT d.kind, d.title ${DOWNTIME_AT}
         ORDER BY d.kind, a.depth, d."startsAt" DESC LIMIT 1
      ) dt ON true
     ORDER BY p."jobId", sv."displayName", sv.id`);
  for (const r of rows) {
    const key = String(r.jobId);
    const list = out.get(key) ?? [];
    if (!out.has(key)) out.set(key, list);
    let entry = list.find((e) => e.serviceId === r.serviceId);
    if (!entry) list.push((entry = { serviceId: r.serviceId, name: r.name, atStart: null, atEnd: null }));
    const moment: ServiceMoment = { status: r.status ?? "UNKNOWN", detail: r.detail ?? "", downtime: r.downtimeKind ? { kind: r.downtimeKind, title: r.downtimeTitle ?? "" } : null };
    if (r.at === "start") entry.atStart = moment;
    else entry.atEnd = moment;
  }
  return out;
}

export type PostMortemSummary = {
  failedJobs: number;
  services: {
    serviceId: number;
    name: string;
    /** Failed jobs that met it down (bad or in a downtime) at their start or end. */
    downAtFailure: number;
    /** Failed jobs that met it degraded (and not down). */
    degradedAtFailure: number;
    /** Its downtimes, and its groups' scheduled ones, that overlap the submission's jobs (first start → last end). */
    downtimes: { id: number; kind: "ACTUAL" | "SCHEDULED"; title: string; startsAt: Date; endsAt: Date | null }[];
  }[];
};

/**
 * The submission's post-mortem: for each needed service, how many of its failed jobs met it down or degraded at
 * their start or end, and its downtimes during the jobs' life. Two statements, over the submission's jobs only.
 */
export async function submissionPostMortem(submissionId: number): Promise<PostMortemSummary> {
  const counts = await db.$queryRaw<{ serviceId: number; name: string; failedJobs: number; down: number; degraded: number }[]>(Prisma.sql`
    WITH RECURSIVE ${neededBySubmission(submissionId)},
    failed AS (SELECT j.id, j."startedAt", j."endedAt" FROM "Job" j WHERE j."submissionId" = ${submissionId} AND ${FAILED_JOB}),
    points AS (
      SELECT id AS "jobId", "startedAt" AS t FROM failed WHERE "startedAt" IS NOT NULL
      UNION ALL
      SELECT id, "endedAt" FROM failed WHERE "endedAt" IS NOT NULL
    ),
    judged AS (
      SELECT p."jobId", sv.id AS "serviceId", sv."displayName" AS name,
             bool_or(ev.status = 'BAD' OR dt.found) AS down, bool_or(ev.status = 'DEGRADED') AS degraded
        FROM points p CROSS JOIN needed n JOIN "Service" sv ON sv.id = n."serviceId"
        LEFT JOIN LATERAL (
          SELECT e.status FROM "ServiceStatusEvent" e
           WHERE e."serviceId" = sv.id AND e."createdAt" <= p.t ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1
        ) ev ON true
        LEFT JOIN LATERAL (
          SELECT true AS found ${DOWNTIME_AT} LIMIT 1
        ) dt ON true
       GROUP BY p."jobId", sv.id, sv."displayName"
    )
    SELECT sv.id AS "serviceId", sv."displayName" AS name, (SELECT count(*)::int FROM failed) AS "failedJobs",
           count(*) FILTER (WHERE j.down)::int AS down, count(*) FILTER (WHERE j.degraded AND NOT COALESCE(j.down, false))::int AS degraded
      FROM needed n JOIN "Service" sv ON sv.id = n."serviceId" LEFT JOIN judged j ON j."serviceId" = sv.id
     GROUP BY sv.id, sv."displayName"
     ORDER BY sv."displayName", sv.id`);
  const failedJobs = counts[0]?.failedJobs ?? (await db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM "Job" j WHERE j."submissionId" = ${submissionId} AND ${FAILED_JOB}`))[0].n;
  if (!counts.length) return { failedJobs, services: [] };
  // Each needed service's own downtimes and its groups' maintenance (listed under the service it covers).
  const downtimes = await db.$queryRaw<{ id: number; serviceId: number; kind: "ACTUAL" | "SCHEDULED"; title: string; startsAt: Date; endsAt: Date | null }[]>`
    WITH RECURSIVE span AS (SELECT min(COALESCE(j."startedAt", j."submittedAt")) AS "from", max(COALESCE(j."endedAt", now())) AS "to" FROM "Job" j WHERE j."submissionId" = ${submissionId}),
    services AS (SELECT unnest(${counts.map((c) => c.serviceId)}::int[]) AS "serviceId"),
    ${ABOVE_CTE}
    SELECT d.id, a."serviceId", d.kind::text AS kind, d.title, d."startsAt", d."endsAt"
      FROM above a JOIN "ServiceDowntime" d ON d."serviceId" = a."ancestorId" CROSS JOIN span
     WHERE (a.depth = 0 OR d.kind = 'SCHEDULED') AND d."cancelledAt" IS NULL AND span."from" IS NOT NULL
       AND d."startsAt" < span."to" AND (d."endsAt" IS NULL OR d."endsAt" > span."from")
     ORDER BY d."startsAt", d.id LIMIT 200`;
  return {
    failedJobs,
    services: counts.map((c) => ({
      serviceId: c.serviceId,
      name: c.name,
      downAtFailure: c.down,
      degradedAtFailure: c.degraded,
      downtimes: downtimes.filter((d) => d.serviceId === c.serviceId).map(({ serviceId: _s, ...d }) => d),
    })),
  };
}
