"use client";

import { useMemo, useState } from "react";
import useSWR from "swr";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { BOARD_COLUMNS, rankBetween } from "@/lib/board/columns";
import type { Lane } from "@/lib/board/filters";
import { experimentOfKey } from "@/lib/tasks/keys";
import { applyPatch, type BoardCard as BoardCardData, type BoardLimit, type BoardPerson, type BoardSnapshot, type BulkResult, type CardPatch } from "@/lib/board/card";
import { PriorityBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";
import { TaskDrawer } from "./task-drawer";

type Card = BoardCardData;

const fetcher = async (url: string) => {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`The board could not be refreshed (${r.status}).`);
  return (await r.json()) as BoardSnapshot;
};
const cardKey = (id: number) => `task-${id}`;
const columnKey = (lane: string, status: string) => `col|${lane}|${status}`;
const REASON_NEEDED: TaskStatus[] = ["ON_HOLD"];
const PRIORITY_ORDER: TaskPriority[] = ["URGENT", "HIGH", "NORMAL", "LOW"];

function laneOf(card: Card, lane: Lane, snap: BoardSnapshot): string {
  if (lane === "experiment") return snap.experiments[experimentOfKey(card.key)] ?? experimentOfKey(card.key);
  if (lane === "priority") return card.priority;
  if (lane === "assignee") return (card.assigneeId != null && snap.people[String(card.assigneeId)]?.name) || "Unassigned";
  return "all";
}

