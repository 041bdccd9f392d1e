/**
 * Everything the board shows, in a fixed handful of queries whatever the number of cards: the open
 * columns in full, the Done column paged (most recent first), limits, people, experiments, throughput.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/people/policy";
import { campaignProgress, filterWhere } from "@/lib/tasks/queries";
import { BOARD_STATUSES, DONE_RECENT_DAYS } from "./columns";
import type { TaskFilters } from "./filters";
import type { BoardCard, BoardSnapshot } from "./card";

const DAY = 86_400_000;
export const DONE_PAGE = 50;

const cardSelect = {
  id: true,
  title: true,
  status: true,
  priority: true,
  neededBy: true,
  version: true,
  boardRank: true,
  statusChangedAt: true,
  assigneeId: true,
  experiment: { select: { name: true } },
} satisfies Prisma.TaskSelect;

/** `doneShown`: how many of the Done column's cards to send (the page asks for more on demand). */
export async function boardSnapshot(actor: Actor, f: TaskFilters, opts: { doneShown?: number; now?: Date } = {}): Promise<BoardSnapshot> {
  const now = opts.now ?? new Date();
  const doneShown = Math.min(Math.max(opts.doneShown ?? DONE_PAGE, 0), 2000);
  const visible = filterWhere(actor, f, now);
  const open: Prisma.TaskWhereInput = { AND: [visible, { status: { in: BOARD_STATUSES.filter((s) => s !== "DONE") } }] };
  const done: Prisma.TaskWhereInput = { AND: [visible, { status: "DONE", statusChangedAt: { gte: new Date(now.getTime() - DONE_RECENT_DAYS * DAY) } }] };
  const [openCards, doneCards, doneTotal, limits, people, experiments, doneLastWeek] = await Promise.all([
    db.task.findMany({ where: open, select: cardSelect, orderBy: [{ boardRank: "asc" }, { id: "asc" }], take: 5000 }),
    db.task.findMany({ where: done, select: cardSelect, orderBy: [{ statusChangedAt: "desc" }, { id: "desc" }], take: doneShown }),
    db.task.count({ where: done }),
    db.wipLimit.findMany({ select: { status: true, personId: true, softLimit: true, hardLimit: true } }),
    // Operators, and anyone else a card is assigned to.
    db.person.findMany({
      where: { OR: [{ active: true, globalRoles: { has: "OPOS" } }, { assignedTasks: { some: { status: { in: [...BOARD_STATUSES] } } } }] },
      select: { id: true, username: true, name: true, active: true, globalRoles: true },
      orderBy: { name: "asc" },
    }),
    db.experiment.findMany({ select: { name: true, displayName: true } }),
    db.taskEvent.count({ where: { toStatus: "DONE", fromStatus: { not: "DONE" }, createdAt: { gte: new Date(now.getTime() - 7 * DAY) } } }),
  ]);
  const rows = [...openCards, ...doneCards];
  const links = rows.length ? await db.taskCampaign.findMany({ where: { taskId: { in: rows.map((r) => r.id) } }, select: { taskId: true, campaignId: true, campaign: { select: { name: true } } } }) : [];
  const progress = await campaignProgress([...new Set(links.map((l) => l.campaignId))]);
  const campaignsByTask = new Map<number, BoardCard["campaigns"]>();
  for (const l of links) {
    const p = progress.get(l.campaignId) ?? { total: 0, done: 0, failed: 0 };
    campaignsByTask.set(l.taskId, [...(campaignsByTask.get(l.taskId) ?? []), { name: l.campaign.name, ...p }]);
  }
  return {
    cards: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      priority: r.priority,
      neededBy: r.neededBy ? r.neededBy.toISOString().slice(0, 10) : null,
      version: r.version,
      boardRank: r.boardRank,
      statusChangedAt: r.statusChangedAt.toISOString(),
      experiment: r.experiment.name,
      assigneeId: r.assigneeId,
      campaigns: campaignsByTask.get(r.id) ?? [],
    })),
    experiments: Object.fromEntries(experiments.map((e) => [e.name, e.displayName])),
    people: Object.fromEntries(people.map((p) => [String(p.id), { id: p.id, username: p.username, name: p.name }])),
    operatorIds: people.filter((p) => p.active && p.globalRoles.includes("OPOS")).map((p) => p.id),
    limits,
    doneTotal,
    doneShown,
    doneLastWeek,
    generatedAt: now.toISOString(),
  };
}
