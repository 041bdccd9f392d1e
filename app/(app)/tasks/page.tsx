import Link from "next/link";
import { taskKey } from "@/lib/tasks/keys";
import { requirePerson } from "@/lib/auth/session";
import { approvalQueue, listTasks } from "@/lib/tasks/queries";
import { renderMarkdown } from "@/lib/tasks/markdown";
import { KIND_LABEL } from "@/lib/tasks/input";
import { OPEN_STATUSES, STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { activeFilterCount, parseTaskListQuery, taskListHref, type TaskListQuery } from "@/lib/tasks/list-query";
import { can } from "@/lib/people/policy";
import { listOperators } from "@/lib/people/directory";
import { PriorityBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";
import { DecisionButtons } from "@/components/tasks/task-actions";
import { TaskListFilters } from "@/components/tasks/task-list-filters";
import { TaskTable, type TaskRow } from "@/components/tasks/task-table";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

export const metadata = { title: "Tasks" };

/** Every task the person may see: search, filters, sort, grouping and paging all in the URL. */
export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const query = parseTaskListQuery(await searchParams);
  const filtered = activeFilterCount(query) > 0;
  // Bulk moves and assignment run the board (OPOS); bulk priority follows "task.plan" (also coordinators).
  const canBulk = can(person, "task.assign");
  const bulkRights = { move: canBulk, plan: canBulk || person.experiments.some((e) => can(person, "task.plan", { experimentId: e.id })) };
  const [list, queue, operators] = await Promise.all([
    listTasks(person, query, { take: query.pageSize, skip: (query.page - 1) * query.pageSize }, query),
    filtered || query.page > 1 ? [] : approvalQueue(person),
    canBulk || query.group === "assignee" ? listOperators() : [],
  ]);
  const canRequest = person.experiments.some((e) => e.role !== null);
  const at = new Date();
  const today = at.toISOString().slice(0, 10);
  const now = at.getTime();
  const rows: TaskRow[] = list.items.map((t) => ({
    id: t.id,
    key: t.key,
    title: t.title,
    status: t.status,
    priority: t.priority,
    experiment: t.experiment.name,
    assignee: t.assignee?.name ?? null,
    requester: t.requester.name,
    neededBy: t.neededBy?.slice(0, 10) ?? null,
    updatedAt: t.updatedAt,
    version: t.version,
    overdue: !!t.neededBy && t.neededBy.slice(0, 10) < today && OPEN_STATUSES.includes(t.status),
    group: query.group === "state" ? t.status : query.group === "experiment" ? t.experiment.name : query.group === "assignee" ? (t.assignee?.username ?? null) : null,
  }));
  const names = new Map<string | null, string>([[null, "Unassigned"], ...operators.map((o) => [o.username, o.name] as const), ...list.items.flatMap((t) => (t.assignee ? [[t.assignee.username, t.assignee.name] as const] : []))]);
  const groupLabel = (key: string | null) => (query.group === "state" ? STATUS_LABEL[key as TaskStatus] : query.group === "experiment" ? (key ?? "").toUpperCase() : (names.get(key) ?? key ?? "Unassigned"));
  const pages = Math.max(1, Math.ceil(list.total / query.pageSize));
  const first = list.total ? (query.page - 1) * query.pageSize + 1 : 0;
  const last = Math.min(list.total, query.page * query.pageSize);
  const exportHref = `/api/v1/tasks/export${taskListHref({ ...query, page: 1 }).slice("/tasks".length)}`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">
          Tasks <span className="muted text-base font-normal" data-testid="task-total">{list.total.toLocaleString("en")} {filtered ? "matching" : "in all"}</span>
        </h1>
        <div className="flex flex-wrap gap-2">
          <a href={exportHref} className="btn no-underline hover:no-underline" data-testid="export-csv" download>
            Export CSV
          </a>
          {canRequest && (
            <Link href="/tasks/new" className="btn btn-primary no-underline hover:no-underline">
              Request a task
            </Link>
          )}
        </div>
      </div>

      {queue.length > 0 && <ApprovalQueue queue={queue} />}

      <TaskListFilters
        query={query}
        experiments={person.experiments.map((e) => ({ value: e.name, label: e.displayName }))}
        assignees={operators.map((o) => ({ value: o.username, label: o.name }))}
      />

      <section aria-labelledby="list-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <h2 id="list-heading" className="muted font-normal" aria-live="polite">
            {list.total ? `Showing ${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${list.total.toLocaleString("en")}` : "No tasks"}
          </h2>
          {filtered && (
            <Link href="/tasks" data-testid="clear-filters">Clear filters</Link>
          )}
        </div>
        {rows.length === 0 ? (
          <EmptyList query={query} filtered={filtered} canRequest={canRequest} />
        ) : (
          <TaskTable rows={rows} query={query} groups={list.groups.map((g) => ({ ...g, label: groupLabel(g.key) }))} bulkRights={bulkRights} assignees={operators.map((o) => ({ value: o.username, label: o.name }))} now={now} />
        )}
        {pages > 1 && <Pagination query={query} pages={pages} />}
      </section>
    </div>
  );
}

