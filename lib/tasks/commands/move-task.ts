import "server-only";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, forbidden } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { db } from "@/lib/db";
import { checkVersion } from "./access";
import { applyCardChange, readCard, type CardResult } from "./card-change";
import { transitionTask } from "./transition-task";

export type Move = { to: TaskStatus; rank?: number; version: number; reason?: string };

/** A board move by OPOS: a state change, a reorder within the column, or both. */
export async function moveTask(actor: Actor, id: number, move: Move): Promise<CardResult> {
  const d = decide(actor, "task.assign");
  if (!d.allowed) throw forbidden(d.reason);
  const card = await readCard(db, id, [actor.id], [move.to]);
  // A stale card is refused before choosing what kind of move this is.
  checkVersion(card, move.version);
  if (card.status !== move.to) return transitionTask(actor, id, move, card);
  if (move.rank === undefined) throw new DomainError("invalid_input", "Say where in the column to put the card.", { field: "rank" });
  // A reorder: the same guarded write, with no change of column or assignee.
  return applyCardChange(card, { actorId: actor.id, to: card.status, assigneeId: card.assigneeId, rank: move.rank, reason: null }, move.version);
}
