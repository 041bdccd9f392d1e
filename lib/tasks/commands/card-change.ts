/**
 * The one write path for a card on the board: a state change, an assignment, a reorder, or several
 * at once. Every command that changes a card's column, assignee or rank comes here, so the WIP rule
 * (lib/board/wip.ts), the recipients (../recipients.ts) and the rank (end of column unless given) each
 * live in one place.
 *
 * - Into a column without a hard limit: one read, then one guarded statement that updates the row only
 *   if its version is the one read, appends the event and writes the notifications.
 * - Into a column with a hard limit (for the column or the operator): the same read and statement in
 *   one transaction holding that column's advisory lock, so concurrent moves into it are judged one
 *   after another against fresh counts and exactly the free slots are filled.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, notFound } from "@/lib/errors";
import { BOARD_COLUMNS } from "@/lib/board/columns";
import { checkWip } from "@/lib/board/wip";
import { lockColumn } from "@/lib/board/column-lock";
import { STATUS_LABEL } from "../lifecycle";
import { coordinatorsConcerned, recipientsOf } from "../recipients";
import { checkVersion, type TaskRow } from "./access";
import { coordinatorIdsSql } from "./coordinators-sql";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;
type LimitCount = { status: TaskStatus; personId: number | null; softLimit: number | null; hardLimit: number | null; count: number };
type PersonInfo = { name: string; active: boolean; opos: boolean };

/** A task as read for a change: the row, the WIP limits (with current counts) and the people a change may name. */
export type CardRead = TaskRow & { limits: LimitCount[]; people: Record<string, PersonInfo> };

/** `columns`: the columns the change may enter (their WIP counts are read); all when not given. */
export async function readCard(q: Queryable, id: number, personIds: number[], columns?: TaskStatus[]): Promise<CardRead> {
  const rows = await q.$queryRaw<CardRead[]>`
    SELECT t.*,
      COALESCE((SELECT json_agg(json_build_object('status', w.status, 'personId', w."personId", 'softLimit', w."softLimit", 'hardLimit', w."hardLimit",
                 'count', (SELECT count(*) FROM "Task" x WHERE x.status = w.status AND (w."personId" IS NULL OR x."assigneeId" = w."personId"))))
                FROM "WipLimit" w WHERE ${columns ?? null}::text[] IS NULL OR w.status::text = ANY(${columns ?? null}::text[])), '[]'::json) AS limits,
      COALESCE((SELECT json_object_agg(p.id, json_build_object('name', p.name, 'active', p.active, 'opos', 'OPOS' = ANY(p."globalRoles")))
                FROM "Person" p WHERE p.id = t."assigneeId" OR p.id = ANY(${personIds}::int[])), '{}'::json) AS people
    FROM "Task" t WHERE t.id = ${id}`;
  if (!rows.length) throw notFound("Task");
  return rows[0];
}

export type CardChange = {
  actorId: number;
  to: TaskStatus;
  assigneeId: number | null;
  rank?: number;
  reason: string | null;
  /** The coordinator's decision (approve, reject, ask for changes) is recorded on the task. */
  decision?: boolean;
  /** Undoing a decision takes it off the task. */
  clearDecision?: boolean;
  resubmitted?: boolean;
  /** An undo: the event this change reverts (recorded as an UNDONE event naming it). */
  undoes?: number;
};

/** The WIP verdict for this change: warnings, or a refusal thrown as `limit_reached`. */
function wipWarnings(card: CardRead, change: CardChange): string[] {
  const column = BOARD_COLUMNS.find((c) => c.status === change.to);
  if (!column || change.to === "DONE") return [];
  const entersColumn = card.status !== change.to;
  const entersOperator = entersColumn || card.assigneeId !== change.assigneeId;
  const limits = card.limits.filter((l) => l.status === change.to);
  const columnLimit = entersColumn ? limits.find((l) => l.personId === null) : undefined;
  const operatorLimit = entersOperator && change.assigneeId !== null ? limits.find((l) => l.personId === change.assigneeId) : undefined;
  const verdict = checkWip({
    columnTitle: column.title,
    columnCount: Number(columnLimit?.count ?? 0),
    columnLimit,
    operatorName: operatorLimit ? (card.people[String(change.assigneeId)]?.name ?? "The operator") : undefined,
    operatorCount: Number(operatorLimit?.count ?? 0),
    operatorLimit,
  });
  if (!verdict.ok) throw new DomainError("limit_reached", verdict.message);
  return verdict.warnings;
}

const hasHardLimit = (card: CardRead, change: CardChange) =>
  card.limits.some((l) => l.status === change.to && l.hardLimit !== null && (l.personId === null ? card.status !== change.to : l.personId === change.assigneeId));

