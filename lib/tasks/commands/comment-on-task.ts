import "server-only";
import { db } from "@/lib/db";
import { forbidden, notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { recipientsOf } from "../recipients";
import { mustSee } from "./access";

/** A comment by a member of the task's experiment (or OPOS, or a manager); the requester and assignee are told. */
export async function commentOnTask(actor: Actor, id: number, body: string) {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  const d = decide(actor, "task.comment", { experimentId: task.experimentId });
  if (!d.allowed) throw forbidden(d.reason);
  return db.$transaction(async (tx) => {
    const comment = await tx.taskComment.create({ data: { taskId: id, authorId: actor.id, body } });
    await tx.taskEvent.create({ data: { taskId: id, kind: "COMMENTED", actorId: actor.id, reason: body.slice(0, 200) } });
    const to = recipientsOf(task, actor.id);
    if (to.length) await tx.notification.createMany({ data: to.map((personId) => ({ personId, taskId: id, message: `New comment on "${task.title}"` })) });
    return comment;
  });
}
