"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { filtersToQuery, LANES, type TaskFilters } from "@/lib/board/filters";
import { KIND_OPTIONS, PRIORITY_OPTIONS } from "@/lib/tasks/form-options";

type Option = { value: string; label: string };

/** A toggle chip: pressed when the filter includes its value. */
function Chip({ label, pressed, onToggle }: { label: string; pressed: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onToggle}
      className={`rounded-full border px-3 py-0.5 text-sm ${pressed ? "border-blue-700 bg-blue-700 text-white dark:border-blue-400 dark:bg-blue-800" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"}`}
    >
      {pressed && <span aria-hidden="true">✓ </span>}
      {label}
    </button>
  );
}

const toggled = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/**
 * The board's filters as chips and lists that apply at once (the URL changes, so a view can be shared
 * and survives reload); the text applies on Enter or Apply.
 */
export function FilterBar({ filters, experiments, operators }: { filters: TaskFilters; experiments: Option[]; operators: Option[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const text = useRef<HTMLInputElement>(null);
  // The filters as last chosen here: a second change made before the page has followed the first one
  // (a lane, then Apply) builds on it instead of on the filters the page was rendered with.
  const chosen = useRef(filters);
  useEffect(() => {
    chosen.current = filters;
  }, [filters]);
  const apply = (change: Partial<TaskFilters>) => {
    const q = text.current?.value.trim();
    chosen.current = { ...chosen.current, q: q || undefined, ...change };
    const next = filtersToQuery(chosen.current);
    start(() => router.push(`/board${next ? `?${next}` : ""}`, { scroll: false }));
  };
  const f = () => chosen.current;
  const active = filtersToQuery({ ...filters, lane: "none" }) !== "";
  return (
    <form
      aria-label="Filters"
      aria-busy={pending}
      className="card flex flex-wrap items-end gap-x-4 gap-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        apply({});
      }}
    >
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="label">Experiment</legend>
        {experiments.map((e) => (
          <Chip key={e.value} label={e.label} pressed={filters.experiments.includes(e.value)} onToggle={() => apply({ experiments: toggled(f().experiments, e.value) })} />
        ))}
      </fieldset>
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="label">Priority</legend>
        {PRIORITY_OPTIONS.map((p) => (
          <Chip key={p.value} label={p.label} pressed={filters.priorities.includes(p.value)} onToggle={() => apply({ priorities: toggled(f().priorities, p.value) })} />
        ))}
      </fieldset>
      <fieldset className="flex flex-wrap items-center gap-1">
        <legend className="label">Show</legend>
        <Chip label="Overdue only" pressed={filters.overdue} onToggle={() => apply({ overdue: !f().overdue })} />
        <Chip label="Unassigned" pressed={filters.assignee === "none"} onToggle={() => apply({ assignee: f().assignee === "none" ? undefined : "none" })} />
      </fieldset>
      <div>
        <label className="label" htmlFor="f-assignee">Assignee</label>
        <select id="f-assignee" className="field" defaultValue={filters.assignee ?? ""} key={`a-${filters.assignee ?? ""}`} onChange={(e) => apply({ assignee: e.target.value || undefined })}>
          <option value="">Anyone</option>
          <option value="none">No assignee</option>
          {operators.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="f-kind">Kind</label>
        <select id="f-kind" className="field" defaultValue={filters.kinds[0] ?? ""} key={`k-${filters.kinds[0] ?? ""}`} onChange={(e) => apply({ kinds: e.target.value ? [e.target.value as TaskFilters["kinds"][number]] : [] })}>
          <option value="">Any</option>
          {KIND_OPTIONS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
        </select>
      </div>
      <div>
        <label className="label" htmlFor="f-lane">Swimlanes</label>
        <select id="f-lane" className="field" defaultValue={filters.lane} key={`l-${filters.lane}`} onChange={(e) => apply({ lane: e.target.value as TaskFilters["lane"] })}>
          {LANES.map((l) => <option key={l} value={l}>{l === "none" ? "None" : `By ${l}`}</option>)}
        </select>
      </div>
      <div className="flex items-end gap-1">
        <div>
          <label className="label" htmlFor="f-q">Text</label>
          <input id="f-q" ref={text} name="q" className="field" defaultValue={filters.q ?? ""} maxLength={100} key={filters.q ?? ""} />
        </div>
        <button className="btn btn-primary">Apply</button>
      </div>
      {active && <Link href={filters.lane === "none" ? "/board" : `/board?lane=${filters.lane}`} className="text-sm">Clear filters</Link>}
    </form>
  );
}
