import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { STATUS_LABEL } from "../lifecycle";
import { checkVersion, mustSee, type TaskRow } from "./access";
import type { TaskPriority } from "@/lib/generated/prisma/enums";

const PLANNED = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

export type Replan = { priority?: TaskPriority; neededBy?: string | null };

/**
 * Changing the plan of approved work in place (the card drawer): its priority and needed-by date,
 * by OPOS or the experiment's coordinator (policy "task.plan"). One guarded statement on the
 * version; the event keeps the field diff. Undecided requests are edited by their requester instead.
 */
export async function replanTask(actor: Actor, id: number, plan: Replan, version: number): Promise<TaskRow> {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  const d = decide(actor, "task.plan", { experimentId: task.experimentId });
  if (!d.allowed) throw forbidden(d.reason);
  if (!PLANNED.includes(task.status)) throw new DomainError("invalid_transition", `Priority and needed-by can be changed in place only for approved work; this task is ${STATUS_LABEL[task.status].toLowerCase()}.`);
  checkVersion(task, version);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const data: Prisma.TaskUpdateManyMutationInput = {};
  if (plan.priority !== undefined && plan.priority !== task.priority) {
    changes.priority = { from: task.priority, to: plan.priority };
    data.priority = plan.priority;
  }
  const before = task.neededBy?.toISOString().slice(0, 10) ?? null;
  if (plan.neededBy !== undefined && plan.neededBy !== before) {
    changes.neededBy = { from: before, to: plan.neededBy };
    data.neededBy = plan.neededBy ? new Date(`${plan.neededBy}T00:00:00Z`) : null;
  }
  if (!Object.keys(changes).length) return task;
  return db.$transaction(async (tx) => {
    const n = await tx.task.updateMany({ where: { id, version: task.version }, data: { ...data, version: { increment: 1 } } });
    if (n.count !== 1) throw new DomainError("conflict", "Someone else changed this task at the same moment; the panel shows the current state.");
    await tx.taskEvent.create({ data: { taskId: id, kind: "EDITED", actorId: actor.id, changes: changes as Prisma.InputJsonValue } });
    return tx.task.findUniqueOrThrow({ where: { id } });
  });
}
