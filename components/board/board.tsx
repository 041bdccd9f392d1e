"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import useSWR from "swr";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { BOARD_COLUMNS, rankBetween } from "@/lib/board/columns";
import type { Lane } from "@/lib/board/filters";
import { experimentOfKey } from "@/lib/tasks/keys";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { applyPatch, type BoardCard as Card, type BoardSnapshot, type BulkResult, type CardPatch } from "@/lib/board/card";
import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";
import { BoardCard, CardGhost, DropPlaceholder, cardKey } from "./board-card";
import { Column, CountBadge, columnKey } from "./board-column";
import { TaskDrawer, type DrawerChange } from "./task-drawer";
import { UndoToast, requestUndo, type UndoOffer } from "./undo-toast";

const fetcher = async (url: string) => {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`The board could not be refreshed (${r.status}).`);
  return (await r.json()) as BoardSnapshot;
};
const REASON_NEEDED: TaskStatus[] = ["ON_HOLD"];
const PRIORITY_ORDER: TaskPriority[] = ["URGENT", "HIGH", "NORMAL", "LOW"];
const PRIORITY_WORD: Record<TaskPriority, string> = { URGENT: "Urgent", HIGH: "High", NORMAL: "Normal", LOW: "Low" };
const columnTitleOf = (s: TaskStatus) => BOARD_COLUMNS.find((c) => c.status === s)?.title ?? STATUS_LABEL[s];

function laneOf(card: Card, lane: Lane, snap: BoardSnapshot): string {
  if (lane === "experiment") return snap.experiments[experimentOfKey(card.key)] ?? experimentOfKey(card.key);
  if (lane === "priority") return PRIORITY_WORD[card.priority];
  if (lane === "assignee") return (card.assigneeId != null && snap.people[String(card.assigneeId)]?.name) || "Unassigned";
  return "all";
}

/** Every lane the board has, empty ones included (they start collapsed). */
function lanesOf(lane: Lane, snap: BoardSnapshot): string[] {
  if (lane === "none") return ["all"];
  const withCards = new Set(snap.cards.map((c) => laneOf(c, lane, snap)));
  if (lane === "priority") return PRIORITY_ORDER.map((p) => PRIORITY_WORD[p]);
  const all = lane === "experiment" ? Object.values(snap.experiments) : [...snap.operatorIds.map((id) => snap.people[String(id)]?.name).filter(Boolean), "Unassigned"];
  return [...new Set([...all, ...withCards])].sort((a, b) => (a === "Unassigned" ? 1 : b === "Unassigned" ? -1 : a.localeCompare(b)));
}

function median(xs: number[]) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

type Message = { tone: "error" | "warn" | "ok"; text: string; failures?: { key: string; title: string; why: string }[]; retry?: () => void };
type Post<T> = { ok: true; json: T } | { ok: false; message: string };

async function post<T>(url: string, body: unknown): Promise<Post<T>> {
  try {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (r.ok) return { ok: true, json: json as T };
    return { ok: false, message: json?.error?.message ?? `The change was refused (${r.status}).` };
  } catch {
    return { ok: false, message: "The server could not be reached, so nothing was changed. Check your connection and retry." };
  }
}

