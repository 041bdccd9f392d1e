/**
 * The figures on a person's dashboard: three queries in parallel (the counts in one).
 */
import "server-only";
import { db } from "@/lib/db";
import { coordinatedExperimentIds, visibleExperimentIds, type Actor } from "@/lib/people/policy";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import type { ServiceStatus } from "@/lib/generated/prisma/enums";

export async function dashboardSummary(actor: Actor) {
  const coordinated = coordinatedExperimentIds(actor);
  const visible = visibleExperimentIds(actor);
  const experimentFilter = visible ? { experimentId: { in: visible } } : {};
  const [[counts], badServices, recentRequests] = await Promise.all([
    // The figures in one round trip.
    db.$queryRaw<[{ myOpenRequests: number; awaitingMyDecision: number; assignedToMe: number; health: Partial<Record<ServiceStatus, number>> }]>`
      SELECT
        (SELECT count(*)::int FROM "Task" WHERE "requesterId" = ${actor.id} AND status::text = ANY(${[...OPEN_STATUSES]}::text[])) AS "myOpenRequests",
        (SELECT count(*)::int FROM "Task" WHERE "experimentId" = ANY(${coordinated}::int[]) AND status = 'REQUESTED') AS "awaitingMyDecision",
        (SELECT count(*)::int FROM "Task" WHERE "assigneeId" = ${actor.id} AND status IN ('ASSIGNED', 'IN_PROGRESS', 'ON_HOLD')) AS "assignedToMe",
        (SELECT COALESCE(json_object_agg(status, n), '{}'::json) FROM (SELECT status, count(*)::int AS n FROM "Service" WHERE kind <> 'GROUP' GROUP BY status) g) AS health`,
    db.service.findMany({ where: { kind: { not: "GROUP" }, status: { in: ["BAD", "DEGRADED"] } }, select: { id: true, displayName: true, status: true, statusDetail: true }, orderBy: [{ status: "asc" }, { displayName: "asc" }], take: 6 }),
    db.task.findMany({
      where: { OR: [{ requesterId: actor.id }, { assigneeId: actor.id }, ...(coordinated.length ? [{ experimentId: { in: coordinated }, status: "REQUESTED" as const }] : [])], ...experimentFilter },
      select: { id: true, title: true, status: true, priority: true, updatedAt: true, experiment: { select: { name: true } } },
      orderBy: { updatedAt: "desc" },
      take: 8,
    }),
  ]);
  const { myOpenRequests, awaitingMyDecision, assignedToMe } = counts;
  const health = Object.fromEntries((["GOOD", "DEGRADED", "BAD", "UNKNOWN"] as ServiceStatus[]).map((s) => [s, counts.health[s] ?? 0])) as Record<ServiceStatus, number>;
  return { myOpenRequests, awaitingMyDecision, assignedToMe, health, badServices, recentRequests, isCoordinator: coordinated.length > 0 };
}
