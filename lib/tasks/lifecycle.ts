/**
 * The task (request-level) state machine. Each allowed move names who may make it and whether
 * a person must explain it. Everything else is forbidden. Pure; lifecycle.test.ts covers every
 * pair of states.
 */
import type { TaskStatus } from "@/lib/generated/prisma/enums";

export const TASK_STATUSES = [
  "REQUESTED",
  "CHANGES_REQUESTED",
  "APPROVED",
  "REJECTED",
  "ASSIGNED",
  "IN_PROGRESS",
  "ON_HOLD",
  "DONE",
  "CANCELLED",
] as const satisfies readonly TaskStatus[];

/** Who, relative to the task, may make a move. */
export type TaskParty = "requester" | "coordinator" | "opos" | "assignee";

export type TaskAction =
  | "approve"
  | "reject"
  | "request_changes"
  | "resubmit"
  | "withdraw"
  | "assign"
  | "unassign"
  | "start"
  | "stop"
  | "complete"
  | "hold"
  | "resume"
  | "cancel";

export type TaskTransition = {
  action: TaskAction;
  from: TaskStatus;
  to: TaskStatus;
  by: readonly TaskParty[];
  reasonRequired: boolean;
};

const t = (action: TaskAction, from: TaskStatus, to: TaskStatus, by: TaskParty[], reasonRequired = false): TaskTransition => ({
  action,
  from,
  to,
  by,
  reasonRequired,
});

const WORKING: TaskStatus[] = ["APPROVED", "ASSIGNED", "IN_PROGRESS"];

export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  t("approve", "REQUESTED", "APPROVED", ["coordinator"]),
  t("reject", "REQUESTED", "REJECTED", ["coordinator"], true),
  t("request_changes", "REQUESTED", "CHANGES_REQUESTED", ["coordinator"], true),
  t("resubmit", "CHANGES_REQUESTED", "REQUESTED", ["requester"]),
  t("withdraw", "REQUESTED", "CANCELLED", ["requester"], true),
  t("withdraw", "CHANGES_REQUESTED", "CANCELLED", ["requester"], true),
  t("assign", "APPROVED", "ASSIGNED", ["opos"]),
  t("unassign", "ASSIGNED", "APPROVED", ["opos"]),
  t("start", "ASSIGNED", "IN_PROGRESS", ["opos", "assignee"]),
  t("stop", "IN_PROGRESS", "ASSIGNED", ["opos", "assignee"]),
  t("complete", "IN_PROGRESS", "DONE", ["opos", "assignee"]),
  ...WORKING.map((from) => t("hold", from, "ON_HOLD", ["opos", "coordinator"], true)),
  ...WORKING.map((to) => t("resume", "ON_HOLD", to, ["opos", "coordinator"])),
  ...[...WORKING, "ON_HOLD" as TaskStatus].map((from) => t("cancel", from, "CANCELLED", ["opos", "coordinator"], true)),
];

export function findTransition(from: TaskStatus, to: TaskStatus): TaskTransition | undefined {
  return TASK_TRANSITIONS.find((tr) => tr.from === from && tr.to === to);
}

export function transitionsFrom(from: TaskStatus): TaskTransition[] {
  return TASK_TRANSITIONS.filter((tr) => tr.from === from);
}

export const OPEN_STATUSES: readonly TaskStatus[] = ["REQUESTED", "CHANGES_REQUESTED", "APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

export const STATUS_LABEL: Record<TaskStatus, string> = {
  REQUESTED: "Requested",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  ASSIGNED: "Assigned",
  IN_PROGRESS: "In progress",
  ON_HOLD: "On hold",
  DONE: "Done",
  CANCELLED: "Cancelled",
};