async function write(q: Queryable, card: CardRead, change: CardChange): Promise<TaskRow | null> {
  const assigned = change.assigneeId !== card.assigneeId;
  const moved = change.to !== card.status;
  const kind = change.undoes !== undefined ? "UNDONE" : assigned ? "ASSIGNED" : moved ? "TRANSITION" : "MOVED";
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  if (assigned) diff.assigneeId = { from: card.assigneeId, to: change.assigneeId };
  // The former rank is kept whenever a change places the card, so that an undo can put it back.
  if (change.rank !== undefined && change.rank !== card.boardRank) diff.boardRank = { from: card.boardRank, to: change.rank };
  const changes = Object.keys(diff).length ? JSON.stringify(diff) : null;
  const newAssignee = assigned && change.assigneeId ? (card.people[String(change.assigneeId)]?.name ?? null) : null;
  const message = moved
    ? `"${card.title}" is now ${STATUS_LABEL[change.to].toLowerCase()}${newAssignee ? ` (assigned to ${newAssignee})` : ""}${change.reason ? `: ${change.reason}` : ""}`
    : assigned
      ? newAssignee
        ? `"${card.title}" is assigned to ${newAssignee}`
        : `"${card.title}" is unassigned`
      : null;
  const recipients = message ? recipientsOf({ requesterId: card.requesterId, assigneeId: change.assigneeId }, change.actorId, [assigned ? card.assigneeId : null]) : [];
  const coordinators = change.resubmitted === true && coordinatorsConcerned("resubmitted");
  const decision = change.decision === true;
  const rows = await q.$queryRaw<TaskRow[]>`
    WITH upd AS (
      UPDATE "Task" SET
        status = ${change.to}::"TaskStatus",
        "assigneeId" = ${change.assigneeId}::int,
        "boardRank" = COALESCE(${change.rank ?? null}::float8,
          CASE WHEN status = ${change.to}::"TaskStatus" THEN "boardRank"
               ELSE (SELECT COALESCE(max("boardRank"), 0) + 1 FROM "Task" WHERE status = ${change.to}::"TaskStatus") END),
        "statusChangedAt" = CASE WHEN status = ${change.to}::"TaskStatus" THEN "statusChangedAt" ELSE now() END,
        "updatedAt" = now(), version = version + 1,
        "deciderId" = CASE WHEN ${decision} THEN ${change.actorId}::int WHEN ${change.clearDecision === true} THEN NULL ELSE "deciderId" END,
        "decisionReason" = CASE WHEN ${decision} THEN ${change.reason}::text WHEN ${change.clearDecision === true} THEN NULL ELSE "decisionReason" END
      WHERE id = ${card.id} AND version = ${card.version}
      RETURNING *
    ), ev AS (
      INSERT INTO "TaskEvent" ("taskId", kind, "actorId", "actorKind", "fromStatus", "toStatus", reason, changes, "undoesId", "createdAt")
      SELECT id, ${kind}::"TaskEventKind", ${change.actorId}::int, 'PERSON', ${card.status}::"TaskStatus", ${change.to}::"TaskStatus", ${change.reason}::text, ${changes}::jsonb, ${change.undoes ?? null}::int, now() FROM upd
    ), note AS (
      INSERT INTO "Notification" ("personId", "taskId", message, "createdAt")
      SELECT p, upd.id, ${message}::text, now() FROM upd, unnest(${recipients}::int[]) AS p
    ), coordinators AS (
      INSERT INTO "Notification" ("personId", "taskId", message, "createdAt")
      SELECT c."personId", upd.id, ${`Request resubmitted after changes: ${card.title}`}::text, now()
      FROM upd, (${coordinatorIdsSql(card.experimentId, change.actorId)}) c
      WHERE ${coordinators}
    )
    SELECT * FROM upd`;
  return rows[0] ?? null;
}

export type CardResult = { task: TaskRow; warnings: string[] };

/**
 * Applies a change, already judged by its command on `card` (from readCard), if the card is still at
 * `expectedVersion`. Under the lock the card is read again: an unchanged version means an unchanged row,
 * so the command's judgement holds and only the WIP counts need a fresh look.
 */
export async function applyCardChange(card: CardRead, change: CardChange, expectedVersion: number | undefined): Promise<CardResult> {
  checkVersion(card, expectedVersion);
  if (!hasHardLimit(card, change)) {
    const warnings = wipWarnings(card, change);
    const task = await write(db, card, change);
    if (task) return { task, warnings };
    throw await staleConflict(card);
  }
  return db.$transaction(async (tx) => {
    await lockColumn(tx, change.to);
    const fresh = await readCard(tx, card.id, Object.keys(card.people).map(Number), [change.to]);
    checkVersion(fresh, card.version);
    const warnings = wipWarnings(fresh, change);
    const task = await write(tx, fresh, change);
    if (!task) throw await staleConflict(fresh);
    return { task, warnings };
  });
}

/** Nothing was written: someone changed the card between the read and the write. */
async function staleConflict(card: CardRead): Promise<DomainError> {
  const [now] = await db.$queryRaw<TaskRow[]>`SELECT * FROM "Task" WHERE id = ${card.id}`;
  if (!now) return notFound("Task");
  try {
    checkVersion(now, card.version);
  } catch (err) {
    return err as DomainError;
  }
  return new DomainError("conflict", "Someone else changed this task at the same moment; the board shows the current state.");
}
