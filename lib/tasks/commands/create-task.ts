import "server-only";
import { db } from "@/lib/db";
import { DomainError, forbidden } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import type { CreateTaskInput } from "../input";
import { coordinatorsConcerned } from "../recipients";
import type { TaskRow } from "./access";
import { coordinatorIdsSql } from "./coordinators-sql";

/** A person asks for production work in an experiment they belong to; its coordinators are told. */
export async function createTask(actor: Actor, input: CreateTaskInput): Promise<TaskRow & { experiment: { name: string; displayName: string } }> {
  const experiment = await db.experiment.findUnique({ where: { name: input.experiment } });
  if (!experiment || !experiment.active) throw new DomainError("invalid_input", `Unknown experiment "${input.experiment}".`, { field: "experiment" });
  const d = decide(actor, "task.request", { experimentId: experiment.id });
  if (!d.allowed) throw forbidden(d.reason);
  const { experiment: _e, neededBy, estimatedEvents, ...fields } = input;
  return db.$transaction(async (tx) => {
    const task = await tx.task.create({
      data: {
        ...fields,
        estimatedEvents: estimatedEvents === undefined ? undefined : BigInt(estimatedEvents),
        neededBy: neededBy ? new Date(`${neededBy}T00:00:00Z`) : null,
        experimentId: experiment.id,
        requesterId: actor.id,
      },
      include: { experiment: { select: { name: true, displayName: true } } },
    });
    await tx.taskEvent.create({ data: { taskId: task.id, kind: "CREATED", actorId: actor.id, toStatus: "REQUESTED" } });
    // The next request form and the People page start from the experiment last asked for.
    await tx.person.update({ where: { id: actor.id }, data: { currentExperimentId: experiment.id } });
    if (coordinatorsConcerned("created")) {
      await tx.$executeRaw`
        INSERT INTO "Notification" ("personId", "taskId", message, "createdAt")
        SELECT c."personId", ${task.id}, ${`New request for ${experiment.displayName}: ${task.title}`}, now()
        FROM (${coordinatorIdsSql(experiment.id, actor.id)}) c`;
    }
    return task;
  });
}
