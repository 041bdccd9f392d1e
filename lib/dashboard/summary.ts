/**
 * The figures on a person's dashboard, each one query, all in parallel.
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
  const [myOpenRequests, awaitingMyDecision, assignedToMe, servicesByStatus, badServices, recentRequests] = await Promise.all([
    db.task.count({ where: { requesterId: actor.id, status: { in: [...OPEN_STATUSES] } } }),
    coordinated.length ? db.task.count({ where: { experimentId: { in: coordinated }, status: "REQUESTED" } }) : Promise.resolve(0),
    db.task.count({ where: { assigneeId: actor.id, status: { in: ["ASSIGNED", "IN_PROGRESS", "ON_HOLD"] } } }),
    db.service.groupBy({ by: ["status"], where: { kind: { not: "GROUP" } }, _count: { _all: true } }),
    db.service.findMany({ where: { kind: { not: "GROUP" }, status: { in: ["BAD", "DEGRADED"] } }, select: { id: true, displayName: true, status: true, statusDetail: true }, orderBy: [{ status: "asc" }, { displayName: "asc" }], take: 6 }),
    db.task.findMany({
      where: { OR: [{ requesterId: actor.id }, { assigneeId: actor.id }, ...(coordinated.length ? [{ experimentId: { in: coordinated }, status: "REQUESTED" as const }] : [])], ...experimentFilter },
      select: { id: true, title: true, status: true, priority: true, updatedAt: true, experiment: { select: { name: true } } },
      orderBy: { updatedAt: "desc" },
      take: 8,
    }),
  ]);
  const health = Object.fromEntries((["GOOD", "DEGRADED", "BAD", "UNKNOWN"] as ServiceStatus[]).map((s) => [s, servicesByStatus.find((g) => g.status === s)?._count._all ?? 0])) as Record<ServiceStatus, number>;
  return { myOpenRequests, awaitingMyDecision, assignedToMe, health, badServices, recentRequests, isCoordinator: coordinated.length > 0 };
}
