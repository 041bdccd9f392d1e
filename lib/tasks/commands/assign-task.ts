import "server-only";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, forbidden } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { db } from "@/lib/db";
import { STATUS_LABEL } from "../lifecycle";
import { checkVersion } from "./access";
import { applyCardChange, readCard, type CardResult } from "./card-change";

const ASSIGNABLE: TaskStatus[] = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

/** Where a card goes when it changes hands: approved work becomes assigned; unassigning returns it to approved. */
function columnAfterAssign(status: TaskStatus, assigneeId: number | null): TaskStatus {
  if (assigneeId === null) return status === "ON_HOLD" ? "ON_HOLD" : "APPROVED";
  return status === "APPROVED" ? "ASSIGNED" : status;
}

/** Assign, reassign or unassign approved work to an active OPOS operator. */
export async function assignTask(actor: Actor, id: number, args: { assigneeId: number | null; version?: number }): Promise<CardResult> {
  const d = decide(actor, "task.assign");
  if (!d.allowed) throw forbidden(d.reason);
  const card = await readCard(db, id, [actor.id, ...(args.assigneeId ? [args.assigneeId] : [])]);
  if (args.assigneeId !== null) {
    const operator = card.people[String(args.assigneeId)];
    if (!operator || !operator.active || !operator.opos) throw new DomainError("invalid_input", "Work can be assigned only to an active OPOS operator.", { field: "assignee" });
  }
  checkVersion(card, args.version);
  if (!ASSIGNABLE.includes(card.status)) throw new DomainError("invalid_transition", `Only approved work can be assigned; this task is ${STATUS_LABEL[card.status].toLowerCase()}.`);
  if (args.assigneeId === card.assigneeId) {
    const { limits: _limits, people: _people, ...task } = card;
    return { task, warnings: [] };
  }
  return applyCardChange(card, { actorId: actor.id, to: columnAfterAssign(card.status, args.assigneeId), assigneeId: args.assigneeId, reason: null }, args.version);
}