function median(xs: number[]) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function Board({ initial, query, lane, canMove }: { initial: BoardSnapshot; query: string; lane: Lane; canMove: boolean }) {
  const [doneShown, setDoneShown] = useState(initial.doneShown);
  const key = `/api/v1/board?${[query, doneShown !== initial.doneShown ? `done=${doneShown}` : ""].filter(Boolean).join("&")}`;
  const { data, mutate } = useSWR(key, fetcher, { fallbackData: initial, keepPreviousData: true, refreshInterval: 3000, revalidateOnFocus: true });
  const [message, setMessage] = useState<{ tone: "error" | "warn" | "ok"; text: string } | null>(null);
  const [askReason, setAskReason] = useState<{ card: Card; to: TaskStatus; rank: number } | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [drawer, setDrawer] = useState<number | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const now = useNow();
  const operators = data.operatorIds.map((id) => data.people[String(id)]).filter(Boolean);

  const byColumn = useMemo(() => {
    const m = new Map<TaskStatus, Card[]>();
    for (const c of BOARD_COLUMNS) m.set(c.status, []);
    for (const card of data.cards) m.get(card.status)?.push(card);
    for (const list of m.values()) list.sort((a, b) => a.boardRank - b.boardRank || a.id - b.id);
    return m;
  }, [data.cards]);

  const lanes = useMemo(() => {
    if (lane === "none") return ["all"];
    const keys = [...new Set(data.cards.map((c) => laneOf(c, lane, data)))];
    return lane === "priority" ? PRIORITY_ORDER.filter((p) => keys.includes(p)) : keys.sort();
  }, [data, lane]);

  /** Applies the server's answer to the cards we have: no refetch of the whole board. */
  const applyPatches = (patches: CardPatch[]) =>
    mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => { const p = patches.find((x) => x.id === c.id); return p ? applyPatch(c, p) : c; }) } : cur), { revalidate: false });

  async function post<T>(url: string, body: unknown): Promise<{ ok: true; json: T } | { ok: false; message: string }> {
    try {
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = await r.json().catch(() => ({}));
      if (r.ok) return { ok: true, json: json as T };
      return { ok: false, message: json?.error?.message ?? `The change was refused (${r.status}).` };
    } catch {
      return { ok: false, message: "The server could not be reached: nothing was changed. Check your connection and try again." };
    }
  }

  async function change(card: Card, url: string, body: unknown, optimistic: Partial<Card>, success: string) {
    // Show the change at once; the server's answer replaces it, or puts the card back with the reason.
    await mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => (c.id === card.id ? { ...c, ...optimistic } : c)) } : cur), { revalidate: false });
    const r = await post<{ card: CardPatch; warnings: string[] }>(url, body);
    if (r.ok) {
      await applyPatches([r.json.card]);
      setMessage(r.json.warnings?.length ? { tone: "warn", text: r.json.warnings.join(" ") } : { tone: "ok", text: success });
    } else {
      await mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => (c.id === card.id ? card : c)) } : cur), { revalidate: false });
      setMessage({ tone: "error", text: `"${card.title}" was put back: ${r.message}` });
      void mutate();
    }
  }

  async function move(card: Card, to: TaskStatus, rank: number, reason?: string) {
    if (REASON_NEEDED.includes(to) && card.status !== to && !reason) {
      setAskReason({ card, to, rank });
      return;
    }
    const column = BOARD_COLUMNS.find((c) => c.status === to)!.title;
    await change(card, "/api/v1/board/moves", { taskId: card.id, to, rank, version: card.version, reason }, { status: to, boardRank: rank }, card.status === to ? `Reordered "${card.title}".` : `Moved "${card.title}" to ${column}.`);
  }

  function assign(card: Card, username: string) {
    const person = operators.find((o) => o.username === username);
    void change(card, `/api/v1/tasks/${card.id}/assign`, { assignee: username || null, version: card.version }, { assigneeId: person?.id ?? null }, person ? `Assigned "${card.title}" to ${person.name}.` : `Unassigned "${card.title}".`);
  }

  function onDragEnd(e: DragEndEvent) {
    const card = data.cards.find((c) => cardKey(c.id) === e.active.id);
    if (!card || !e.over) return;
    const overId = String(e.over.id);
    const overCard = data.cards.find((c) => cardKey(c.id) === overId);
    const to = overCard ? overCard.status : (overId.split("|")[2] as TaskStatus);
    const list = (byColumn.get(to) ?? []).filter((c) => c.id !== card.id);
    let index = overCard ? list.findIndex((c) => c.id === overCard.id) : list.length;
    // Dropping on a card below in the same column puts it after that card.
    if (overCard && card.status === to && card.boardRank < overCard.boardRank) index += 1;
    if (card.status === to && overCard?.id === card.id) return;
    const rank = rankBetween(list[index - 1]?.boardRank ?? null, list[index]?.boardRank ?? null);
    void move(card, to, rank);
  }

  const title = (id: string | number) => data.cards.find((c) => cardKey(c.id) === id)?.title ?? "card";
  const columnTitle = (id: string | number | undefined) => {
    const s = String(id ?? "");
    const card = data.cards.find((c) => cardKey(c.id) === s);
    const status = card ? card.status : s.split("|")[2];
    return BOARD_COLUMNS.find((c) => c.status === status)?.title ?? "no column";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${title(active.id)}. Use the arrow keys to move it between columns and within a column; space to drop, escape to cancel.`,
    onDragOver: ({ active, over }) => `${title(active.id)} is over ${columnTitle(over?.id)}.`,
    onDragEnd: ({ active, over }) => (over ? `${title(active.id)} was dropped in ${columnTitle(over.id)}.` : `${title(active.id)} was dropped outside the board.`),
    onDragCancel: ({ active }) => `Moving ${title(active.id)} was cancelled.`,
  };

  const limitFor = (status: TaskStatus) => data.limits.find((l) => l.status === status && l.personId === null);
  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  async function bulk(kind: "move" | "assign", value: string) {
    const cards = data.cards.filter((c) => selected.has(c.id));
    const action = kind === "move" ? { kind, to: value } : { kind, assignee: value || null };
    const r = await post<{ results: BulkResult[]; changed: number }>("/api/v1/board/bulk", { cards: cards.map((c) => ({ taskId: c.id, version: c.version })), action });
    if (!r.ok) return setMessage({ tone: "error", text: r.message });
    const { results, changed } = r.json;
    await applyPatches(results.flatMap((x) => (x.ok ? [x.card] : [])));
    const refused = results.filter((x): x is Extract<BulkResult, { ok: false }> => !x.ok);
    // Refused cards stay selected, so the person can act on them again.
    setSelected(new Set(refused.map((x) => x.taskId)));
    const verb = kind === "move" ? "moved" : "assigned";
    const why = refused.map((x) => `"${cards.find((c) => c.id === x.taskId)?.title ?? x.taskId}": ${x.message}`).join(" ");
    setMessage({ tone: refused.length ? (changed ? "warn" : "error") : "ok", text: `${changed} of ${cards.length} cards ${verb}.${why ? ` Not ${verb}: ${why}` : ""}` });
    if (refused.length) void mutate();
  }

  return (
    <div className="space-y-3">
      <dl className="flex flex-wrap gap-3 text-sm" aria-label="Board metrics">
        {BOARD_COLUMNS.map((col) => {
          const cards = byColumn.get(col.status) ?? [];
          const age = median(cards.map((c) => now - c.since));
          return (
            <div key={col.status} className="card px-3 py-2">
              <dt className="muted text-xs">{col.title}</dt>
              <dd><span className="font-semibold" data-testid={`count-${col.status}`}>{col.status === "DONE" ? data.doneTotal : cards.length}</span> <span className="muted text-xs">median age {age === null ? "—" : formatAge(age).replace(" ago", "")}</span></dd>
            </div>
          );
        })}
        <div className="card px-3 py-2">
          <dt className="muted text-xs">Done in the last 7 days</dt>
          <dd className="font-semibold" data-testid="throughput">{data.doneLastWeek}</dd>
        </div>
      </dl>

      <div aria-live="assertive" role="alert" className="min-h-6">
        {message && (
          <p data-testid="board-message" className={`rounded-md px-3 py-1.5 text-sm ${message.tone === "error" ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : message.tone === "warn" ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200"}`}>
            {message.text}
          </p>
        )}
      </div>

      {askReason && (
        <form
          className="card flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
            if (!reason) return setMessage({ tone: "error", text: "Give a reason to put it on hold." });
            const { card, to, rank } = askReason;
            setAskReason(null);
            void move(card, to, rank, reason);
          }}
        >
          <div className="min-w-64 flex-1">
            <label className="label" htmlFor="hold-reason">Why is &quot;{askReason.card.title}&quot; going on hold?</label>
            <input id="hold-reason" name="reason" className="field" autoFocus maxLength={2000} />
          </div>
          <button className="btn btn-primary">Put on hold</button>
          <button type="button" className="btn" onClick={() => setAskReason(null)}>Cancel</button>
        </form>
      )}

      {canMove && selected.size > 0 && (
        <div className="card flex flex-wrap items-center gap-2" aria-label="Bulk actions">
          <span className="text-sm font-medium">{selected.size} selected</span>
          <label className="sr-only" htmlFor="bulk-move">Move selected to</label>
          <select id="bulk-move" className="field w-auto" defaultValue="" onChange={(e) => e.target.value && void bulk("move", e.target.value)}>
            <option value="">Move to…</option>
            {BOARD_COLUMNS.filter((c) => c.status !== "ON_HOLD").map((c) => <option key={c.status} value={c.status}>{c.title}</option>)}
          </select>
          <label className="sr-only" htmlFor="bulk-assign">Assign selected to</label>
          <select id="bulk-assign" className="field w-auto" defaultValue="-" onChange={(e) => e.target.value !== "-" && void bulk("assign", e.target.value)}>
            <option value="-">Assign to…</option>
            {operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
          </select>
          <button type="button" className="btn" onClick={() => setSelected(new Set())}>Clear selection</button>
        </div>
      )}

      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd} accessibility={{ announcements }}>
        {lanes.map((laneKey) => (
          <section key={laneKey} aria-label={lane === "none" ? "Board" : `Lane ${laneKey}`} className="space-y-2">
            {lane !== "none" && <h2 className="text-base font-semibold">{laneKey}</h2>}
            <div className="grid gap-3 md:grid-cols-5">
              {BOARD_COLUMNS.map((col) => {
                const cards = (byColumn.get(col.status) ?? []).filter((c) => lane === "none" || laneOf(c, lane, data) === laneKey);
                const all = col.status === "DONE" ? data.doneTotal : (byColumn.get(col.status)?.length ?? 0);
                const limit = limitFor(col.status);
                return (
                  <Column key={col.status} id={columnKey(laneKey, col.status)} title={col.title} status={col.status} count={all} limit={limit}>
                    <SortableContext items={cards.map((c) => cardKey(c.id))} strategy={verticalListSortingStrategy}>
                      {cards.map((card) => (
                        <BoardCard key={card.id} card={card} snapshot={data} now={now} canMove={canMove} operators={operators} selected={selected.has(card.id)} onToggle={() => toggle(card.id)} onOpen={() => setDrawer(card.id)} onAssign={(username) => assign(card, username)} />
                      ))}
                    </SortableContext>
                    {col.status === "DONE" && laneKey === lanes[lanes.length - 1] && data.doneTotal > data.doneShown && (
                      <button type="button" className="btn text-xs" onClick={() => setDoneShown((n) => n + 50)}>
                        Show more ({data.doneTotal - data.doneShown} older)
                      </button>
                    )}
                  </Column>
                );
              })}
            </div>
          </section>
        ))}
      </DndContext>
      {drawer !== null && <TaskDrawer taskId={drawer} onClose={() => setDrawer(null)} />}
    </div>
  );
}

