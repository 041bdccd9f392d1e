/**
 * The task filters (board and lists, lib/board/filters.ts) as one SQL condition over "Task" t: what the
 * person may see (their experiments, or everything for OPOS, managers and admins; always their own
 * requests), then each filter. The one definition both the board and the lists use.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import type { TaskFilters } from "@/lib/board/filters";

export type TaskQuery = Partial<TaskFilters> & { statuses?: TaskStatus[]; requesterId?: number };

/** `q` as an ILIKE pattern that matches it literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function taskFilterSql(actor: Actor, f: TaskQuery, now = new Date()): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const visible = visibleExperimentIds(actor);
  if (visible) parts.push(Prisma.sql`(t."experimentId" = ANY(${visible}::int[]) OR t."requesterId" = ${actor.id})`);
  if (f.experiments?.length) parts.push(Prisma.sql`t."experimentId" IN (SELECT id FROM "Experiment" WHERE name = ANY(${f.experiments}::text[]))`);
  if (f.assignee === "none") parts.push(Prisma.sql`t."assigneeId" IS NULL`);
  else if (f.assignee) parts.push(Prisma.sql`t."assigneeId" = (SELECT id FROM "Person" WHERE username = ${f.assignee})`);
  if (f.priorities?.length) parts.push(Prisma.sql`t.priority::text = ANY(${f.priorities}::text[])`);
  if (f.kinds?.length) parts.push(Prisma.sql`t.kind::text = ANY(${f.kinds}::text[])`);
  if (f.q) parts.push(Prisma.sql`(t.title ILIKE ${containsPattern(f.q)} OR t."inputDataset" ILIKE ${containsPattern(f.q)})`);
  if (f.overdue) parts.push(Prisma.sql`t."neededBy" < ${now.toISOString().slice(0, 10)}::date AND t.status::text NOT IN ('DONE', 'CANCELLED', 'REJECTED')`);
  if (f.statuses?.length) parts.push(Prisma.sql`t.status::text = ANY(${f.statuses}::text[])`);
  if (f.requesterId) parts.push(Prisma.sql`t."requesterId" = ${f.requesterId}`);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}
