import type { JobStatus, ServiceStatus, SubmissionStatus, TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { jobOutcome, SUBMISSION_STATUS_LABEL, SUBMISSION_TONE, type Tone } from "@/lib/submissions/labels";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { PRIORITY_LABEL } from "@/lib/tasks/input";

/** Every badge's shape; its tone adds the colours. */
export const BADGE = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset";

/** Colour has meaning: blue waits on a decision, violet is being worked, green is finished, red stopped. */
const TASK_TONE: Record<TaskStatus, string> = {
  REQUESTED: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  CHANGES_REQUESTED: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  APPROVED: "bg-teal-50 text-teal-800 ring-teal-300 dark:bg-teal-950 dark:text-teal-200 dark:ring-teal-800",
  REJECTED: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  ASSIGNED: "bg-indigo-50 text-indigo-800 ring-indigo-300 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-800",
  IN_PROGRESS: "bg-violet-50 text-violet-800 ring-violet-300 dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-800",
  ON_HOLD: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  DONE: "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800",
  CANCELLED: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return <span className={`${BADGE} ${TASK_TONE[status]}`}>{STATUS_LABEL[status]}</span>;
}

const PRIORITY_TONE: Record<TaskPriority, string> = {
  LOW: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
  NORMAL: "bg-blue-50 text-blue-800 ring-blue-300 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800",
  HIGH: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  URGENT: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
};

export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  return <span className={`${BADGE} ${PRIORITY_TONE[priority]}`}>{PRIORITY_LABEL[priority]}</span>;
}

export const SERVICE_LABEL: Record<ServiceStatus, string> = { GOOD: "Good", DEGRADED: "Degraded", BAD: "Bad", UNKNOWN: "Unknown" };
const SERVICE_TONE: Record<ServiceStatus, string> = {
  GOOD: "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800",
  DEGRADED: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  BAD: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  UNKNOWN: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
};
export const SERVICE_BAR: Record<ServiceStatus, string> = { GOOD: "bg-green-600", DEGRADED: "bg-amber-500", BAD: "bg-red-600", UNKNOWN: "bg-slate-400" };

export function ServiceStatusBadge({ status }: { status: ServiceStatus }) {
  const icon = { GOOD: "●", DEGRADED: "◐", BAD: "✕", UNKNOWN: "?" }[status];
  return (
    <span className={`${BADGE} ${SERVICE_TONE[status]}`}>
      <span aria-hidden="true">{icon}</span>
      {SERVICE_LABEL[status]}
    </span>
  );
}

/** The tones of lib/submissions/labels.ts: waiting blue, working violet, held orange, done green, failed red, ended grey. */
const RUN_TONE: Record<Tone, string> = {
  waiting: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  working: "bg-violet-50 text-violet-800 ring-violet-300 dark:bg-violet-950 dark:text-violet-200 dark:ring-violet-800",
  held: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  done: "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800",
  failed: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  ended: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
};
/** A shape beside the colour, so the state does not rest on colour alone. */
const RUN_ICON: Record<Tone, string> = { waiting: "○", working: "▶", held: "‖", done: "✓", failed: "✕", ended: "■" };

export function ToneBadge({ tone, label, count }: { tone: Tone; label: string; count?: number }) {
  return (
    <span className={`${BADGE} ${RUN_TONE[tone]}`}>
      <span aria-hidden="true">{RUN_ICON[tone]}</span>
      {label}
      {count !== undefined && <span className="tabular-nums">{count.toLocaleString("en")}</span>}
    </span>
  );
}

export function SubmissionStatusBadge({ status, count }: { status: SubmissionStatus; count?: number }) {
  return <ToneBadge tone={SUBMISSION_TONE[status]} label={SUBMISSION_STATUS_LABEL[status]} count={count} />;
}

export function JobStatusBadge({ status, exitCode = null }: { status: JobStatus; exitCode?: number | null }) {
  const o = jobOutcome(status, exitCode);
  return <ToneBadge tone={o.tone} label={o.label} />;
}
