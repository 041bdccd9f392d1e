/**
 * The dashboard's figures in one SQL statement, aggregated by PostgreSQL over the tasks the person
 * may see (the Tasks list's visibility rule, `taskFilterSql`), so that each figure equals the length
 * of the list it links to.
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ServiceStatus, TaskStatus } from "@/lib/generated/prisma/enums";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import { taskFilterSql } from "@/lib/tasks/filter-sql";
import { AGEING_BUCKETS, STALE_DAYS, addDays, isoDate, recentWeeks } from "./periods";

export type StateCounts = Partial<Record<TaskStatus, number>>;

export type ExperimentOpenWork = { id: number; name: string; displayName: string; byState: StateCounts; overdue: number };

export type BadService = { id: number; displayName: string; status: ServiceStatus; statusDetail: string | null };

export type DashboardFigures = {
  /** The person's own requests by state, finished ones included. */
  mine: StateCounts;
  /** Open work assigned to the person, by state. */
  assignedToMe: StateCounts;
  /** Approved work nobody has taken yet. */
  unassignedApproved: number;
  /** Open work by state in each experiment the person may see (experiments without open work included). */
  experiments: ExperimentOpenWork[];
  overdue: number;
  /** Open work with no change for STALE_DAYS days or more. */
  stale: number;
  /** Open work by time since its last change, one count per AGEING_BUCKETS entry. */
  ageing: number[];
  /** Work finished in each of the recent weeks (Mondays, oldest first). */
  throughput: { week: string; done: number }[];
  health: Record<ServiceStatus, number>;
  badServices: BadService[];
};

const SERVICE_STATUSES: ServiceStatus[] = ["GOOD", "DEGRADED", "BAD", "UNKNOWN"];

export async function dashboardFigures(actor: Actor, now = new Date()): Promise<DashboardFigures> {
  const today = isoDate(now);
  const weeks = recentWeeks(today);
  const afterLastWeek = addDays(weeks[weeks.length - 1], 7);
  const open = [...OPEN_STATUSES];
  const visible = visibleExperimentIds(actor);
  const age = Prisma.sql`(${today}::date - "updatedAt"::date)`;
  const ageing = Prisma.join(
    AGEING_BUCKETS.map((b) => Prisma.sql`count(*) FILTER (WHERE ${b.minDays === 0 ? Prisma.sql`TRUE` : Prisma.sql`${age} >= ${b.minDays}`} AND ${b.maxDays === null ? Prisma.sql`TRUE` : Prisma.sql`${age} < ${b.maxDays}`})::int`),
  );
  const [row] = await db.$queryRaw<
    [Omit<DashboardFigures, "health" | "throughput"> & { health: Partial<Record<ServiceStatus, number>>; throughput: Record<string, number> }]
  >`
    WITH vt AS MATERIALIZED (
      SELECT t."experimentId", t.status::text AS status, t."requesterId", t."assigneeId", t."neededBy", t."updatedAt",
             t.status::text = ANY(${open}::text[]) AS open
      FROM "Task" t WHERE ${taskFilterSql(actor, {}, now)}
    )
    SELECT
      (SELECT COALESCE(json_object_agg(status, n), '{}'::json) FROM (SELECT status, count(*)::int AS n FROM vt WHERE "requesterId" = ${actor.id} GROUP BY status) g) AS mine,
      (SELECT COALESCE(json_object_agg(status, n), '{}'::json) FROM (SELECT status, count(*)::int AS n FROM vt WHERE "assigneeId" = ${actor.id} AND open GROUP BY status) g) AS "assignedToMe",
      (SELECT count(*)::int FROM vt WHERE status = 'APPROVED' AND "assigneeId" IS NULL) AS "unassignedApproved",
      (SELECT COALESCE(json_agg(json_build_object('id', e.id, 'name', e.name, 'displayName', e."displayName", 'byState', COALESCE(s."byState", '{}'::json), 'overdue', COALESCE(s.overdue, 0)) ORDER BY e."displayName"), '[]'::json)
         FROM "Experiment" e
         LEFT JOIN (
           SELECT "experimentId", json_object_agg(status, n) AS "byState", sum(overdue)::int AS overdue
           FROM (SELECT "experimentId", status, count(*)::int AS n, count(*) FILTER (WHERE "neededBy" < ${today}::date)::int AS overdue FROM vt WHERE open GROUP BY 1, 2) g
           GROUP BY 1
         ) s ON s."experimentId" = e.id
         WHERE ${visible ? Prisma.sql`e.id = ANY(${visible}::int[])` : Prisma.sql`TRUE`}) AS experiments,
      (SELECT count(*)::int FROM vt WHERE open AND "neededBy" < ${today}::date) AS overdue,
      (SELECT count(*)::int FROM vt WHERE open AND "updatedAt" < (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC') - make_interval(days => ${STALE_DAYS}::int)) AS stale,
      (SELECT json_build_array(${ageing}) FROM vt WHERE open) AS ageing,
      (SELECT COALESCE(json_object_agg(week, n), '{}'::json) FROM (
         SELECT to_char(date_trunc('week', "updatedAt"), 'YYYY-MM-DD') AS week, count(*)::int AS n FROM vt
         WHERE status = 'DONE' AND "updatedAt" >= ${weeks[0]}::date AND "updatedAt" < ${afterLastWeek}::date GROUP BY 1
       ) g) AS throughput,
      (SELECT COALESCE(json_object_agg(status, n), '{}'::json) FROM (SELECT status, count(*)::int AS n FROM "Service" WHERE kind <> 'GROUP' GROUP BY status) g) AS health,
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'displayName', "displayName", 'status', status, 'statusDetail', "statusDetail") ORDER BY status DESC, "displayName"), '[]'::json)
         FROM (SELECT * FROM "Service" WHERE kind <> 'GROUP' AND status IN ('BAD', 'DEGRADED') ORDER BY status DESC, "displayName" LIMIT 6) b) AS "badServices"`;
  return {
    ...row,
    throughput: weeks.map((week) => ({ week, done: row.throughput[week] ?? 0 })),
    health: Object.fromEntries(SERVICE_STATUSES.map((s) => [s, row.health[s] ?? 0])) as Record<ServiceStatus, number>,
  };
}
