import type { TaskStatus } from "@/lib/generated/prisma/enums";

/**
 * Chart colours: mid-tone hues that read on white and on the dark theme's slate, with the same
 * meaning as the state badges (blue waits on a decision, amber on the requester, teal approved,
 * indigo and violet being worked, orange held). Legends and tables carry the words.
 */
export const STATE_COLOUR: Partial<Record<TaskStatus, string>> = {
  REQUESTED: "#0ea5e9",
  CHANGES_REQUESTED: "#eab308",
  APPROVED: "#14b8a6",
  ASSIGNED: "#6366f1",
  IN_PROGRESS: "#a855f7",
  ON_HOLD: "#f97316",
};

export const DONE_COLOUR = "#16a34a";

/** Older is worse: green, yellow, orange, red. */
export const AGEING_COLOURS = ["#22c55e", "#eab308", "#f97316", "#ef4444"];
