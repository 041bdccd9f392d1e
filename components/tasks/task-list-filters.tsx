"use client";

import { useEffect, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { STATUS_LABEL, TASK_STATUSES } from "@/lib/tasks/lifecycle";
import { KIND_LABEL, PRIORITY_LABEL, TASK_KINDS, TASK_PRIORITIES } from "@/lib/tasks/input";
import { LIST_GROUPS, defaultDir, defaultSort, statesParam, type TaskListQuery } from "@/lib/tasks/list-query";

type Option = { value: string; label: string };

const GROUP_LABEL: Record<(typeof LIST_GROUPS)[number], string> = { none: "No grouping", state: "State", experiment: "Experiment", assignee: "Assignee" };

/**
 * The Tasks list's filters: a plain GET form (works without JavaScript), applied at once as people
 * type or choose, kept in the URL. Sorting travels in hidden fields; any change goes back to page 1.
 * The menus are uncontrolled (keyed by the URL's value), so a second change made before the page
 * follows the first builds on it instead of reading the old value back.
 */
export function TaskListFilters({ query, experiments, assignees }: { query: TaskListQuery; experiments: Option[]; assignees: Option[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [q, setQ] = useState(query.q ?? "");
  // The box follows the URL when it changes (back, forward, Clear), never on mount: an effect there would wipe what
  // someone typed while the page was coming alive.
  const [urlQ, setUrlQ] = useState(query.q);
  if (query.q !== urlQ) {
    setUrlQ(query.q);
    setQ(query.q ?? "");
  }
  const search = useRef<HTMLInputElement>(null);
  // A search typed just before leaving the list (o opens a task) must not pull the person back to it.
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = () => {
    if (!form.current) return;
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form.current)) if (typeof v === "string" && v.trim()) params.set(k, v.trim());
    const s = params.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };
  const soon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(apply, 300);
  };
  // Typed before the page came alive (a slow machine): keep it and search for it.
  useEffect(() => {
    const typed = search.current?.value ?? "";
    if (typed !== (query.q ?? "")) {
      setQ(typed);
      soon();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);
  const state = query.statuses.length ? statesParam(query.statuses) : "";
  const stateOptions: Option[] = [
    { value: "", label: "Any state" },
    { value: "open", label: "Open" },
    { value: "closed", label: "Finished or stopped" },
    ...TASK_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] })),
  ];
  if (state && !stateOptions.some((o) => o.value === state)) stateOptions.push({ value: state, label: query.statuses.map((s) => STATUS_LABEL[s]).join(", ") }); // in words, not names
  // A value from a shared link that the menu does not offer (e.g. two experiments) is shown as it is.
  const withValue = (value: string, options: Option[]) => (options.some((o) => o.value === value) ? options : [...options, { value, label: value.split(",").join(", ") }]);
  const select = (name: string, label: string, value: string, options: Option[]) => (
    <label className="flex flex-col text-xs font-semibold">
      {label}
      <select key={`${name}-${value}`} name={name} className="field mt-0.5 w-auto text-sm font-normal" defaultValue={value} onChange={apply} data-testid={`filter-${name}`}>
        {withValue(value, options).map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </label>
  );
  return (
    <form ref={form} role="search" aria-label="Filter tasks" className="card flex flex-wrap items-end gap-3" action={pathname} method="get" onSubmit={(e) => { e.preventDefault(); apply(); }}>
      <label className="flex min-w-56 flex-1 flex-col text-xs font-semibold">
        Search
        <input
          type="search"
          name="q"
          ref={search}
          value={q}
          onChange={(e) => { setQ(e.target.value); soon(); }}
          placeholder="Words, a key like NOVA-57, or a dataset"
          className="field mt-0.5 text-sm font-normal"
          data-testid="task-search"
          aria-keyshortcuts="/"
          maxLength={100}
        />
      </label>
      {select("state", "State", state, stateOptions)}
      {select("experiment", "Experiment", query.experiments.join(","), [{ value: "", label: "All experiments" }, ...experiments])}
      {select("assignee", "Assignee", query.assignee ?? "", [{ value: "", label: "Anyone" }, { value: "none", label: "Unassigned" }, ...assignees])}
      {select("priority", "Priority", query.priorities.join(","), [{ value: "", label: "Any priority" }, ...[...TASK_PRIORITIES].reverse().map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))])}
      {select("kind", "Kind", query.kinds.join(","), [{ value: "", label: "Any kind" }, ...TASK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))])}
      {select("group", "Group by", query.group === "none" ? "" : query.group, LIST_GROUPS.map((g) => ({ value: g === "none" ? "" : g, label: GROUP_LABEL[g] })))}
      <fieldset className="flex items-center gap-3 pb-1.5 text-sm">
        <legend className="sr-only">Only</legend>
        <label className="flex items-center gap-1"><input type="checkbox" name="mine" value="1" defaultChecked={query.mine} key={`mine-${query.mine}`} onChange={apply} data-testid="filter-mine" /> Mine</label>
        <label className="flex items-center gap-1"><input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} key={`overdue-${query.overdue}`} onChange={apply} /> Overdue</label>
      </fieldset>
      {query.requester && <input type="hidden" name="requester" value={query.requester} />}
      {query.stale && <input type="hidden" name="stale" value={query.stale} />}
      {query.updatedFrom && <input type="hidden" name="updatedFrom" value={query.updatedFrom} />}
      {query.updatedTo && <input type="hidden" name="updatedTo" value={query.updatedTo} />}
      {query.sort !== defaultSort(query.q) && <input type="hidden" name="sort" value={query.sort} />}
      {query.dir !== defaultDir(query.sort) && <input type="hidden" name="dir" value={query.dir} />}
      {query.pageSize !== 50 && <input type="hidden" name="pageSize" value={query.pageSize} />}
      <noscript><button type="submit" className="btn">Apply</button></noscript>
    </form>
  );
}
