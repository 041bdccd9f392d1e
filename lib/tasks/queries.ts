/**
 * Reading tasks: lists with filters, the approval queue, one task with its history, and the
 * board. Each is a fixed number of queries whatever the number of tasks (no N+1).
 */
import "server-only";
import { db } from "@/lib/db";
import { preparedRows } from "@/lib/db/prepared";
import { listOperators } from "@/lib/people/directory";
import { Prisma } from "@/lib/generated/prisma/client";
import { coordinatedExperimentIds, type Actor } from "@/lib/people/policy";
import { notFound } from "@/lib/errors";
import { SEARCH_VECTOR, refMatchSql, searchQuery, taskFilterSql, taskKeySql, type TaskQuery } from "./filter-sql";
import type { ListGroup, ListSort } from "./list-query";
import { mustSee, partiesFor } from "./commands/access";
import { TASK_STATUSES, transitionsFrom } from "./lifecycle";
import type { TaskRef } from "./keys";

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

/**
 * A row of the list, as the API sends it: its times are ISO text ("2026-11-29T16:31:03.120Z", what
 * `Date.toJSON` writes), and its key ("NOVA-57") is included.
 */
export type TaskListItem = Omit<Prisma.TaskGetPayload<{ select: typeof listSelect }>, "neededBy" | "statusChangedAt" | "createdAt" | "updatedAt"> & {
  neededBy: string | null;
  statusChangedAt: string;
  createdAt: string;
  updatedAt: string;
  key: string;
};

const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const object = (fields: Prisma.Sql) => Prisma.sql`(SELECT row_to_json(o) FROM (SELECT ${fields}) o)`;
/**
 * One TaskListItem as JSON text, over t (the task), e (its experiment), r and a (requester and
 * assignee): `row_to_json` of these columns writes what JSON.stringify would (no spaces, the same
 * order), and times as `Date.toJSON` writes them.
 */
const ITEM = Prisma.sql`(SELECT row_to_json(x) FROM (SELECT t.id, t."number", t.title, t.kind, t.status, t.priority,
  to_char(t."neededBy", 'YYYY-MM-DD"T00:00:00.000Z"') AS "neededBy", t.version, t."boardRank", ${iso(Prisma.sql`t."statusChangedAt"`)} AS "statusChangedAt",
  ${iso(Prisma.sql`t."createdAt"`)} AS "createdAt", ${iso(Prisma.sql`t."updatedAt"`)} AS "updatedAt", ${object(Prisma.sql`e.name, e."displayName"`)} AS experiment,
  ${object(Prisma.sql`r.id, r.username, r.name`)} AS requester, CASE WHEN a.id IS NULL THEN NULL ELSE ${object(Prisma.sql`a.id, a.username, a.name`)} END AS assignee,
  ${taskKeySql("e", "t")} AS key) x)`;

export type ListOrder = { sort: ListSort; dir: "asc" | "desc"; group: ListGroup };
export type ListGroupCount = { key: string | null; count: number };

const PRIORITY_RANK = Prisma.sql`CASE t.priority WHEN 'URGENT' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'NORMAL' THEN 1 ELSE 0 END`;
const STATE_RANK = Prisma.sql`array_position(${[...TASK_STATUSES]}::text[], t.status::text)`;

/** What each sort and grouping orders by; `e` (experiment) and `a` (assignee) are joined when used. */
function orderOf(f: TaskQuery, o: ListOrder): { sql: Prisma.Sql; joins: { e: boolean; a: boolean } } {
  const dir = o.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const by: Record<ListSort, Prisma.Sql> = {
    // The task a typed key names comes first, then the best word matches.
    relevance: f.q
      ? Prisma.sql`${refMatchSql(f.q) ? Prisma.sql`(${refMatchSql(f.q)}) ${dir}, ` : Prisma.empty}ts_rank(${SEARCH_VECTOR}, ${searchQuery(f.q)}) ${dir}`
      : Prisma.sql`t."updatedAt" ${dir}`,
    key: Prisma.sql`e.name ${dir}, t."number" ${dir}`,
    title: Prisma.sql`lower(t.title) ${dir}`,
    state: Prisma.sql`${STATE_RANK} ${dir}`,
    priority: Prisma.sql`${PRIORITY_RANK} ${dir}`,
    experiment: Prisma.sql`e.name ${dir}`,
    assignee: Prisma.sql`a.name ${dir} NULLS LAST`,
    neededBy: Prisma.sql`t."neededBy" ${dir} NULLS LAST`,
    created: Prisma.sql`t."createdAt" ${dir}`,
    updated: Prisma.sql`t."updatedAt" ${dir}`,
  };
  const group = { none: null, state: Prisma.sql`${STATE_RANK}`, experiment: Prisma.sql`e.name`, assignee: Prisma.sql`a.name NULLS FIRST, a.username` }[o.group];
  const parts = [...(group ? [group] : []), by[o.sort], Prisma.sql`t.id ${dir}`];
  return {
    sql: Prisma.join(parts, ", "),
    joins: { e: o.sort === "key" || o.sort === "experiment" || o.group === "experiment", a: o.sort === "assignee" || o.group === "assignee" },
  };
}

