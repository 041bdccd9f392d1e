/**
 * The task filters (board and lists: lib/board/filters.ts, lib/tasks/list-query.ts) as one SQL
 * condition over "Task" t: what the person may see (their experiments, or everything for OPOS,
 * managers and admins; always their own requests), then each filter. The one definition the board,
 * the Tasks list, the CSV export and the command palette use.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import type { TaskListFilters } from "./list-query";
import { OPEN_STATUSES } from "./lifecycle";
import { parseTaskRef } from "./keys";

export type TaskQuery = Partial<TaskListFilters>;

/**
 * The searchable text of a task, exactly as indexed by "Task_search_idx" (migration
 * 20261129013000_task_search): change both together or the index stops being used.
 */
export const SEARCH_VECTOR = Prisma.sql`to_tsvector('simple'::regconfig, t.title || ' ' || t.description || ' ' || t."inputDataset")`;

/** `taskKey` (keys.ts) in SQL, over the aliases of an experiment and a task ("NOVA-57"). Aliases are code, never input. */
export const taskKeySql = (experiment: string, task: string) => Prisma.raw(`upper(${experiment}.name) || '-' || ${task}."number"`);

/**
 * Words typed by a person as a prefix query: split by the same parser as the indexed text (so
 * "nova_prod_caf" and "v09_85" match as they are written), every word a prefix, all required.
 * Nothing searchable (only punctuation) gives NULL, which matches no task.
 */
export const searchQuery = (q: string) =>
  Prisma.sql`(SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '\\''') || ''':*', ' & ')) FROM unnest(to_tsvector('simple', ${q})))`;

/** The task a typed key ("NOVA-57") or number ("57") names, as a condition; null when it names none. */
export function refMatchSql(q: string): Prisma.Sql | null {
  const ref = parseTaskRef(q);
  if (!ref) return null;
  return "experiment" in ref
    ? Prisma.sql`(t."number" = ${ref.number} AND t."experimentId" = (SELECT id FROM "Experiment" WHERE name = ${ref.experiment}))`
    : Prisma.sql`t."number" = ${ref.id}`;
}

/** The search condition: the words, or the task's key ("NOVA-57"), or its number ("57"). */
function searchSql(q: string): Prisma.Sql {
  const byRef = refMatchSql(q);
  return Prisma.sql`(${SEARCH_VECTOR} @@ ${searchQuery(q)}${byRef ? Prisma.sql` OR ${byRef}` : Prisma.empty})`;
}

export function taskFilterSql(actor: Actor, f: TaskQuery, now = new Date()): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const visible = visibleExperimentIds(actor);
  if (visible) parts.push(Prisma.sql`(t."experimentId" = ANY(${visible}::int[]) OR t."requesterId" = ${actor.id})`);
  if (f.experiments?.length) parts.push(Prisma.sql`t."experimentId" IN (SELECT id FROM "Experiment" WHERE name = ANY(${f.experiments}::text[]))`);
  if (f.assignee === "none") parts.push(Prisma.sql`t."assigneeId" IS NULL`);
  else if (f.assignee) parts.push(Prisma.sql`t."assigneeId" = (SELECT id FROM "Person" WHERE username = ${f.assignee})`);
  if (f.requester) parts.push(Prisma.sql`t."requesterId" = (SELECT id FROM "Person" WHERE username = ${f.requester})`);
  if (f.mine) parts.push(Prisma.sql`(t."requesterId" = ${actor.id} OR t."assigneeId" = ${actor.id})`);
  if (f.priorities?.length) parts.push(Prisma.sql`t.priority::text = ANY(${f.priorities}::text[])`);
  if (f.kinds?.length) parts.push(Prisma.sql`t.kind::text = ANY(${f.kinds}::text[])`);
  if (f.q) parts.push(searchSql(f.q));
  if (f.overdue) parts.push(Prisma.sql`t."neededBy" < ${now.toISOString().slice(0, 10)}::date AND t.status::text = ANY(${[...OPEN_STATUSES]}::text[])`);
  if (f.stale) parts.push(Prisma.sql`t."updatedAt" < ${new Date(now.getTime() - f.stale * 86_400_000)} AND t.status::text = ANY(${[...OPEN_STATUSES]}::text[])`);
  if (f.updatedFrom) parts.push(Prisma.sql`t."updatedAt" >= ${f.updatedFrom}::date`);
  if (f.updatedTo) parts.push(Prisma.sql`t."updatedAt" < ${f.updatedTo}::date`);
  if (f.statuses?.length) parts.push(Prisma.sql`t.status::text = ANY(${f.statuses}::text[])`);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}
