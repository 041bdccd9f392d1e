/**
 * Reading tasks: lists with filters, the approval queue, one task with its history, and the
 * board. Each is a fixed number of queries whatever the number of tasks (no N+1).
 */
import "server-only";
import { db } from "@/lib/db";
import { listOperators } from "@/lib/people/directory";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { coordinatedExperimentIds, visibleExperimentIds, type Actor } from "@/lib/people/policy";
import { notFound } from "@/lib/errors";
import type { TaskFilters } from "@/lib/board/filters";
import { partiesFor } from "./commands/access";
import { transitionsFrom } from "./lifecycle";

export function filterWhere(actor: Actor, f: Partial<TaskFilters>, now = new Date()): Prisma.TaskWhereInput {
  const visible = visibleExperimentIds(actor);
  const and: Prisma.TaskWhereInput[] = [];
  if (visible) and.push({ OR: [{ experimentId: { in: visible } }, { requesterId: actor.id }] });
  if (f.experiments?.length) and.push({ experiment: { name: { in: f.experiments } } });
  if (f.assignee === "none") and.push({ assigneeId: null });
  else if (f.assignee) and.push({ assignee: { username: f.assignee } });
  if (f.priorities?.length) and.push({ priority: { in: f.priorities } });
  if (f.kinds?.length) and.push({ kind: { in: f.kinds } });
  if (f.q) and.push({ OR: [{ title: { contains: f.q, mode: "insensitive" } }, { inputDataset: { contains: f.q, mode: "insensitive" } }] });
  if (f.overdue) and.push({ neededBy: { lt: new Date(now.toISOString().slice(0, 10)) }, status: { notIn: ["DONE", "CANCELLED", "REJECTED"] } });
  return { AND: and };
}

const listSelect = {
  id: true,
  number: true,
  title: true,
  kind: true,
  status: true,
  priority: true,
  neededBy: true,
  version: true,
  boardRank: true,
  statusChangedAt: true,
  createdAt: true,
  updatedAt: true,
  experiment: { select: { name: true, displayName: true } },
  requester: { select: { id: true, username: true, name: true } },
  assignee: { select: { id: true, username: true, name: true } },
} satisfies Prisma.TaskSelect;

export type TaskListItem = Prisma.TaskGetPayload<{ select: typeof listSelect }>;

export async function listTasks(actor: Actor, f: Partial<TaskFilters> & { statuses?: TaskStatus[]; requesterId?: number }, page = { take: 50, skip: 0 }) {
  const where: Prisma.TaskWhereInput = {
    AND: [filterWhere(actor, f), ...(f.statuses?.length ? [{ status: { in: f.statuses } }] : []), ...(f.requesterId ? [{ requesterId: f.requesterId }] : [])],
  };
  const [items, total] = await Promise.all([
    db.task.findMany({ where, select: listSelect, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: page.take, skip: page.skip }),
    db.task.count({ where }),
  ]);
  return { items, total };
}

const PRIORITY_ORDER = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 } as const;

/** Requests waiting for this coordinator: highest priority first, then oldest. */
export async function approvalQueue(actor: Actor) {
  const ids = coordinatedExperimentIds(actor);
  if (!ids.length) return [];
  const rows = await db.task.findMany({
    where: { experimentId: { in: ids }, status: "REQUESTED" },
    select: { ...listSelect, description: true, inputDataset: true, softwareVersion: true, estimatedFiles: true, estimatedEvents: true, links: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.createdAt.getTime() - b.createdAt.getTime());
}

/** Progress of linked campaigns: share of their submissions that are finished. */
export async function campaignProgress(campaignIds: number[]) {
  if (!campaignIds.length) return new Map<number, { total: number; done: number; failed: number }>();
  const rows = await db.submission.groupBy({ by: ["campaignId", "status"], where: { campaignId: { in: campaignIds } }, _count: { _all: true } });
  const map = new Map<number, { total: number; done: number; failed: number }>();
  for (const r of rows) {
    const m = map.get(r.campaignId) ?? { total: 0, done: 0, failed: 0 };
    m.total += r._count._all;
    if (r.status === "LOCATED" || r.status === "COMPLETED") m.done += r._count._all;
    if (r.status === "FAILED" || r.status === "LAUNCH_FAILED") m.failed += r._count._all;
    map.set(r.campaignId, m);
  }
  return map;
}

export async function taskDetail(actor: Actor, id: number) {
  const task = await db.task.findUnique({
    where: { id },
    include: {
      experiment: true,
      requester: { select: { id: true, username: true, name: true } },
      assignee: { select: { id: true, username: true, name: true } },
      decider: { select: { id: true, username: true, name: true } },
      events: { include: { actor: { select: { name: true, username: true } } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      comments: { include: { author: { select: { name: true, username: true } } }, orderBy: { createdAt: "asc" } },
      campaigns: { include: { campaign: { select: { id: true, name: true, active: true } } } },
    },
  });
  const visible = visibleExperimentIds(actor);
  if (!task || (visible && !visible.includes(task.experimentId) && task.requesterId !== actor.id)) throw notFound("Task");
  const progress = await campaignProgress(task.campaigns.map((c) => c.campaignId));
  const parties = partiesFor(actor, task);
  const moves = transitionsFrom(task.status).filter((t) => t.by.some((p) => parties.has(p)));
  const [campaignsOfExperiment, operators] = await Promise.all([
    db.campaign.findMany({ where: { experimentId: task.experimentId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    parties.has("opos") ? listOperators() : [],
  ]);
  return { task, moves, parties: [...parties], campaignProgress: progress, campaignsOfExperiment, operators };
}
