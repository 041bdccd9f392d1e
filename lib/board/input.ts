/** What board requests look like: a move, and a bulk action over several cards. */
import { z } from "zod";
import { intId, version } from "@/lib/http/input";
import { TASK_STATUSES } from "@/lib/tasks/lifecycle";
import { reason } from "@/lib/tasks/input";
import { username } from "@/lib/people/input";

const to = z.enum(TASK_STATUSES, { message: "Unknown board column." });
const cardVersion = version().describe("the card version the change was based on");

export const moveInput = z.strictObject({
  taskId: intId("taskId"),
  to,
  rank: z.number({ message: "rank must be a number." }).finite("rank must be a finite number.").min(-1e12).max(1e12).optional(),
  version: z.number({ message: "Moves must say which version of the card they were based on." }).pipe(cardVersion),
  reason: reason.optional(),
});

export const MAX_BULK = 200;

export const bulkInput = z.strictObject({
  cards: z
    .array(z.strictObject({ taskId: intId("taskId"), version: cardVersion }), { message: "cards must be a list of {taskId, version}." })
    .min(1, "Select at least one card.")
    .max(MAX_BULK, `At most ${MAX_BULK} cards at once.`)
    .refine((cs) => new Set(cs.map((c) => c.taskId)).size === cs.length, "Each card may appear once."),
  action: z.discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("move"), to, reason: reason.optional() }),
      z.strictObject({ kind: z.literal("assign"), assignee: username("assignee").nullable() }),
    ],
    { message: 'action must be {kind: "move", to, reason?} or {kind: "assign", assignee}.' },
  ),
});
