import "server-only";
import { db } from "@/lib/db";
import { DomainError, forbidden } from "@/lib/errors";
import { can, type Actor } from "@/lib/people/policy";
import { findTransition } from "../lifecycle";
import { judgeUndo, type LastEvent } from "../undo";
import { mustSee, partiesFor } from "./access";
import { applyCardChange, readCard, type CardResult } from "./card-change";

/**
 * Undo: reverts the person's own last change of a task (a move, an assignment, a reorder or a
 * decision) within 10 seconds by the database's clock, if the task is still at `version` (the one
 * their change produced). Judged by lib/tasks/undo.ts; written by the one card write path, as an
 * UNDONE event naming the event it reverts.
 */
export async function undoLastChange(actor: Actor, id: number, version: number): Promise<CardResult & { undoneEventId: number }> {
  const card = await readCard(db, id, [actor.id]);
  mustSee(actor, card);
  // The last event that changed the task (comments and campaign links leave its version alone).
  const [row] = await db.$queryRaw<(LastEvent & { now: Date })[]>`
    SELECT e.id, e.kind, e."actorId", e."fromStatus", e."toStatus", e.changes, e."createdAt", now() AS now
    FROM "TaskEvent" e WHERE e."taskId" = ${id} AND e.kind NOT IN ('COMMENTED', 'LINKED', 'UNLINKED')
    ORDER BY e.id DESC LIMIT 1`;
  const verdict = judgeUndo({ actorId: actor.id, task: card, version, last: row ?? null, now: row?.now ?? new Date() });
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.message);
  // The person must still be allowed to make the change they are taking back.
  const original = row.fromStatus && row.toStatus && row.fromStatus !== row.toStatus ? findTransition(row.fromStatus, row.toStatus) : undefined;
  const parties = partiesFor(actor, card);
  const allowed = original ? original.by.some((p) => parties.has(p)) : can(actor, "task.assign");
  if (!allowed) throw forbidden("You may no longer make this change, so it cannot be undone.");
  const { revert } = verdict;
  const wasDecision = !!original && original.by.includes("coordinator") && ["approve", "reject", "request_changes"].includes(original.action);
  const result = await applyCardChange(card, { actorId: actor.id, to: revert.to, assigneeId: revert.assigneeId, rank: revert.rank, reason: null, undoes: revert.eventId, clearDecision: wasDecision }, version);
  return { ...result, undoneEventId: revert.eventId };
}
