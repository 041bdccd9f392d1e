/**
 * The undo rule (pure): a person may revert their own last change of a task — a move on the board,
 * an assignment, a reorder or a decision — for 10 seconds (by the server's clock), and only if nobody
 * has changed the task since (its version is the one their change produced). The revert is recorded
 * as its own event (UNDONE) naming the event it reverts; the revert itself cannot be undone.
 */
import type { TaskEventKind, TaskStatus } from "@/lib/generated/prisma/enums";

export const UNDO_WINDOW_MS = 10_000;
const UNDOABLE: readonly TaskEventKind[] = ["TRANSITION", "ASSIGNED", "MOVED"];

export type LastEvent = {
  id: number;
  kind: TaskEventKind;
  actorId: number | null;
  fromStatus: TaskStatus | null;
  toStatus: TaskStatus | null;
  changes: unknown;
  createdAt: Date;
};

export type UndoTask = { status: TaskStatus; version: number; assigneeId: number | null };

/** What the task goes back to: its column, its assignee and (for a reorder or a placed move) its rank. */
export type Revert = { eventId: number; to: TaskStatus; assigneeId: number | null; rank?: number };

export type UndoVerdict = { ok: true; revert: Revert } | { ok: false; code: "conflict" | "invalid_transition"; message: string };

const fromOf = (changes: unknown, field: string): { found: boolean; value: unknown } => {
  const d = changes && typeof changes === "object" ? (changes as Record<string, unknown>)[field] : undefined;
  return d && typeof d === "object" && "from" in d ? { found: true, value: (d as { from: unknown }).from } : { found: false, value: undefined };
};

/**
 * `last`: the task's most recent event that changed it (comments and campaign links do not), or null.
 * `version`: the version the person's change produced, as their browser has it.
 */
export function judgeUndo(args: { actorId: number; task: UndoTask; version: number; last: LastEvent | null; now: Date }): UndoVerdict {
  const { actorId, task, version, last, now } = args;
  if (!last || last.kind === "UNDONE") return { ok: false, code: "invalid_transition", message: last ? "That change was already undone." : "There is no change of yours to undo on this task." };
  if (!UNDOABLE.includes(last.kind)) return { ok: false, code: "invalid_transition", message: "Only a move, an assignment or a decision can be undone; edit the request instead." };
  if (last.actorId !== actorId) return { ok: false, code: "conflict", message: "Someone else changed this task after you, so your change can no longer be undone." };
  if (now.getTime() - last.createdAt.getTime() > UNDO_WINDOW_MS) return { ok: false, code: "conflict", message: "A change can be undone only within 10 seconds; make the change back by hand instead." };
  if (task.version !== version) return { ok: false, code: "conflict", message: "This task changed after your change, so it can no longer be undone." };
  const assignee = fromOf(last.changes, "assigneeId");
  const rank = fromOf(last.changes, "boardRank");
  return {
    ok: true,
    revert: {
      eventId: last.id,
      to: last.fromStatus ?? task.status,
      assigneeId: assignee.found ? (typeof assignee.value === "number" ? assignee.value : null) : task.assigneeId,
      ...(rank.found && typeof rank.value === "number" ? { rank: rank.value } : {}),
    },
  };
}
