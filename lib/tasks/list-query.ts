/**
 * The Tasks list's URL: filters (the board's, plus state, mine, requester, staleness and an updated
 * window), sort, direction, grouping and page. Pure: parsed from and written back to the query
 * string, unknown values dropped rather than refused, so any shared link opens something sensible.
 */
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { cleanText, oneOf } from "@/lib/http/input";
import { parseFilters, type TaskFilters } from "@/lib/board/filters";
import { OPEN_STATUSES, TASK_STATUSES } from "./lifecycle";

export const LIST_SORTS = ["relevance", "key", "title", "state", "priority", "experiment", "assignee", "neededBy", "created", "updated"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const LIST_GROUPS = ["none", "state", "experiment", "assignee"] as const;
export type ListGroup = (typeof LIST_GROUPS)[number];
/** Any page size up to 200 (the API's clients choose; the page offers 25, 50, 100 and 200). */
export const MAX_PAGE_SIZE = 200;
export const CLOSED_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

export type TaskListFilters = Omit<TaskFilters, "lane"> & {
  statuses: TaskStatus[];
  mine: boolean;
  requester?: string;
  stale?: number;
  updatedFrom?: string;
  updatedTo?: string;
};

export type TaskListQuery = TaskListFilters & { sort: ListSort; dir: "asc" | "desc"; group: ListGroup; page: number; pageSize: number };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

const one = (params: Params, k: string) => {
  const v = params instanceof URLSearchParams ? params.get(k) : params[k];
  return cleanText(Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
};

/** `state=open`, `state=closed` or a list of states. */
export function parseStates(text: string): TaskStatus[] {
  const out = new Set<TaskStatus>();
  for (const part of text.split(",").map((s) => s.trim())) {
    if (part.toLowerCase() === "open") OPEN_STATUSES.forEach((s) => out.add(s));
    else if (part.toLowerCase() === "closed") CLOSED_STATUSES.forEach((s) => out.add(s));
    else if ((TASK_STATUSES as readonly string[]).includes(part.toUpperCase())) out.add(part.toUpperCase() as TaskStatus);
  }
  return TASK_STATUSES.filter((s) => out.has(s));
}

// Years 0001-9999: PostgreSQL has no year 0, which JavaScript accepts.
const isoDate = (text: string) => (/^(?!0000)\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text) ? text : undefined);

/** The default sort: best match first when searching, most recently changed otherwise. */
export const defaultSort = (q?: string): ListSort => (q ? "relevance" : "updated");
export const defaultDir = (sort: ListSort) => (sort === "updated" || sort === "created" || sort === "relevance" || sort === "priority" ? "desc" : "asc");

export function parseTaskListQuery(params: Params): TaskListQuery {
  const { lane: _lane, ...filters } = parseFilters(params);
  void _lane;
  const requester = one(params, "requester");
  const stale = one(params, "stale");
  let sort = oneOf(LIST_SORTS, one(params, "sort"), defaultSort(filters.q));
  if (sort === "relevance" && !filters.q) sort = "updated";
  const dir = oneOf(["asc", "desc"] as const, one(params, "dir"), defaultDir(sort));
  const page = /^[1-9]\d{0,5}$/.test(one(params, "page")) ? Number(one(params, "page")) : 1;
  const size = /^[1-9]\d{0,2}$/.test(one(params, "pageSize")) ? Number(one(params, "pageSize")) : 50;
  return {
    ...filters,
    statuses: parseStates(one(params, "state")),
    mine: one(params, "mine") === "1",
    requester: /^[a-z0-9._-]{1,50}$/.test(requester) ? requester : undefined,
    stale: /^\d{1,4}$/.test(stale) && Number(stale) > 0 ? Number(stale) : undefined,
    updatedFrom: isoDate(one(params, "updatedFrom")),
    updatedTo: isoDate(one(params, "updatedTo")),
    sort,
    dir,
    group: oneOf(LIST_GROUPS, one(params, "group"), "none"),
    page,
    pageSize: size <= MAX_PAGE_SIZE ? size : 50,
  };
}

/**
 * The list's URL for a query, leaving out defaults; `change` overrides fields first. Commas stay
 * readable (`state=ASSIGNED,IN_PROGRESS`); the order is fixed, so equal queries give equal links.
 */
export function taskListHref(query: TaskListQuery, change: Partial<TaskListQuery> = {}): string {
  const q = { ...query, ...change };
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.mine) p.set("mine", "1");
  if (q.requester) p.set("requester", q.requester);
  if (q.assignee) p.set("assignee", q.assignee);
  if (q.experiments.length) p.set("experiment", q.experiments.join(","));
  if (q.statuses.length) p.set("state", statesParam(q.statuses));
  if (q.priorities.length) p.set("priority", q.priorities.join(","));
  if (q.kinds.length) p.set("kind", q.kinds.join(","));
  if (q.overdue) p.set("overdue", "1");
  if (q.stale) p.set("stale", String(q.stale));
  if (q.updatedFrom) p.set("updatedFrom", q.updatedFrom);
  if (q.updatedTo) p.set("updatedTo", q.updatedTo);
  if (q.sort !== defaultSort(q.q)) p.set("sort", q.sort);
  if (q.dir !== defaultDir(q.sort)) p.set("dir", q.dir);
  if (q.group !== "none") p.set("group", q.group);
  if (q.pageSize !== 50) p.set("pageSize", String(q.pageSize));
  if (q.page > 1) p.set("page", String(q.page));
  const s = p.toString().replace(/%2C/g, ",");
  return s ? `/tasks?${s}` : "/tasks";
}

/** The whole list, unfiltered, in its default order: the base that links change. */
export const ALL_TASKS: TaskListQuery = Object.freeze(parseTaskListQuery(new URLSearchParams())) as TaskListQuery;

/** States as the shortest parameter: `open`, `closed` or the list. */
export function statesParam(statuses: readonly TaskStatus[]): string {
  const has = (set: readonly TaskStatus[]) => set.length === statuses.length && set.every((s) => statuses.includes(s));
  if (has(OPEN_STATUSES)) return "open";
  if (has(CLOSED_STATUSES)) return "closed";
  return statuses.join(",");
}

/** How many filters narrow the list (for "Clear filters" and the empty state). */
export const activeFilterCount = (q: TaskListFilters) =>
  [q.q, q.statuses.length, q.mine, q.experiments.length, q.assignee, q.requester, q.priorities.length, q.kinds.length, q.overdue, q.stale, q.updatedFrom, q.updatedTo].filter(Boolean).length;
