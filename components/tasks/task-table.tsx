"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { PRIORITY_LABEL } from "@/lib/tasks/input";
import { defaultDir, taskListHref, type ListSort, type TaskListQuery } from "@/lib/tasks/list-query";
import type { BulkResult } from "@/lib/board/card";
import { BOARD_STATUSES } from "@/lib/board/columns";
import { PriorityBadge, TaskStatusBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";

export type TaskRow = {
  id: number;
  key: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  experiment: string;
  assignee: string | null;
  requester: string;
  neededBy: string | null;
  updatedAt: string;
  version: number;
  overdue: boolean;
  group: string | null;
};

const COLUMNS: { sort: ListSort; label: string; className?: string }[] = [
  { sort: "key", label: "Key" },
  { sort: "title", label: "Title" },
  { sort: "experiment", label: "Experiment", className: "hidden md:table-cell" },
  { sort: "priority", label: "Priority" },
  { sort: "state", label: "State" },
  { sort: "assignee", label: "Assignee", className: "hidden sm:table-cell" },
  { sort: "neededBy", label: "Needed by", className: "hidden lg:table-cell" },
  { sort: "updated", label: "Updated", className: "hidden sm:table-cell" },
];
const REASON_NEEDED: TaskStatus[] = ["ON_HOLD"];

/**
 * The Tasks list's table: sortable column headers (links, so the order lives in the URL), group
 * headings with each group's whole count, and, for those who run the board, selection with bulk
 * changes that answer per task and keep the refused ones selected.
 */
export function TaskTable({ rows, query, groups, bulkRights, assignees, now }: { now: number; rows: TaskRow[]; query: TaskListQuery; groups: { key: string | null; label: string; count: number }[]; bulkRights: { move: boolean; plan: boolean }; assignees: { value: string; label: string }[] }) {
  const canBulk = bulkRights.move || bulkRights.plan;
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "warn" | "error"; text: string; failures: { key: string; id: number; message: string }[] } | null>(null);
  const [moveTo, setMoveTo] = useState<TaskStatus | "">("");
  const reasonRef = useRef<HTMLInputElement>(null);
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  async function bulk(action: { kind: "move"; to: TaskStatus; reason?: string } | { kind: "assign"; assignee: string | null } | { kind: "priority"; priority: TaskPriority }) {
    const cards = rows.filter((r) => selected.has(r.id));
    setBusy(true);
    try {
      const r = await fetch("/api/v1/board/bulk", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ cards: cards.map((c) => ({ taskId: c.id, version: c.version })), action }) });
      const json = await r.json().catch(() => ({}));
      if (!r.ok) return setMessage({ tone: "error", text: json?.error?.message ?? `Nothing was changed (${r.status}).`, failures: [] });
      const results = json.results as BulkResult[];
      const refused = results.filter((x): x is Extract<BulkResult, { ok: false }> => !x.ok);
      const changed = results.length - refused.length;
      setSelected(new Set(refused.map((x) => x.taskId)));
      const verb =
        action.kind === "move" ? `moved to ${STATUS_LABEL[action.to]}` : action.kind === "priority" ? `set to ${PRIORITY_LABEL[action.priority]} priority` : action.assignee ? "assigned" : "unassigned";
      setMessage({
        tone: refused.length ? (changed ? "warn" : "error") : "ok",
        text: `${changed} of ${cards.length} ${cards.length === 1 ? "task" : "tasks"} ${verb}.${refused.length ? ` ${refused.length} not changed (still selected):` : ""}`,
        failures: refused.map((x) => ({ id: x.taskId, key: cards.find((c) => c.id === x.taskId)?.key ?? String(x.taskId), message: x.message })),
      });
      setMoveTo("");
      router.refresh();
    } catch {
      setMessage({ tone: "error", text: "The server could not be reached: nothing was changed. Check your connection and try again.", failures: [] });
    } finally {
      setBusy(false);
    }
  }

  const sortLink = (sort: ListSort) => taskListHref(query, { sort, dir: query.sort === sort ? (query.dir === "asc" ? "desc" : "asc") : defaultDir(sort), page: 1 });
  const groupCount = new Map(groups.map((g) => [g.key, g]));
  const colSpan = COLUMNS.length + (canBulk ? 1 : 0);

  return (
    <div className="space-y-2">
      {canBulk && (
        <div className="card flex flex-wrap items-center gap-2 py-2 text-sm" role="group" aria-label="Change the selected tasks" data-testid="bulk-bar">
          <span className="font-semibold" aria-live="polite">{selected.size} selected</span>
          {bulkRights.move && (
            <>
          <form
            className="flex flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!moveTo) return;
              const reason = reasonRef.current?.value.trim();
              if (REASON_NEEDED.includes(moveTo) && !reason) return reasonRef.current?.focus();
              void bulk({ kind: "move", to: moveTo, ...(reason ? { reason } : {}) });
            }}
          >
            <label htmlFor="bulk-state" className="sr-only">Move the selected tasks to</label>
            <select id="bulk-state" className="field w-auto" value={moveTo} onChange={(e) => setMoveTo(e.target.value as TaskStatus)} disabled={!selected.size || busy}>
              <option value="">Move to…</option>
              {BOARD_STATUSES.map((s) => (
                <option key={s} value={s}>{STATUS_LABEL[s]}</option>
              ))}
            </select>
            {moveTo && REASON_NEEDED.includes(moveTo) && (
              <>
                <label htmlFor="bulk-reason" className="sr-only">Reason (required)</label>
                <input id="bulk-reason" ref={reasonRef} className="field w-56" placeholder="Reason (required)" required maxLength={2000} />
              </>
            )}
            <button type="submit" className="btn" disabled={!moveTo || !selected.size || busy}>Move</button>
          </form>
          <label htmlFor="bulk-assignee" className="sr-only">Assign the selected tasks to</label>
          <select
            id="bulk-assignee"
            className="field w-auto"
            value="-"
            disabled={!selected.size || busy}
            onChange={(e) => e.target.value !== "-" && void bulk({ kind: "assign", assignee: e.target.value || null })}
          >
            <option value="-">Assign to…</option>
            <option value="">Nobody (unassign)</option>
            {assignees.map((a) => (
              <option key={a.value} value={a.value}>{a.label}</option>
            ))}
          </select>
            </>
          )}
          {bulkRights.plan && (
            <>
              <label htmlFor="bulk-priority" className="sr-only">Set the priority of the selected tasks</label>
              <select id="bulk-priority" className="field w-auto" value="-" disabled={!selected.size || busy} onChange={(e) => e.target.value !== "-" && void bulk({ kind: "priority", priority: e.target.value as TaskPriority })}>
                <option value="-">Priority…</option>
                {(["URGENT", "HIGH", "NORMAL", "LOW"] as const).map((p) => (
                  <option key={p} value={p}>{PRIORITY_LABEL[p]}</option>
                ))}
              </select>
            </>
          )}
          {selected.size > 0 && <button type="button" className="btn" onClick={() => setSelected(new Set())}>Clear selection</button>}
        </div>
      )}
      <div aria-live="polite" role="status">
        {message && (
          <div data-testid="bulk-message" className={`rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : message.tone === "warn" ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200"}`}>
            <p>{message.text}</p>
            {message.failures.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {message.failures.map((f) => (
                  <li key={f.id}><Link href={`/tasks/${f.key}`}>{f.key}</Link>: {f.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <div className="card relative overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-testid="task-table">
          <caption className="sr-only">Tasks, sorted by {COLUMNS.find((c) => c.sort === query.sort)?.label ?? "relevance"} {query.dir === "asc" ? "ascending" : "descending"}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/50">
            <tr>
              {canBulk && (
                <th scope="col" className="w-8 px-3 py-2">
                  <input type="checkbox" aria-label="Select every task on this page" checked={all} onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))} />
                </th>
              )}
              {COLUMNS.map((c) => (
                <th key={c.sort} scope="col" className={`px-3 py-2 ${c.className ?? ""}`} aria-sort={query.sort === c.sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
                  <Link href={sortLink(c.sort)} className="whitespace-nowrap text-slate-900 no-underline hover:underline dark:text-slate-100" scroll={false} data-testid={`sort-${c.sort}`}>
                    {c.label}
                    <span aria-hidden="true" className="ml-1 text-xs">{query.sort === c.sort ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((t, i) => {
              const heading =
                query.group !== "none" && (i === 0 || rows[i - 1].group !== t.group) ? (
                  <tr key={`g-${t.group}`} className="bg-slate-100 dark:bg-slate-800">
                    <th scope="colgroup" colSpan={colSpan} className="px-3 py-1.5 text-left font-semibold" data-testid="group-heading">
                      {groupCount.get(t.group)?.label ?? t.group ?? "—"} <span className="muted font-normal">({groupCount.get(t.group)?.count ?? 0})</span>
                    </th>
                  </tr>
                ) : null;
              return [
                heading,
                <tr key={t.id} className={`border-b border-slate-100 last:border-0 dark:border-slate-800 ${selected.has(t.id) ? "bg-sky-50 dark:bg-sky-950/40" : ""}`} data-testid={`task-row-${t.key}`} data-task-row>
                  {canBulk && (
                    <td className="px-3 py-2">
                      <input type="checkbox" aria-label={`Select ${t.key}`} checked={selected.has(t.id)} onChange={() => toggle(t.id)} data-select />
                    </td>
                  )}
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{t.key}</td>
                  <td className="min-w-48 px-3 py-2 [overflow-wrap:anywhere]"><Link href={`/tasks/${t.key}`} data-row-link>{t.title}</Link></td>
                  <td className="hidden px-3 py-2 font-mono text-xs md:table-cell">{t.experiment}</td>
                  <td className="px-3 py-2"><PriorityBadge priority={t.priority} /></td>
                  <td className="px-3 py-2 whitespace-nowrap"><TaskStatusBadge status={t.status} /></td>
                  <td className="hidden px-3 py-2 sm:table-cell">{t.assignee ?? <span className="muted">Unassigned</span>}</td>
                  <td className={`hidden px-3 py-2 whitespace-nowrap lg:table-cell ${t.overdue ? "font-semibold text-red-700 dark:text-red-300" : ""}`}>
                    {t.neededBy ?? "—"}
                    {t.overdue && <span className="sr-only"> (overdue)</span>}
                  </td>
                  <td className="muted hidden px-3 py-2 whitespace-nowrap sm:table-cell"><RelativeTime date={new Date(t.updatedAt)} now={new Date(now)} /></td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
