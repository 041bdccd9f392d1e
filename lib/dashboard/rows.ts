/**
 * The rows of the dashboard's lists in one SQL statement: a few tasks per list, each list with its
 * own order, over the tasks the person may see (`taskFilterSql`). Each row links to its task.
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/people/policy";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import { taskFilterSql } from "@/lib/tasks/filter-sql";
import { taskKey } from "@/lib/tasks/keys";
import type { DashboardSections } from "./sections";

export type DashboardRow = {
  id: number;
  key: string;
  title: string;
  experiment: string;
  status: TaskStatus;
  priority: TaskPriority;
  neededBy: Date | null;
  updatedAt: Date;
  createdAt: Date;
};

export type DashboardLists = {
  /** The person's open requests, most recently changed first. */
  myOpen: DashboardRow[];
  /** The person's finished requests (done, rejected, cancelled), most recently changed first. */
  myFinished: DashboardRow[];
  /** Requests waiting for the person's decision, oldest first. */
  awaitingDecision: DashboardRow[];
  /** Open work assigned to the person, most urgent first. */
  assignedToMe: DashboardRow[];
  /** Approved work nobody has taken (OPOS), most urgent first. */
  unassignedApproved: DashboardRow[];
};

export const ROWS_PER_LIST = 6;
const LISTS = ["myOpen", "myFinished", "awaitingDecision", "assignedToMe", "unassignedApproved"] as const;

export async function dashboardLists(actor: Actor, sections: DashboardSections, now = new Date()): Promise<DashboardLists> {
  const open = [...OPEN_STATUSES];
  const me = actor.id;
  const visibleTasks = taskFilterSql(actor, {}, now);
  const list = (name: (typeof LISTS)[number], where: Prisma.Sql, orderBy: Prisma.Sql) => Prisma.sql`(
    SELECT ${name} AS list, t.id, e.name AS experiment, t.number, t.title, t.status::text AS status, t.priority::text AS priority, t."neededBy", t."updatedAt", t."createdAt"
    FROM "Task" t JOIN "Experiment" e ON e.id = t."experimentId"
    WHERE ${visibleTasks} AND ${where} ORDER BY ${orderBy} LIMIT ${ROWS_PER_LIST})`;
  const urgentFirst = Prisma.sql`t.priority DESC, t."neededBy" ASC NULLS LAST, t.id`;
  const rows = await db.$queryRaw<(Omit<DashboardRow, "key"> & { list: (typeof LISTS)[number]; number: number })[]>`
    ${list("myOpen", Prisma.sql`${sections.myRequests} AND t."requesterId" = ${me} AND t.status::text = ANY(${open}::text[])`, Prisma.sql`t."updatedAt" DESC, t.id DESC`)}
    UNION ALL
    ${list("myFinished", Prisma.sql`${sections.myRequests} AND t."requesterId" = ${me} AND NOT t.status::text = ANY(${open}::text[])`, Prisma.sql`t."updatedAt" DESC, t.id DESC`)}
    UNION ALL
    ${list("awaitingDecision", Prisma.sql`t."experimentId" = ANY(${sections.coordinatedExperimentIds}::int[]) AND t.status = 'REQUESTED'`, Prisma.sql`t."createdAt" ASC, t.id`)}
    UNION ALL
    ${list("assignedToMe", Prisma.sql`t."assigneeId" = ${me} AND t.status::text = ANY(${open}::text[])`, urgentFirst)}
    UNION ALL
    ${list("unassignedApproved", Prisma.sql`${sections.operations} AND t.status = 'APPROVED' AND t."assigneeId" IS NULL`, urgentFirst)}`;
  const lists = Object.fromEntries(LISTS.map((l) => [l, [] as DashboardRow[]])) as DashboardLists;
  for (const { list: name, number, experiment, ...r } of rows) lists[name].push({ ...r, experiment, key: taskKey(experiment, number) });
  return lists;
}
