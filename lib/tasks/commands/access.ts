/** Checks shared by the task commands: who the actor is to a task, whether they may see it, stale versions. */
import type { Prisma } from "@/lib/generated/prisma/client";
import { DomainError, notFound } from "@/lib/errors";
import { can, decide, type Actor } from "@/lib/people/policy";
import { STATUS_LABEL, type TaskParty } from "../lifecycle";

export type TaskRow = Prisma.TaskGetPayload<object>;

/** Who the actor is to this task, for the lifecycle's "by" rules. A removed member is no longer its requester. */
export function partiesFor(actor: Actor, task: Pick<TaskRow, "experimentId" | "requesterId" | "assigneeId">): Set<TaskParty> {
  const parties = new Set<TaskParty>();
  if (task.requesterId === actor.id && can(actor, "task.edit", { experimentId: task.experimentId, ownerId: task.requesterId })) parties.add("requester");
  if (can(actor, "task.decide", { experimentId: task.experimentId })) parties.add("coordinator");
  if (can(actor, "task.assign")) parties.add("opos");
  if (task.assigneeId === actor.id && actor.active) parties.add("assignee");
  return parties;
}

/** A task the actor may not see does not exist for them. People keep sight of their own requests. */
export function mustSee(actor: Actor, task: Pick<TaskRow, "experimentId" | "requesterId">) {
  if (task.requesterId === actor.id && actor.active) return;
  if (!decide(actor, "experiment.view", { experimentId: task.experimentId }).allowed) throw notFound("Task");
}

export function checkVersion(task: Pick<TaskRow, "status" | "version" | "assigneeId">, version: number | undefined) {
  if (version !== undefined && version !== task.version) {
    throw new DomainError(
      "conflict",
      `Someone else changed this task first (it is now "${STATUS_LABEL[task.status]}"). The board shows the current state; try again if still needed.`,
      { current: { status: task.status, version: task.version, assigneeId: task.assigneeId } },
    );
  }
}
