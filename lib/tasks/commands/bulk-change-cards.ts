import "server-only";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/people/policy";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { assignTask } from "./assign-task";
import { moveTask } from "./move-task";
import { replanTask } from "./replan-task";
import type { CardResult } from "./card-change";

export type BulkChange = { kind: "move"; to: TaskStatus; reason?: string } | { kind: "assign"; assigneeId: number | null } | { kind: "priority"; priority: TaskPriority };
export type BulkOutcome = { taskId: number } & ({ ok: true; result: CardResult } | { ok: false; code: string; message: string });

/**
 * One bulk action over several cards, each judged on its own (version, lifecycle, WIP limits) in the
 * order given; the answer says for each card whether it changed, and if not, why.
 */
export async function bulkChangeCards(actor: Actor, cards: { taskId: number; version: number }[], change: BulkChange): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const { taskId, version } of cards) {
    try {
      const result =
        change.kind === "move"
          ? await moveTask(actor, taskId, { to: change.to, version, reason: change.reason })
          : change.kind === "assign"
            ? await assignTask(actor, taskId, { assigneeId: change.assigneeId, version })
            : { task: await replanTask(actor, taskId, { priority: change.priority }, version), warnings: [] };
      out.push({ taskId, ok: true, result });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.push({ taskId, ok: false, code: err.code, message: err.message });
    }
  }
  return out;
}
