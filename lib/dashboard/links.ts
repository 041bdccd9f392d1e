/**
 * Where each dashboard figure and row leads: the Tasks list's URL contract (filters in the query
 * string) or a task's own page. Pure; commas stay readable (`state=ASSIGNED,IN_PROGRESS`).
 */
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { ALL_TASKS, defaultDir, parseStates, taskListHref as listHref, type ListSort } from "@/lib/tasks/list-query";

export type TaskListLink = {
  experiment?: readonly string[];
  assignee?: string; // a username, or "none"
  requester?: string;
  mine?: boolean;
  state?: readonly TaskStatus[] | "open" | "closed";
  overdue?: boolean;
  stale?: number;
  updatedFrom?: string;
  updatedTo?: string;
  sort?: Exclude<ListSort, "relevance">;
  dir?: "asc" | "desc";
};

/** A dashboard link as the Tasks list writes it (lib/tasks/list-query.ts), so the two cannot drift apart. */
export function taskListHref(link: TaskListLink): string {
  const sort = link.sort ?? ALL_TASKS.sort;
  return listHref({
    ...ALL_TASKS,
    experiments: [...(link.experiment ?? [])],
    assignee: link.assignee,
    requester: link.requester,
    mine: !!link.mine,
    statuses: typeof link.state === "string" ? parseStates(link.state) : [...(link.state ?? [])],
    overdue: !!link.overdue,
    stale: link.stale,
    updatedFrom: link.updatedFrom,
    updatedTo: link.updatedTo,
    sort,
    dir: link.dir ?? defaultDir(sort),
  });
}

export const taskHref = (key: string) => `/tasks/${encodeURIComponent(key)}`;