/**
 * A page of tasks, in the order asked, and the filters' total (per group when grouped). The page's
 * ids are chosen first, joining only what the order needs, so a deep page (offset 100,000) skips rows
 * without building them; PostgreSQL then writes the page as one JSON array, which the API sends as it
 * is (the Node process, which serves every request on one thread, neither parses rows nor writes
 * JSON). The first page, ungrouped, is one statement, its total counted inside it; otherwise the
 * count is a second statement run beside the page's (at 100,000 tasks counting takes as long as a
 * deep page).
 */
export async function listTasksJson(
  actor: Actor,
  f: TaskQuery,
  page: { take: number; skip: number; count?: false } = { take: 50, skip: 0 },
  o: ListOrder = { sort: "updated", dir: "desc", group: "none" },
  now = new Date(),
): Promise<{ itemsJson: string; total: number; groups: ListGroupCount[] }> {
  const where = taskFilterSql(actor, f, now);
  const order = orderOf(f, o);
  const joinE = order.joins.e ? Prisma.sql`JOIN "Experiment" e ON e.id = t."experimentId"` : Prisma.empty;
  const joinA = order.joins.a ? Prisma.sql`LEFT JOIN "Person" a ON a.id = t."assigneeId"` : Prisma.empty;
  const groupKey = { none: null, state: Prisma.sql`t.status::text`, experiment: Prisma.sql`e.name`, assignee: Prisma.sql`a.username` }[o.group];
  // The first page (what nearly every reader asks for, and what pages poll) is planned once per
  // connection, its size written into the statement so that the plan is the right one; deeper pages
  // are planned per call, as the offset decides between reading an index in order and sorting.
  const first = page.skip === 0 && Number.isSafeInteger(page.take);
  const limit = first ? Prisma.sql`LIMIT ${Prisma.raw(String(page.take))}` : Prisma.sql`LIMIT ${page.take} OFFSET ${page.skip}`;
  const countInside = first && !groupKey && page.count !== false;
  const [[row], counts] = await Promise.all([
    preparedRows<{ items: string; total: number | null }>(
      Prisma.sql`
      WITH page AS (SELECT t.id FROM "Task" t ${joinE} ${joinA} WHERE ${where} ORDER BY ${order.sql} ${limit})
      SELECT '[' || COALESCE(string_agg(${ITEM}::text, ',' ORDER BY ${order.sql}), '') || ']' AS items,
             ${countInside ? Prisma.sql`(SELECT count(*)::int FROM "Task" t WHERE ${where})` : Prisma.sql`NULL::int`} AS total
      FROM page JOIN "Task" t ON t.id = page.id JOIN "Experiment" e ON e.id = t."experimentId" JOIN "Person" r ON r.id = t."requesterId" LEFT JOIN "Person" a ON a.id = t."assigneeId"`,
      { plan: first ? "generic" : "custom" },
    ),
    page.count === false || countInside
      ? []
      : groupKey
      ? preparedRows<ListGroupCount>(Prisma.sql`SELECT ${groupKey} AS key, count(*)::int AS count FROM "Task" t ${joinE} ${joinA} WHERE ${where} GROUP BY 1`)
      : preparedRows<ListGroupCount>(Prisma.sql`SELECT NULL AS key, count(*)::int AS count FROM "Task" t WHERE ${where}`),
  ]);
  const total = countInside ? (row.total ?? 0) : counts.reduce((n, g) => n + g.count, 0);
  return { itemsJson: row.items, total, groups: groupKey ? counts : [] };
}

/** The same page as objects, for pages and the CSV export. */
export async function listTasks(...args: Parameters<typeof listTasksJson>): Promise<{ items: TaskListItem[]; total: number; groups: ListGroupCount[] }> {
  const { itemsJson, ...rest } = await listTasksJson(...args);
  return { items: JSON.parse(itemsJson) as TaskListItem[], ...rest };
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

/** One task with its history, by id or by key (NOVA-57: resolved in the same statement). */
export async function taskDetail(actor: Actor, ref: number | TaskRef) {
  const where = typeof ref === "number" ? { id: ref } : "id" in ref ? { id: ref.id } : { number: ref.number, experiment: { name: ref.experiment } };
  const task = await db.task.findFirst({
    where,
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
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  const progress = await campaignProgress(task.campaigns.map((c) => c.campaignId));
  const parties = partiesFor(actor, task);
  const moves = transitionsFrom(task.status).filter((t) => t.by.some((p) => parties.has(p)));
  const [campaignsOfExperiment, operators] = await Promise.all([
    db.campaign.findMany({ where: { experimentId: task.experimentId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    parties.has("opos") ? listOperators() : [],
  ]);
  return { task, moves, parties: [...parties], campaignProgress: progress, campaignsOfExperiment, operators };
}