function Column({ id, title, status, count, limit, children }: { id: string; title: string; status: TaskStatus; count: number; limit?: BoardLimit; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  const over = limit?.hardLimit != null && count >= limit.hardLimit ? "hard" : limit?.softLimit != null && count > limit.softLimit ? "soft" : null;
  return (
    <div ref={setNodeRef} data-testid={`column-${status}`} className={`flex min-h-40 flex-col gap-2 rounded-lg border p-2 ${isOver ? "border-blue-500 bg-blue-50 dark:bg-blue-950" : "border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900/60"}`}>
      <h3 className="flex items-center justify-between text-sm font-semibold">
        <span>{title}</span>
        <span className={`rounded-full px-2 text-xs ${over === "hard" ? "bg-red-700 text-white" : over === "soft" ? "bg-amber-300 text-amber-950" : "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100"}`} title={limit ? `soft ${limit.softLimit ?? "—"}, hard ${limit.hardLimit ?? "—"}` : "no limit"}>
          {count}
          {limit?.hardLimit != null ? ` / ${limit.hardLimit}` : limit?.softLimit != null ? ` / ${limit.softLimit}` : ""}
        </span>
      </h3>
      {children}
    </div>
  );
}

function BoardCard({ card, snapshot, now, canMove, operators, selected, onToggle, onOpen, onAssign }: { card: Card; snapshot: BoardSnapshot; now: number; canMove: boolean; operators: BoardPerson[]; selected: boolean; onToggle: () => void; onOpen: () => void; onAssign: (username: string) => void }) {
  const assignee = card.assigneeId == null ? null : (snapshot.people[String(card.assigneeId)] ?? null);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: cardKey(card.id), disabled: !canMove });
  const overdue = card.neededBy !== undefined && Date.parse(card.neededBy) < now - 86_400_000 && card.status !== "DONE";
  return (
    <article
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid={`card-${card.id}`}
      data-status={card.status}
      className={`rounded-md border bg-white p-2 text-sm shadow-sm dark:bg-slate-800 ${isDragging ? "opacity-60" : ""} ${selected ? "border-blue-600 ring-2 ring-blue-600" : "border-slate-200 dark:border-slate-700"}`}
    >
      <div className="flex items-start gap-1">
        {canMove && (
          <button type="button" className="cursor-grab rounded px-1 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-700" aria-label={`Move ${card.title}`} {...attributes} {...listeners}>
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-1">
            <span className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">{card.key}</span>
            <PriorityBadge priority={card.priority} />
          </div>
          <button type="button" onClick={onOpen} className="mt-1 block text-left font-medium text-blue-700 hover:underline dark:text-blue-300" aria-haspopup="dialog">{card.title}</button>
          <div className="muted mt-1 text-xs">
            {formatAge(now - card.since).replace(" ago", "")} in column
            {card.neededBy && (
              <> · <span className={overdue ? "font-semibold text-red-700 dark:text-red-300" : ""}>needed by {card.neededBy}{overdue ? " (overdue)" : ""}</span></>
            )}
          </div>
          {(card.campaigns ?? []).map((c) => (
            <div key={c.name} className="mt-1">
              <div className="truncate font-mono text-xs">{c.name}</div>
              <ProgressBar done={c.done} failed={c.failed} total={c.total} label={`${c.name} progress`} />
            </div>
          ))}
          <div className="mt-2 flex items-center gap-1">
            {canMove ? (
              <>
                <label className="sr-only" htmlFor={`assign-${card.id}`}>Assignee of {card.title}</label>
                <select id={`assign-${card.id}`} className="field w-auto py-0.5 text-xs" value={assignee?.username ?? ""} onChange={(e) => onAssign(e.target.value)} disabled={card.status === "DONE"}>
                  <option value="">Unassigned</option>
                  {operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
                </select>
                <label className="ml-auto flex items-center gap-1 text-xs">
                  <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select ${card.title}`} />
                </label>
              </>
            ) : (
              <span className="text-xs">{assignee?.name ?? "Unassigned"}</span>
            )}
          </div>
        </div>
      </div>
    </article>
  );
}
