import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { filtersToQuery, parseFilters, LANES } from "@/lib/board/filters";
import { boardSnapshot } from "@/lib/tasks/queries";
import { taskJson } from "@/lib/tasks/serialize";
import { KIND_OPTIONS, PRIORITY_OPTIONS } from "@/lib/tasks/form-options";
import { Board, type Snapshot } from "@/components/board/board";
import { WipLimitForm } from "@/components/board/wip-limit-form";
import { SavedViews } from "@/components/board/saved-views";
import { listViews } from "@/lib/board/views";

export const metadata = { title: "Board" };

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const filters = parseFilters(await searchParams);
  const query = filtersToQuery(filters);
  const [rawSnapshot, views] = await Promise.all([boardSnapshot(person, filters), listViews(person.id)]);
  const snapshot = taskJson(rawSnapshot) as unknown as Snapshot;
  const canMove = can(person, "task.assign");
  const configure = can(person, "board.configure");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">OPOS board</h1>
        {!canMove && <p className="muted text-sm">Read-only: only OPOS operators move cards.</p>}
      </div>
      <form method="get" className="card flex flex-wrap items-end gap-3" aria-label="Filters">
        <div>
          <label className="label" htmlFor="f-experiment">Experiment</label>
          <select id="f-experiment" name="experiment" className="field" defaultValue={filters.experiments[0] ?? ""}>
            <option value="">All</option>
            {person.experiments.map((e) => <option key={e.id} value={e.name}>{e.displayName}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-assignee">Assignee</label>
          <select id="f-assignee" name="assignee" className="field" defaultValue={filters.assignee ?? ""}>
            <option value="">Anyone</option>
            <option value="none">No assignee</option>
            {snapshot.operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-priority">Priority</label>
          <select id="f-priority" name="priority" className="field" defaultValue={filters.priorities[0] ?? ""}>
            <option value="">Any</option>
            {PRIORITY_OPTIONS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-kind">Kind</label>
          <select id="f-kind" name="kind" className="field" defaultValue={filters.kinds[0] ?? ""}>
            <option value="">Any</option>
            {KIND_OPTIONS.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="f-q">Text</label>
          <input id="f-q" name="q" className="field" defaultValue={filters.q ?? ""} maxLength={100} />
        </div>
        <div>
          <label className="label" htmlFor="f-lane">Swimlanes</label>
          <select id="f-lane" name="lane" className="field" defaultValue={filters.lane}>
            {LANES.map((l) => <option key={l} value={l}>{l === "none" ? "None" : `By ${l}`}</option>)}
          </select>
        </div>
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
              <li key={i}>{l.status}{l.person ? ` (${l.person.name})` : ""}: soft {l.softLimit ?? "—"}, hard {l.hardLimit ?? "—"}</li>
            ))}
          </ul>
          <WipLimitForm operators={snapshot.operators} />
        </details>
      )}
    </div>
  );
}
