import { requirePerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { doneShownOf, filtersToQuery, parseFilters } from "@/lib/board/filters";
import { boardSnapshot } from "@/lib/board/snapshot";
import { BOARD_COLUMNS } from "@/lib/board/columns";
import { Board } from "@/components/board/board";
import { WipLimitForm } from "@/components/board/wip-limit-form";
import { SavedViews } from "@/components/board/saved-views";
import { FilterBar } from "@/components/board/filter-bar";
import { listViews } from "@/lib/board/views";

export const metadata = { title: "Board" };

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
      <FilterBar
        filters={filters}
        experiments={person.experiments.map((e) => ({ value: e.name, label: e.displayName }))}
        operators={operators.map((o) => ({ value: o.username, label: o.name }))}
      />
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
