/**
 * Everything the board shows, in one SQL statement whatever the number of cards: the open columns in
 * full, the Done column paged (most recent first) with its total, limits, the people cards name, the
 * experiments' names, campaign progress per card and the week's throughput, built as JSON by PostgreSQL.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedRows } from "@/lib/db/prepared";
import type { Actor } from "@/lib/people/policy";
import { taskFilterSql, taskKeySql } from "@/lib/tasks/filter-sql";
import { DONE_RECENT_DAYS } from "./columns";
import type { TaskFilters } from "./filters";
import type { BoardSnapshot } from "./card";

export const DONE_PAGE = 50;
const OPEN = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

type SnapshotOptions = { doneShown?: number; now?: Date };

/** `doneShown`: how many of the Done column's cards to send (the page asks for more on demand). */
export async function boardSnapshot(actor: Actor, f: TaskFilters, opts: SnapshotOptions = {}): Promise<BoardSnapshot> {
  const { sql, doneShown, now } = snapshotSql(actor, f, opts);
  const [row] = await preparedRows<{ snapshot: Omit<BoardSnapshot, "doneShown" | "generatedAt"> }>(sql, { plan: "generic" });
  return { ...row.snapshot, doneShown, generatedAt: now.toISOString() };
}

/**
 * The same as JSON text, for the API: PostgreSQL's text goes out as it is, neither parsed nor written
 * again (at 2,000 cards that is 390 KiB each way).
 */
export async function boardSnapshotJson(actor: Actor, f: TaskFilters, opts: SnapshotOptions = {}): Promise<string> {
  const { sql, doneShown, now } = snapshotSql(actor, f, opts);
  const [row] = await preparedRows<{ snapshot: string }>(Prisma.sql`SELECT s.snapshot::text AS snapshot FROM (${sql}) s`, { plan: "generic" });
  return `{"doneShown":${doneShown},"generatedAt":"${now.toISOString()}",${row.snapshot.slice(1)}`;
}

function snapshotSql(actor: Actor, f: TaskFilters, opts: SnapshotOptions): { sql: Prisma.Sql; doneShown: number; now: Date } {
  const now = opts.now ?? new Date();
  // Written into the statement (its plan is made once): always a whole number from 0 to 2,000.
  const doneShown = Number.isFinite(opts.doneShown) ? Math.trunc(Math.min(Math.max(opts.doneShown!, 0), 2000)) : DONE_PAGE;
  const doneSince = new Date(now.getTime() - DONE_RECENT_DAYS * 86_400_000);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const where = taskFilterSql(actor, f, now);
  const sql = Prisma.sql`
    WITH open_cards AS (
      SELECT t.* FROM "Task" t WHERE t.status::text = ANY(${OPEN}::text[]) AND ${where}
      ORDER BY t."boardRank", t.id LIMIT 5000
    ), done_all AS (
      SELECT t.* FROM "Task" t WHERE t.status = 'DONE' AND t."statusChangedAt" >= ${doneSince} AND ${where}
    ), done_cards AS (
      SELECT * FROM done_all ORDER BY "statusChangedAt" DESC, id DESC LIMIT ${Prisma.raw(String(doneShown))}
    ), cards AS (
      SELECT * FROM open_cards UNION ALL SELECT * FROM done_cards
    ), progress AS (
      SELECT tc."taskId", json_agg(json_build_object('name', c.name, 'total', p.total, 'done', p.done, 'failed', p.failed) ORDER BY c.name) AS campaigns
      FROM "TaskCampaign" tc JOIN cards ON cards.id = tc."taskId" JOIN "Campaign" c ON c.id = tc."campaignId"
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS total,
               count(*) FILTER (WHERE s.status IN ('LOCATED', 'COMPLETED'))::int AS done,
               count(*) FILTER (WHERE s.status IN ('FAILED', 'LAUNCH_FAILED'))::int AS failed
        FROM "Submission" s WHERE s."campaignId" = c.id
      ) p
      GROUP BY tc."taskId"
    )
    SELECT json_build_object(
      'cards', COALESCE((SELECT json_agg(json_strip_nulls(json_build_object(
          'id', cards.id, 'key', ${taskKeySql("e", "cards")}, 'title', cards.title, 'status', cards.status, 'priority', cards.priority,
          'neededBy', to_char(cards."neededBy", 'YYYY-MM-DD'), 'version', cards.version, 'boardRank', cards."boardRank",
          'since', (extract(epoch FROM cards."statusChangedAt") * 1000)::bigint,
          'assigneeId', cards."assigneeId", 'campaigns', progress.campaigns)))
        FROM cards JOIN "Experiment" e ON e.id = cards."experimentId" LEFT JOIN progress ON progress."taskId" = cards.id), '[]'::json),
      'experiments', (SELECT COALESCE(json_object_agg(name, "displayName"), '{}'::json) FROM "Experiment"),
      'people', (SELECT COALESCE(json_object_agg(p.id, json_build_object('id', p.id, 'username', p.username, 'name', p.name)), '{}'::json)
                 FROM "Person" p WHERE (p.active AND 'OPOS' = ANY(p."globalRoles")) OR p.id IN (SELECT "assigneeId" FROM cards)),
      'operatorIds', (SELECT COALESCE(json_agg(p.id ORDER BY p.name), '[]'::json) FROM "Person" p WHERE p.active AND 'OPOS' = ANY(p."globalRoles")),
      'limits', (SELECT COALESCE(json_agg(json_build_object('status', w.status, 'personId', w."personId", 'softLimit', w."softLimit", 'hardLimit', w."hardLimit")), '[]'::json) FROM "WipLimit" w),
      'doneTotal', (SELECT count(*)::int FROM done_all),
      'doneLastWeek', (SELECT count(*)::int FROM "TaskEvent" WHERE "toStatus" = 'DONE' AND "fromStatus" <> 'DONE' AND "createdAt" >= ${weekAgo})
    ) AS snapshot`;
  return { sql, doneShown, now };
}