function EmptyList({ query, filtered, canRequest }: { query: TaskListQuery; filtered: boolean; canRequest: boolean }) {
  if (query.page > 1) return <p className="card muted">This page is past the end of the list. <Link href={taskListHref(query, { page: 1 })}>Go to the first page</Link>.</p>;
  if (filtered) return <p className="card muted" data-testid="nothing-matches">No task matches these filters. <Link href="/tasks">Clear them</Link> to see every task.</p>;
  return <p className="card muted">There are no tasks yet.{canRequest && <> <Link href="/tasks/new">Request the first one</Link>.</>}</p>;
}

function Pagination({ query, pages }: { query: TaskListQuery; pages: number }) {
  const at = Math.min(query.page, pages);
  const near = [...new Set([1, at - 2, at - 1, at, at + 1, at + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-1 text-sm" data-testid="pagination">
      {at > 1 ? <Link className="btn no-underline hover:no-underline" href={taskListHref(query, { page: at - 1 })} rel="prev">Previous</Link> : <span className="btn opacity-50" aria-disabled="true">Previous</span>}
      {near.map((p, i) => (
        <span key={p} className="flex items-center gap-1">
          {i > 0 && near[i - 1] !== p - 1 && <span aria-hidden="true">…</span>}
          {p === at ? (
            <span className="btn btn-primary" aria-current="page">{p.toLocaleString("en")}</span>
          ) : (
            <Link className="btn no-underline hover:no-underline" href={taskListHref(query, { page: p })} aria-label={`Page ${p}`}>{p.toLocaleString("en")}</Link>
          )}
        </span>
      ))}
      {at < pages ? <Link className="btn no-underline hover:no-underline" href={taskListHref(query, { page: at + 1 })} rel="next">Next</Link> : <span className="btn opacity-50" aria-disabled="true">Next</span>}
    </nav>
  );
}

function ApprovalQueue({ queue }: { queue: Awaited<ReturnType<typeof approvalQueue>> }) {
  return (
    <section aria-labelledby="queue">
      <h2 id="queue" className="mb-2 text-lg font-semibold">
        Waiting for your decision <span className="muted text-sm font-normal">({queue.length}, highest priority and oldest first)</span>
      </h2>
      <ul className="space-y-3">
        {queue.map((t) => (
          <li key={t.id} className="card" data-testid={`queue-${t.id}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{taskKey(t.experiment.name, t.number)}</span>
              <Link href={`/tasks/${t.id}`} className="font-semibold">
                {t.title}
              </Link>
              <PriorityBadge priority={t.priority} />
              <span className="muted text-xs">
                {KIND_LABEL[t.kind]} · by {t.requester.name} · <RelativeTime date={t.createdAt} />
              </span>
            </div>
            <dl className="mt-2 grid gap-x-4 text-sm sm:grid-cols-4">
              <div><dt className="muted inline">Input: </dt><dd className="inline font-mono break-all">{t.inputDataset || "—"}</dd></div>
              <div><dt className="muted inline">Release: </dt><dd className="inline font-mono">{t.softwareVersion || "—"}</dd></div>
              <div><dt className="muted inline">Files: </dt><dd className="inline">{t.estimatedFiles?.toLocaleString("en") ?? "—"}</dd></div>
              <div><dt className="muted inline">Needed by: </dt><dd className="inline">{t.neededBy?.toISOString().slice(0, 10) ?? "—"}</dd></div>
            </dl>
            {t.description && <div className="prose-task mt-2 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(t.description) }} />}
            <DecisionButtons taskId={t.id} version={t.version} />
          </li>
        ))}
      </ul>
    </section>
  );
}
