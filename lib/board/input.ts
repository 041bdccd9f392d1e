/** What board requests look like: a move, and a bulk action over several cards. */
import { z } from "zod";
import { intId, version } from "@/lib/http/input";
import { TASK_STATUSES } from "@/lib/tasks/lifecycle";
import { editTaskInput, reason, TASK_PRIORITIES } from "@/lib/tasks/input";
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
      z.strictObject({ kind: z.literal("priority"), priority: z.enum(TASK_PRIORITIES, { message: "Choose a priority: Low, Normal, High or Urgent." }) }),
    ],
    { message: 'action must be {kind: "move", to, reason?}, {kind: "assign", assignee} or {kind: "priority", priority}.' },
  ),
});

/**
 * An in-place change from the card panel: one of its state (with a reason where one is needed), its
 * assignee, its priority or its needed-by date (null clears it), based on the version the panel shows.
 */
const plannedDate = editTaskInput().shape.neededBy;
export const cardEditInput = z
  .strictObject({
    version: z.number({ message: "Changes must say which version of the task they were based on." }).pipe(cardVersion),
    status: z.strictObject({ to, reason: reason.optional() }).optional(),
    assignee: username("assignee").nullable().optional(),
    priority: z.enum(TASK_PRIORITIES, { message: "Choose a priority." }).optional(),
    neededBy: z.union([z.null(), plannedDate]).optional(),
  })
  .refine((b) => [b.status, b.assignee, b.priority, b.neededBy].filter((v) => v !== undefined).length === 1, "Change one thing at a time: status, assignee, priority or needed-by.");

export const undoInput = z.strictObject({ version: z.number({ message: "Say which version of the task your change produced." }).pipe(cardVersion) });
