import "server-only";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, forbidden } from "@/lib/errors";
import type { Actor } from "@/lib/people/policy";
import { db } from "@/lib/db";
import { findTransition, STATUS_LABEL } from "../lifecycle";
import { checkVersion, mustSee, partiesFor } from "./access";
import { applyCardChange, readCard, type CardRead, type CardResult } from "./card-change";

const PARTY_WORDS = { requester: "the requester", coordinator: "the experiment's coordinator", opos: "an OPOS operator", assignee: "the assignee" } as const;

/** One step of the lifecycle, by a person who may make it, with a reason where one is needed. */
export async function transitionTask(actor: Actor, id: number, args: { to: TaskStatus; reason?: string; version?: number; rank?: number }, read?: CardRead): Promise<CardResult> {
  const card = read ?? (await readCard(db, id, [actor.id], [args.to]));
  mustSee(actor, card);
  checkVersion(card, args.version);
  if (card.status === args.to) throw new DomainError("invalid_transition", `It is already ${STATUS_LABEL[card.status].toLowerCase()}.`);
  const tr = findTransition(card.status, args.to);
  if (!tr) throw new DomainError("invalid_transition", `A task cannot go from ${STATUS_LABEL[card.status].toLowerCase()} to ${STATUS_LABEL[args.to].toLowerCase()}.`);
  const parties = partiesFor(actor, card);
  if (!tr.by.some((p) => parties.has(p))) throw forbidden(`Only ${tr.by.map((p) => PARTY_WORDS[p]).join(" or ")} may ${tr.action.replace("_", " ")} this task.`);
  const reason = args.reason?.trim() || null;
  if (tr.reasonRequired && !reason) throw new DomainError("invalid_input", `Give a reason to ${tr.action.replace("_", " ")} this task.`, { field: "reason" });
  // Moving to Assigned needs an assignee: the mover, when nobody is assigned yet; back to Approved unassigns.
  const assigneeId = args.to === "APPROVED" ? null : args.to === "ASSIGNED" && !card.assigneeId ? actor.id : card.assigneeId;
  return applyCardChange(
    card,
    {
      actorId: actor.id,
      to: args.to,
      assigneeId,
      rank: args.rank,
      reason,
      decision: tr.by.includes("coordinator") && ["approve", "reject", "request_changes"].includes(tr.action),
      resubmitted: tr.action === "resubmit",
    },
    args.version,
  );
}
