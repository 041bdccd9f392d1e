import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { doneShownOf, filtersToQuery, parseFilters, LANES } from "@/lib/board/filters";
import { boardSnapshot } from "@/lib/board/snapshot";
import { BOARD_COLUMNS } from "@/lib/board/columns";
import { KIND_OPTIONS, PRIORITY_OPTIONS } from "@/lib/tasks/form-options";
import { Board } from "@/components/board/board";
import { WipLimitForm } from "@/components/board/wip-limit-form";
import { SavedViews } from "@/components/board/saved-views";
import { listViews } from "@/lib/board/views";

export const metadata = { title: "Board" };

function FilterSelect({ id, name, label, value, options }: { id: string; name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label className="label" htmlFor={id}>{label}</label>
      <select id={id} name={name} className="field" defaultValue={value}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const params = await searchParams;
  const filters = parseFilters(params);
  const query = filtersToQuery(filters);
  const [snapshot, views] = await Promise.all([boardSnapshot(person, filters, { doneShown: doneShownOf(params) }), listViews(person.id)]);
  const operators = snapshot.operatorIds.map((id) => snapshot.people[String(id)]);
  const canMove = can(person, "task.assign");
  const configure = can(person, "board.configure");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">OPOS board</h1>
        {!canMove && <p className="muted text-sm">Read-only: only OPOS operators move cards.</p>}
      </div>
      <form method="get" className="card flex flex-wrap items-end gap-3" aria-label="Filters">
        <FilterSelect id="f-experiment" name="experiment" label="Experiment" value={filters.experiments[0] ?? ""} options={[{ value: "", label: "All" }, ...person.experiments.map((e) => ({ value: e.name, label: e.displayName }))]} />
        <FilterSelect id="f-assignee" name="assignee" label="Assignee" value={filters.assignee ?? ""} options={[{ value: "", label: "Anyone" }, { value: "none", label: "No assignee" }, ...operators.map((o) => ({ value: o.username, label: o.name }))]} />
        <FilterSelect id="f-priority" name="priority" label="Priority" value={filters.priorities[0] ?? ""} options={[{ value: "", label: "Any" }, ...PRIORITY_OPTIONS]} />
        <FilterSelect id="f-kind" name="kind" label="Kind" value={filters.kinds[0] ?? ""} options={[{ value: "", label: "Any" }, ...KIND_OPTIONS]} />
        <div>
          <label className="label" htmlFor="f-q">Text</label>
          <input id="f-q" name="q" className="field" defaultValue={filters.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect id="f-lane" name="lane" label="Swimlanes" value={filters.lane} options={LANES.map((l) => ({ value: l, label: l === "none" ? "None" : `By ${l}` }))} />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue} /> Overdue only
        </label>
        <button className="btn btn-primary">Apply</button>
        {query && <Link href="/board" className="text-sm">Clear filters</Link>}
      </form>
      <SavedViews views={views} query={query} />
      <Board initial={snapshot} query={query} lane={filters.lane} canMove={canMove} />
      {configure && (
        <details className="card">
          <summary className="cursor-pointer font-semibold">WIP limits</summary>
          <ul className="my-2 text-sm">
            {snapshot.limits.map((l, i) => (
              <li key={i}>{BOARD_COLUMNS.find((c) => c.status === l.status)?.title ?? l.status}{l.personId ? ` (${snapshot.people[String(l.personId)]?.name ?? "former operator"})` : ""}: soft {l.softLimit ?? "—"}, hard {l.hardLimit ?? "—"}</li>
            ))}
          </ul>
          <WipLimitForm operators={operators} />
        </details>
      )}
    </div>
  );
}