export function Board({ initial, query, lane, canMove }: { initial: BoardSnapshot; query: string; lane: Lane; canMove: boolean }) {
  const [doneShown, setDoneShown] = useState(initial.doneShown);
  const key = `/api/v1/board?${[query, doneShown !== initial.doneShown ? `done=${doneShown}` : ""].filter(Boolean).join("&")}`;
  const { data, mutate } = useSWR(key, fetcher, { fallbackData: initial, keepPreviousData: true, refreshInterval: 3000, revalidateOnFocus: true });
  const [message, setMessage] = useState<Message | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const [askReason, setAskReason] = useState<{ card: Card; to: TaskStatus; rank: number } | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [failed, setFailed] = useState<Set<number>>(new Set());
  const [dragging, setDragging] = useState<Card | null>(null);
  const [over, setOver] = useState<{ column: string; beforeId: number | null } | null>(null);
  const [collapsedColumns, setCollapsedColumns] = useState<Set<TaskStatus>>(new Set());
  const [laneToggles, setLaneToggles] = useState<Map<string, boolean>>(new Map());
  const [tab, setTab] = useState<TaskStatus>("APPROVED");
  const [bulkMove, setBulkMove] = useState("");
  const [bulkAssign, setBulkAssign] = useState("-");
  const reasonField = useRef<HTMLInputElement>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const now = useNow();
  // Retry acts on the card as the board knows it at that moment (a refreshed version), not as it was.
  const latest = useRef(data);
  useEffect(() => {
    latest.current = data;
  }, [data]);
  const operators = data.operatorIds.map((id) => data.people[String(id)]).filter(Boolean);

  // The open card is in the URL (?task=NOVA-57): shareable, and the back button closes it.
  const searchParams = useSearchParams();
  const drawerRef = searchParams.get("task");
  const pushedDrawer = useRef(false);
  const openDrawer = (card: Card) => {
    const p = new URLSearchParams(window.location.search);
    p.set("task", card.key);
    window.history.pushState(null, "", `?${p.toString()}`);
    pushedDrawer.current = true;
  };
  const closeDrawer = useCallback(() => {
    if (pushedDrawer.current) {
      pushedDrawer.current = false;
      window.history.back();
      return;
    }
    const p = new URLSearchParams(window.location.search);
    p.delete("task");
    window.history.replaceState(null, "", p.size ? `?${p.toString()}` : window.location.pathname);
  }, []);

  // 100vw counts the page's vertical scroll bar; the breakout leaves it out so the page never scrolls sideways.
  const [scrollbar, setScrollbar] = useState(0);
  useEffect(() => {
    const measure = () => setScrollbar(window.innerWidth - document.documentElement.clientWidth);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);

  // After a drop into a state that needs a reason, the reason field takes the focus (after dnd-kit
  // has given it back to the card's handle).
  useEffect(() => {
    if (!askReason) return;
    const t = setTimeout(() => reasonField.current?.focus(), 120);
    return () => clearTimeout(t);
  }, [askReason]);

  const byColumn = useMemo(() => {
    const m = new Map<TaskStatus, Card[]>();
    for (const c of BOARD_COLUMNS) m.set(c.status, []);
    for (const card of data.cards) m.get(card.status)?.push(card);
    for (const list of m.values()) list.sort((a, b) => a.boardRank - b.boardRank || a.id - b.id);
    return m;
  }, [data.cards]);

  const lanes = useMemo(() => lanesOf(lane, data), [data, lane]);
  const laneCards = (laneKey: string, status: TaskStatus) => (byColumn.get(status) ?? []).filter((c) => lane === "none" || laneOf(c, lane, data) === laneKey);
  const laneCount = (laneKey: string) => data.cards.filter((c) => lane === "none" || laneOf(c, lane, data) === laneKey).length;
  const laneOpen = (laneKey: string) => laneToggles.get(laneKey) ?? laneCount(laneKey) > 0;

  /** Applies the server's answer to the cards we have: no refetch of the whole board. */
  const applyPatches = (patches: CardPatch[]) =>
    mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => { const p = patches.find((x) => x.id === c.id); return p ? applyPatch(c, p) : c; }) } : cur), { revalidate: false });
  const putBack = (card: Card) => mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => (c.id === card.id ? card : c)) } : cur), { revalidate: false });

  async function change(card: Card, url: string, body: unknown, optimistic: Partial<Card>, success: string, retry: () => void) {
    // Show the change at once; the server's answer replaces it, or puts the card back with the reason.
    setUndo(null);
    await mutate((cur) => (cur ? { ...cur, cards: cur.cards.map((c) => (c.id === card.id ? { ...c, ...optimistic } : c)) } : cur), { revalidate: false });
    const r = await post<{ card: CardPatch; warnings: string[] }>(url, body);
    if (r.ok) {
      await applyPatches([r.json.card]);
      setFailed((f) => (f.has(card.id) ? new Set([...f].filter((x) => x !== card.id)) : f));
      setMessage(r.json.warnings?.length ? { tone: "warn", text: r.json.warnings.join(" ") } : null);
      setUndo({ taskId: card.id, version: r.json.card.version, text: success });
    } else {
      await putBack(card);
      setFailed((f) => new Set([...f, card.id]));
      setMessage({ tone: "error", text: `${card.key} "${card.title}" is back in ${columnTitleOf(card.status)}: ${r.message}`, retry });
      void mutate();
    }
  }

  async function move(card: Card, to: TaskStatus, rank: number, reason?: string) {
    if (REASON_NEEDED.includes(to) && card.status !== to && !reason) {
      setAskReason({ card, to, rank });
      return;
    }
    const retry = () => {
      setMessage(null);
      void move(latest.current.cards.find((c) => c.id === card.id) ?? card, to, rank, reason);
    };
    await change(card, "/api/v1/board/moves", { taskId: card.id, to, rank, version: card.version, reason }, { status: to, boardRank: rank }, card.status === to ? `Reordered ${card.key}.` : `Moved ${card.key} to ${columnTitleOf(to)}.`, retry);
  }

  function assign(card: Card, username: string) {
    const person = operators.find((o) => o.username === username);
    const retry = () => {
      setMessage(null);
      assign(latest.current.cards.find((c) => c.id === card.id) ?? card, username);
    };
    void change(card, `/api/v1/tasks/${card.id}/assign`, { assignee: username || null, version: card.version }, { assigneeId: person?.id ?? null }, person ? `Assigned ${card.key} to ${person.name}.` : `Unassigned ${card.key}.`, retry);
  }

  async function undoLast() {
    if (!undo) return;
    const offer = undo;
    setUndo(null);
    const r = await requestUndo(offer);
    const card = data.cards.find((c) => c.id === offer.taskId);
    if (r.ok) {
      await applyPatches([r.json.card]);
      setMessage({ tone: "ok", text: `Undone: ${card?.key ?? "the card"} is back in ${columnTitleOf(r.json.card.status)}.` });
    } else {
      setMessage({ tone: "error", text: `Could not undo: ${r.message}` });
      void mutate();
    }
  }

  /** Where a drop lands: the target column (of the card or column under the pointer) and the card it goes before. */
  function target(overId: string, activeId: number) {
    const overCard = data.cards.find((c) => cardKey(c.id) === overId);
    const status = overCard ? overCard.status : (overId.split("|")[2] as TaskStatus);
    return { status, overCard, list: (byColumn.get(status) ?? []).filter((c) => c.id !== activeId) };
  }

  function onDragStart(e: DragStartEvent) {
    setDragging(data.cards.find((c) => cardKey(c.id) === e.active.id) ?? null);
  }

  function onDragOver(e: DragOverEvent) {
    if (!e.over || !dragging) return setOver(null);
    const { status, overCard } = target(String(e.over.id), dragging.id);
    const laneKey = overCard ? laneOf(overCard, lane, data) : String(e.over.id).split("|")[1];
    setOver({ column: columnKey(laneKey, status), beforeId: overCard && overCard.id !== dragging.id ? overCard.id : null });
  }

  function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    setOver(null);
    const card = data.cards.find((c) => cardKey(c.id) === e.active.id);
    if (!card || !e.over) return;
    const { status: to, overCard, list } = target(String(e.over.id), card.id);
    let index = overCard ? list.findIndex((c) => c.id === overCard.id) : list.length;
    // Dropping on a card below in the same column puts it after that card.
    if (overCard && card.status === to && card.boardRank < overCard.boardRank) index += 1;
    if (card.status === to && overCard?.id === card.id) return;
    if (index < 0) index = list.length;
    const rank = rankBetween(list[index - 1]?.boardRank ?? null, list[index]?.boardRank ?? null);
    void move(card, to, rank);
  }

  const title = (id: string | number) => data.cards.find((c) => cardKey(c.id) === id)?.title ?? "card";
  const columnTitle = (id: string | number | undefined) => {
    const s = String(id ?? "");
    const card = data.cards.find((c) => cardKey(c.id) === s);
    const status = (card ? card.status : s.split("|")[2]) as TaskStatus;
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
    setUndo(null);
    const r = await post<{ results: BulkResult[]; changed: number }>("/api/v1/board/bulk", { cards: cards.map((c) => ({ taskId: c.id, version: c.version })), action });
    setBulkMove("");
    setBulkAssign("-");
    // On any failure the selection stays as it was, so the person can act on the cards again.
    if (!r.ok) return setMessage({ tone: "error", text: `Nothing was changed: ${r.message}` });
    const { results, changed } = r.json;
    await applyPatches(results.flatMap((x) => (x.ok ? [x.card] : [])));
    const refused = results.filter((x): x is Extract<BulkResult, { ok: false }> => !x.ok);
    // The refused cards stay selected (and marked), so the person can fix and retry them.
    setSelected(new Set(refused.map((x) => x.taskId)));
    setFailed(new Set(refused.map((x) => x.taskId)));
    const verb = kind === "move" ? `moved to ${columnTitleOf(value as TaskStatus)}` : value ? `assigned to ${operators.find((o) => o.username === value)?.name ?? value}` : "unassigned";
    const short = kind === "move" ? "moved" : "assigned";
    const failures = refused.map((x) => {
      const c = cards.find((card) => card.id === x.taskId);
      return { key: c?.key ?? String(x.taskId), title: c?.title ?? "", why: x.message };
    });
    if (!refused.length) setMessage({ tone: "ok", text: `${changed} of ${cards.length} cards ${short}.` });
    else setMessage({ tone: changed ? "warn" : "error", text: `${changed} of ${cards.length} cards ${verb}. ${refused.length === 1 ? "This card was" : `These ${refused.length} cards were`} not, and stay selected:`, failures });
    if (refused.length) void mutate();
  }

  function onDrawerChange(c: DrawerChange) {
    void applyPatches([c.patch]);
    if (c.stateChanged) setUndo({ taskId: c.patch.id, version: c.patch.version, text: c.text });
  }

  const empty = data.cards.length === 0 && data.doneTotal === 0;
  const gridColumns = BOARD_COLUMNS.map((c) => (collapsedColumns.has(c.status) ? "2.75rem" : "minmax(16rem, 1fr)")).join(" ");

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

      <div aria-live="assertive" role="alert" className="empty:hidden">
        {message && (
          <div className={`flex flex-wrap items-start gap-2 rounded-md px-3 py-1.5 text-sm ${message.tone === "error" ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : message.tone === "warn" ? "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200"}`}>
            <div className="flex-1">
              <p data-testid="board-message">{message.text}</p>
              {message.failures && (
                <ul className="mt-1 list-disc pl-5" data-testid="bulk-failures">
                  {message.failures.map((f) => <li key={f.key}><span className="font-mono">{f.key}</span> “{f.title}”: {f.why}</li>)}
                </ul>
              )}
            </div>
            {message.retry && <button type="button" className="btn py-0.5" onClick={message.retry}>Retry</button>}
            <button type="button" className="btn py-0.5" onClick={() => setMessage(null)} aria-label="Dismiss the message">×</button>
          </div>
        )}
      </div>
      <div role="status" aria-live="polite" className="empty:hidden">
        {undo && <UndoToast offer={undo} onUndo={() => void undoLast()} onExpire={() => setUndo(null)} />}
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
            <label className="label" htmlFor="hold-reason">Why is {askReason.card.key} &quot;{askReason.card.title}&quot; going on hold?</label>
            <input id="hold-reason" ref={reasonField} name="reason" className="field" autoFocus maxLength={2000} />
          </div>
          <button className="btn btn-primary">Put on hold</button>
          <button type="button" className="btn" onClick={() => setAskReason(null)}>Cancel</button>
        </form>
      )}

      {canMove && selected.size > 0 && (
        <div className="card flex flex-wrap items-center gap-2" aria-label="Bulk actions" role="group">
          <span className="text-sm font-medium">{selected.size} selected</span>
          <label className="sr-only" htmlFor="bulk-move">Move selected to</label>
          <select id="bulk-move" className="field w-auto" value={bulkMove} onChange={(e) => { setBulkMove(e.target.value); if (e.target.value) void bulk("move", e.target.value); }}>
            <option value="">Move to…</option>
            {BOARD_COLUMNS.filter((c) => c.status !== "ON_HOLD").map((c) => <option key={c.status} value={c.status}>{c.title}</option>)}
          </select>
          <label className="sr-only" htmlFor="bulk-assign">Assign selected to</label>
          <select id="bulk-assign" className="field w-auto" value={bulkAssign} onChange={(e) => { setBulkAssign(e.target.value); if (e.target.value !== "-") void bulk("assign", e.target.value); }}>
            <option value="-">Assign to…</option>
            {operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
          </select>
          <button type="button" className="btn" onClick={() => { setSelected(new Set()); setFailed(new Set()); }}>Clear selection</button>
        </div>
      )}

      {empty ? (
        <div className="card text-center" data-testid="board-empty">
          <p className="font-semibold">Nothing matches these filters.</p>
          <p className="muted text-sm">No card on the board fits them. <Link href={lane === "none" ? "/board" : `/board?lane=${lane}`}>Clear filters</Link> to see the whole board.</p>
        </div>
      ) : (
        // Full width whatever the page's width (a margin breakout, not a transform: DragOverlay needs
        // fixed positioning to follow the pointer), scrolling sideways, with sticky column headers.
        <div className="mx-[calc(50%-50vw+var(--scrollbar-width,0px)/2)] px-2 sm:px-4" style={{ "--scrollbar-width": `${scrollbar}px` } as React.CSSProperties}>
          <div role="tablist" aria-label="Columns" className="mb-2 flex gap-1 overflow-x-auto sm:hidden">
            {BOARD_COLUMNS.map((col) => (
              <button key={col.status} type="button" role="tab" aria-selected={tab === col.status} onClick={() => setTab(col.status)} data-testid={`tab-${col.status}`}
                className={`shrink-0 rounded-full border px-3 py-1 text-sm ${tab === col.status ? "border-blue-700 bg-blue-700 text-white" : "border-slate-300 bg-white text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"}`}>
                {col.title} <span className="font-semibold">{col.status === "DONE" ? data.doneTotal : (byColumn.get(col.status)?.length ?? 0)}</span>
              </button>
            ))}
          </div>
          <div data-testid="board-scroll" className="max-h-[80vh] overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950" tabIndex={0} role="region" aria-label="Board columns">
            <DndContext sensors={sensors} collisionDetection={closestCorners} onDragStart={onDragStart} onDragOver={onDragOver} onDragEnd={onDragEnd} onDragCancel={() => { setDragging(null); setOver(null); }} accessibility={{ announcements }}>
              <div className="grid w-full gap-2 p-2 max-sm:grid-cols-1 sm:[grid-template-columns:var(--board-columns)]" style={{ "--board-columns": gridColumns } as React.CSSProperties}>
                {BOARD_COLUMNS.map((col) => {
                  const collapsed = collapsedColumns.has(col.status);
                  const count = col.status === "DONE" ? data.doneTotal : (byColumn.get(col.status)?.length ?? 0);
                  return (
                    <div key={col.status} className={`${tab === col.status ? "" : "max-sm:hidden"} sticky top-0 z-10 flex min-w-0 items-center justify-between gap-1 rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 shadow-sm dark:border-slate-700 dark:bg-slate-900`} data-testid={`header-${col.status}`}>
                      {!collapsed && <h3 className="truncate text-sm font-semibold">{col.title}</h3>}
                      <div className={`flex items-center gap-1 ${collapsed ? "flex-col" : ""}`}>
                        <CountBadge count={count} limit={limitFor(col.status)} />
                        <button type="button" className="max-sm:hidden rounded px-1 text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-700" aria-expanded={!collapsed} aria-label={`${collapsed ? "Expand" : "Collapse"} ${col.title}`}
                          onClick={() => setCollapsedColumns((s) => (s.has(col.status) ? new Set([...s].filter((x) => x !== col.status)) : new Set([...s, col.status])))}>
                          <span aria-hidden="true">{collapsed ? "»" : "«"}</span>
                        </button>
                      </div>
                    </div>
                  );
                })}
                {lanes.map((laneKey) => {
                  const open = lane === "none" || laneOpen(laneKey);
                  const total = laneCount(laneKey);
                  return (
                    <section key={laneKey} aria-label={lane === "none" ? "Board" : `Lane ${laneKey}`} className="contents">
                      {lane !== "none" && (
                        <h2 className="col-span-full">
                          <button type="button" className="sticky left-2 flex items-center gap-2 rounded px-1 text-base font-semibold hover:bg-slate-100 dark:hover:bg-slate-800" aria-expanded={open} data-testid={`lane-toggle-${laneKey}`}
                            onClick={() => setLaneToggles((m) => new Map(m).set(laneKey, !open))}>
                            <span aria-hidden="true">{open ? "▾" : "▸"}</span>
                            {laneKey}
                            <span className="rounded-full bg-slate-200 px-2 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100" data-testid={`lane-count-${laneKey}`}>{total} {total === 1 ? "card" : "cards"}</span>
                          </button>
                        </h2>
                      )}
                      {open && BOARD_COLUMNS.map((col) => {
                        const cards = laneCards(laneKey, col.status);
                        const id = columnKey(laneKey, col.status);
                        const landsElsewhere = dragging && over?.column === id && dragging.status !== col.status;
                        return (
                          <Column key={col.status} id={id} status={col.status} title={lane === "none" ? col.title : `${col.title}, ${laneKey}: ${cards.length}`} collapsed={collapsedColumns.has(col.status)} hiddenOnPhone={tab !== col.status}>
                            {lane !== "none" && <p className="muted text-xs" data-testid={`lane-column-count-${col.status}`}>{cards.length} {cards.length === 1 ? "card" : "cards"} in this lane</p>}
                            <SortableContext items={cards.map((c) => cardKey(c.id))} strategy={verticalListSortingStrategy}>
                              {cards.map((card) => (
                                <div key={card.id} className="contents">
                                  {landsElsewhere && over?.beforeId === card.id && <DropPlaceholder />}
                                  <BoardCard card={card} snapshot={data} now={now} canMove={canMove} operators={operators} selected={selected.has(card.id)} failed={failed.has(card.id)} onToggle={() => toggle(card.id)} onOpen={() => openDrawer(card)} onAssign={(username) => assign(card, username)} landsHere={!over || over.column.endsWith(`|${card.status}`)} />
                                </div>
                              ))}
                            </SortableContext>
                            {landsElsewhere && over?.beforeId === null && <DropPlaceholder />}
                            {col.status === "DONE" && laneKey === lanes[lanes.length - 1] && data.doneTotal > data.doneShown && (
                              <button type="button" className="btn text-xs" onClick={() => setDoneShown((n) => n + 50)}>
                                Show more ({data.doneTotal - data.doneShown} older)
                              </button>
                            )}
                          </Column>
                        );
                      })}
                    </section>
                  );
                })}
              </div>
              <DragOverlay>{dragging ? <CardGhost card={dragging} /> : null}</DragOverlay>
            </DndContext>
          </div>
        </div>
      )}
      {drawerRef && <TaskDrawer key={drawerRef} taskRef={drawerRef} onClose={closeDrawer} onChanged={onDrawerChange} />}
    </div>
  );
}
