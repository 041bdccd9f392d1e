/**
 * Who hears about a change to a task: the requester and the assignee (old and new when it changes
 * hands), never the person who made the change. Coordinators hear of new and resubmitted requests.
 * Pure; the one rule for both the SQL write of card changes and the TypeScript path of the others.
 */
export type TaskParticipants = { requesterId: number; assigneeId: number | null };

export function recipientsOf(task: TaskParticipants, actorId: number, extra: (number | null | undefined)[] = []): number[] {
  const ids = [task.requesterId, task.assigneeId, ...extra].filter((p): p is number => typeof p === "number" && p !== actorId);
  return [...new Set(ids)];
}

/** Whether the experiment's coordinators are told as well: a request that now waits for them. */
export const coordinatorsConcerned = (event: "created" | "resubmitted" | "other") => event !== "other";
