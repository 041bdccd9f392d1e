/**
 * Board and task-list filters, kept in the URL so that a view can be shared and survives reload.
 * Pure: parse from and serialise to URLSearchParams; unknown values are dropped, not errors.
 */
import { TASK_KINDS, TASK_PRIORITIES } from "@/lib/tasks/input";
import { cleanText, oneOf } from "@/lib/http/input";

export const LANES = ["none", "experiment", "priority", "assignee"] as const;
export type Lane = (typeof LANES)[number];

export type TaskFilters = {
  experiments: string[];
  assignee?: string; // username, or "none" for no assignee
  priorities: (typeof TASK_PRIORITIES)[number][];
  kinds: (typeof TASK_KINDS)[number][];
  q?: string;
  overdue: boolean;
  lane: Lane;
};

const list = (v: string | null) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []);

export function parseFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): TaskFilters {
  const raw = (k: string) => {
    if (params instanceof URLSearchParams) return params.get(k);
    const v = params[k];
    return Array.isArray(v) ? v.join(",") : (v ?? null);
  };
  const get = (k: string) => {
    const v = raw(k);
    return v === null ? null : cleanText(v);
  };
  const q = (get("q") ?? "").replace(/\s+/g, " ").trim().slice(0, 100).toWellFormed();
  const assignee = (get("assignee") ?? "").trim();
  return {
    experiments: list(get("experiment")).filter((e) => /^[a-z0-9_-]{1,50}$/.test(e)),
    assignee: /^[a-z0-9._-]{1,50}$/.test(assignee) ? assignee : undefined,
    priorities: list(get("priority")).filter((p): p is TaskFilters["priorities"][number] => (TASK_PRIORITIES as readonly string[]).includes(p)),
    kinds: list(get("kind")).filter((k): k is TaskFilters["kinds"][number] => (TASK_KINDS as readonly string[]).includes(k)),
    q: q || undefined,
    overdue: get("overdue") === "1",
    lane: oneOf(LANES, get("lane"), "none"),
  };
}

/** `?done=N`: how many of the Done column's most recent cards to show; undefined for the default. */
export function doneShownOf(params: URLSearchParams | Record<string, string | string[] | undefined>): number | undefined {
  const raw = params instanceof URLSearchParams ? params.get("done") : params.done;
  const text = cleanText(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

export function filtersToQuery(f: TaskFilters): string {
  const p = new URLSearchParams();
  if (f.experiments.length) p.set("experiment", f.experiments.join(","));
  if (f.assignee) p.set("assignee", f.assignee);
  if (f.priorities.length) p.set("priority", f.priorities.join(","));
  if (f.kinds.length) p.set("kind", f.kinds.join(","));
  if (f.q) p.set("q", f.q);
  if (f.overdue) p.set("overdue", "1");
  if (f.lane !== "none") p.set("lane", f.lane);
  return p.toString();
}
