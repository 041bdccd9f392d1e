import type { TaskStatus } from "@/lib/generated/prisma/enums";

/** The OPOS board's columns, each one state of the task lifecycle. */
export const BOARD_COLUMNS = [
  { status: "APPROVED", title: "Approved — unassigned" },
  { status: "ASSIGNED", title: "Assigned" },
  { status: "IN_PROGRESS", title: "In progress" },
  { status: "ON_HOLD", title: "On hold" },
  { status: "DONE", title: "Done recently" },
] as const satisfies readonly { status: TaskStatus; title: string }[];

export const BOARD_STATUSES: readonly TaskStatus[] = BOARD_COLUMNS.map((c) => c.status);
export const DONE_RECENT_DAYS = 14;

/** Rank for a card dropped between two neighbours (either may be missing). */
export function rankBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 0;
  if (before === null) return after! - 1;
  if (after === null) return before + 1;
  return (before + after) / 2;
}
