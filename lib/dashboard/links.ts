/**
 * Where each dashboard figure and row leads: the Tasks list's URL contract (filters in the query
 * string) or a task's own page. Pure; commas stay readable (`state=ASSIGNED,IN_PROGRESS`).
 */
import type { TaskStatus } from "@/lib/generated/prisma/enums";

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
  sort?: "key" | "title" | "state" | "priority" | "experiment" | "assignee" | "neededBy" | "created" | "updated";
  dir?: "asc" | "desc";
};

const ORDER: (keyof TaskListLink)[] = ["mine", "requester", "assignee", "experiment", "state", "overdue", "stale", "updatedFrom", "updatedTo", "sort", "dir"];

export function taskListHref(link: TaskListLink): string {
  const parts: string[] = [];
  for (const key of ORDER) {
    const v = link[key];
    if (v === undefined || v === false || (Array.isArray(v) && v.length === 0)) continue;
    const text = v === true ? "1" : Array.isArray(v) ? v.map((x: string) => encodeURIComponent(x)).join(",") : encodeURIComponent(String(v));
    parts.push(`${key}=${text}`);
  }
  return parts.length ? `/tasks?${parts.join("&")}` : "/tasks";
}

export const taskHref = (key: string) => `/tasks/${encodeURIComponent(key)}`;
