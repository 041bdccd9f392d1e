import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { STATUS_LABEL } from "../lifecycle";
import type { EditTaskInput } from "../input";
import { checkVersion, mustSee, type TaskRow } from "./access";

const EDITABLE: TaskStatus[] = ["REQUESTED", "CHANGES_REQUESTED"];

const comparable = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.join(" ") : (v ?? null));

/** The requester edits their own undecided request (while still a member); the event keeps a field diff. */
export async function editTask(actor: Actor, id: number, input: EditTaskInput, version?: number): Promise<TaskRow> {
  return db.$transaction(async (tx) => {
    // Row lock: concurrent edits of one request queue here instead of interleaving.
    const [task] = await tx.$queryRaw<TaskRow[]>`SELECT * FROM "Task" WHERE id = ${id} FOR UPDATE`;
    if (!task) throw notFound("Task");
    mustSee(actor, task);
    const d = decide(actor, "task.edit", { experimentId: task.experimentId, ownerId: task.requesterId });
    if (!d.allowed) throw forbidden(d.reason);
    if (!EDITABLE.includes(task.status)) throw new DomainError("invalid_transition", `A request can be edited only while it is requested or changes are requested; it is ${STATUS_LABEL[task.status].toLowerCase()}.`);
    checkVersion(task, version);
    const next: Record<string, unknown> = {
      ...input,
      neededBy: input.neededBy === undefined ? undefined : input.neededBy ? new Date(`${input.neededBy}T00:00:00Z`) : null,
      estimatedEvents: input.estimatedEvents == null ? input.estimatedEvents : BigInt(input.estimatedEvents), // null clears it
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) continue;
      const before = comparable(task[k as keyof TaskRow]);
      const after = comparable(v);
      if (JSON.stringify(before) !== JSON.stringify(after)) changes[k] = { from: before, to: after };
    }
    if (!Object.keys(changes).length) return task;
    const n = await tx.task.updateMany({ where: { id, version: task.version }, data: { ...Object.fromEntries(Object.keys(changes).map((k) => [k, next[k]])), version: { increment: 1 } } });
    if (n.count !== 1) throw new DomainError("conflict", "Someone else changed this task at the same moment; reload and try again.");
    await tx.taskEvent.create({ data: { taskId: id, kind: "EDITED", actorId: actor.id, changes: changes as Prisma.InputJsonValue } });
    return tx.task.findUniqueOrThrow({ where: { id } });
  });
}
