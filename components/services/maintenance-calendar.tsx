"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { DowntimeRow } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import {
  calendarHref,
  dayStart,
  DAY_MS,
  dragged,
  isoDay,
  placeInDays,
  selectionWindow,
  SLOT_MS,
  SLOTS_PER_DAY,
  stepDate,
  viewTitle,
  visibleRange,
  type CalendarState,
} from "@/lib/services/calendar";
import { sendJson } from "@/components/ui/api-client";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { DowntimeForm, ServiceTreeOptions, type DowntimeDraft, type SavedDowntime, type ServiceChoice } from "./downtime-form";
import { utc } from "./service-labels";

type Row = Wire<DowntimeRow>;
type Item = Row & { start: Date; end: Date };
type Drag = { kind: "select" | "move" | "resize"; anchor: number; current: number; itemId?: number };

const SLOT_PX = 18;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/**
 * The maintenance calendar (UTC): week view with 30-minute slots, month view with days. OPOS creates a downtime by
 * selecting cells with the pointer, moves one by dragging it and resizes it by its end handle; the keyboard path is
 * the "Schedule a downtime" button and each downtime's button, which open a form editing start and end. The view, the
 * date and the service filter live in the URL.
 */
export function MaintenanceCalendar({ initial, state, services, canManage, today }: { initial: { downtimes: Row[] }; state: CalendarState; services: ServiceChoice[]; canManage: boolean; today: string }) {
  const router = useRouter();
  const { view, date, serviceId } = state;
  const { days, to } = visibleRange(view, date);
  const api = `/api/v1/downtimes?from=${days[0]}&to=${isoDay(to)}${serviceId ? `&service=${serviceId}` : ""}`;
  const { data, error, readAt, mutate } = useLive<{ downtimes: Row[] }>(api, initial);
  const rows = (data ?? initial).downtimes;
  const items: Item[] = rows.filter((r) => r.endsAt).map((r) => ({ ...r, start: new Date(r.startsAt), end: new Date(r.endsAt!) }));
  const cellMs = view === "week" ? SLOT_MS : DAY_MS;
  const origin = dayStart(days[0]).getTime();
  const instantOf = (idx: number) => new Date(origin + idx * cellMs);

  const [drag, setDrag] = useState<Drag | null>(null);
  const [draft, setDraft] = useState<DowntimeDraft | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // True once React runs here (the pointer handlers are live): tests wait for it before dragging.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  // The working day in sight when the week opens.
  useEffect(() => {
    if (view === "week" && scroller.current) scroller.current.scrollTop = 7 * 2 * SLOT_PX;
  }, [view]);

  /** The cell under the pointer: a slot of a day column (week) or a day (month). */
  const cellAt = (clientX: number, clientY: number): number => {
    const r = grid.current!.getBoundingClientRect();
    const col = Math.max(0, Math.min(6, Math.floor(((clientX - r.left) / r.width) * 7)));
    if (view === "week") {
      const slot = Math.max(0, Math.min(SLOTS_PER_DAY - 1, Math.floor((clientY - r.top) / SLOT_PX)));
      return col * SLOTS_PER_DAY + slot;
    }
    const row = Math.max(0, Math.min(5, Math.floor(((clientY - r.top) / r.height) * 6)));
    return row * 7 + col;
  };

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!canManage || e.button !== 0) return;
    const target = e.target as HTMLElement;
    const block = target.closest<HTMLElement>("[data-event-id]");
    const idx = cellAt(e.clientX, e.clientY);
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault(); // no text selection or native drag; the note above stays put, so the grid does not shift
    if (block) setDrag({ kind: target.closest("[data-resize]") ? "resize" : "move", anchor: idx, current: idx, itemId: Number(block.dataset.eventId) });
    else setDrag({ kind: "select", anchor: idx, current: idx });
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const idx = cellAt(e.clientX, e.clientY);
    if (idx !== drag.current) setDrag({ ...drag, current: idx });
  };
  const onPointerUp = async () => {
    const d = drag;
    setDrag(null);
    if (!d) return;
    if (d.kind === "select") {
      const w = selectionWindow(instantOf(d.anchor), instantOf(d.current), cellMs);
      setDraft({ mode: "create", serviceId: serviceId ?? services.find((s) => s.depth > 0)?.id ?? services[0]?.id ?? 0, startsAt: w.startsAt, endsAt: w.endsAt, title: "", reason: "" });
      return;
    }
    const item = items.find((i) => i.id === d.itemId);
    if (!item) return;
    const delta = (d.current - d.anchor) * cellMs;
    if (delta === 0) return openEdit(item);
    const next = dragged(d.kind, { startsAt: item.start, endsAt: item.end }, delta, cellMs);
    // Shown where it was dropped at once; the server's answer (or its refusal) replaces it.
    await mutate({ downtimes: rows.map((r) => (r.id === item.id ? { ...r, startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() } : r)) }, { revalidate: false });
    const r = await sendJson<{ downtime: SavedDowntime }>(`/api/v1/downtimes/${item.id}`, "PATCH", { version: item.version, startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString() });
    if (r.ok) await keepInStep(r.data.downtime);
    setNote(r.ok ? { ok: true, text: `${d.kind === "move" ? "Moved" : "Resized"}: ${item.serviceDisplayName}, ${utc(next.startsAt)} → ${utc(next.endsAt)}.` } : { ok: false, text: `Not ${d.kind === "move" ? "moved" : "resized"}: ${r.message}` });
    await mutate();
  };

  /**
   * The server's answer goes into the calendar's data at once (new version included), before the next read: a second
   * edit straight after the first must not be sent with the version the first one replaced.
   */
  const keepInStep = (saved: SavedDowntime) =>
    mutate(
      (current) => {
        const list = (current ?? initial).downtimes;
        if (saved.cancelledAt) return { downtimes: list.filter((d) => d.id !== saved.id) };
        return { downtimes: list.map((d) => (d.id === saved.id ? { ...d, version: saved.version, serviceId: saved.serviceId, startsAt: saved.startsAt, endsAt: saved.endsAt, title: saved.title, reason: saved.reason } : d)) };
      },
      { revalidate: true },
    );

  const openEdit = (item: Item) => {
    setDraft({ mode: "edit", id: item.id, version: item.version, serviceId: item.serviceId, startsAt: item.start, endsAt: item.end, title: item.title, reason: item.reason });
  };

  // What is drawn: the items with the one being dragged at its new place, and the selection being made.
  const shown: Item[] = items.map((it) => {
    if (!drag || drag.kind === "select" || drag.itemId !== it.id) return it;
    const w = dragged(drag.kind, { startsAt: it.start, endsAt: it.end }, (drag.current - drag.anchor) * cellMs, cellMs);
    return { ...it, start: w.startsAt, end: w.endsAt };
  });
  const selection = drag?.kind === "select" ? selectionWindow(instantOf(drag.anchor), instantOf(drag.current), cellMs) : null;

  const choose = (id: number | null) => router.push(calendarHref({ ...state, serviceId: id }));

  return (
    <div className="space-y-3" data-testid="maintenance-calendar" data-hydrated={hydrated ? "1" : undefined}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-1">
          <Link className="btn no-underline hover:no-underline" href={calendarHref({ ...state, date: stepDate(view, date, -1) })} aria-label={view === "week" ? "Previous week" : "Previous month"}>
            ‹ <span aria-hidden="true">Previous</span>
          </Link>
          <Link className="btn no-underline hover:no-underline" href={calendarHref({ ...state, date: today })}>
            Today
          </Link>
          <Link className="btn no-underline hover:no-underline" href={calendarHref({ ...state, date: stepDate(view, date, 1) })} aria-label={view === "week" ? "Next week" : "Next month"}>
            <span aria-hidden="true">Next</span> ›
          </Link>
          <h2 className="ml-2 text-lg font-semibold" data-testid="calendar-title">
            {viewTitle(view, date)} <span className="text-sm font-normal muted">(times in UTC)</span>
          </h2>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <nav aria-label="Calendar view" className="flex gap-1 text-sm">
            {(["week", "month"] as const).map((v) => (
              <Link key={v} href={calendarHref({ ...state, view: v })} aria-current={v === view ? "true" : undefined} className={`rounded px-2 py-1 no-underline hover:no-underline ${v === view ? "bg-blue-700 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}>
                {v === "week" ? "Week" : "Month"}
              </Link>
            ))}
          </nav>
          <label htmlFor="calendar-service" className="text-sm">
            Service
          </label>
          <select id="calendar-service" className="field w-auto" value={serviceId ?? ""} onChange={(e) => choose(e.target.value ? Number(e.target.value) : null)}>
            <option value="">All services</option>
            <ServiceTreeOptions services={services} />
          </select>
          {canManage && (
            <button type="button" className="btn btn-primary" onClick={() => setDraft({ mode: "create", serviceId: serviceId ?? services.find((s) => s.depth > 0)?.id ?? 0, startsAt: null, endsAt: null, title: "", reason: "" })} data-testid="new-downtime">
              Schedule a downtime
            </button>
          )}
        </div>
      </div>
      <p className="text-xs muted">
        {canManage
          ? view === "week"
            ? "Drag across empty slots to schedule a downtime; drag one to move it, or its bottom edge to change its end. Every downtime is also a button: Enter opens its form."
            : "Drag across days to schedule a downtime over whole days; drag one to another day to move it, or its right edge to change its end. Every downtime is also a button: Enter opens its form."
          : "Only OPOS operators schedule downtimes; you can see them, and subscribe to the iCal feed."}{" "}
        <a href="/api/v1/downtimes.ics" className="underline">iCal feed</a>
      </p>
      {/* Always there (empty when nothing to say), so the grid never moves under the pointer. */}
      <p role="status" className={`min-h-5 text-sm ${note?.ok === false ? "text-red-700 dark:text-red-300" : "text-green-800 dark:text-green-300"}`} data-testid="calendar-note">
        {note?.text}
      </p>
      <LiveNote error={error} at={readAt} />

      {view === "week" ? (
        <WeekGrid days={days} today={today} items={shown} selection={selection} gridRef={grid} scrollerRef={scroller} handlers={{ onPointerDown, onPointerMove, onPointerUp, onPointerCancel: () => setDrag(null) }} onOpen={openEdit} dragging={drag?.itemId ?? null} canManage={canManage} />
      ) : (
        <MonthGrid days={days} month={date.slice(0, 7)} today={today} items={shown} selection={selection} gridRef={grid} handlers={{ onPointerDown, onPointerMove, onPointerUp, onPointerCancel: () => setDrag(null) }} onOpen={openEdit} dragging={drag?.itemId ?? null} canManage={canManage} />
      )}

      {draft && (
        <DowntimeForm
          draft={draft}
          services={services}
          onClose={() => setDraft(null)}
          onSaved={(text, saved) => {
            setDraft(null);
            setNote({ ok: true, text });
            void (saved ? keepInStep(saved) : mutate());
          }}
        />
      )}
    </div>
  );
}

const noSubscribe = () => () => {};

type Handlers = {
  onPointerDown: (e: React.PointerEvent<HTMLDivElement>) => void;
  onPointerMove: (e: React.PointerEvent<HTMLDivElement>) => void;
  onPointerUp: () => void;
  onPointerCancel: () => void;
};

/** What a screen reader hears after the visible text of a downtime's button (its name starts with what is seen). */
const eventTail = (it: Item) => `, ${utc(it.start)} to ${utc(it.end)}. Enter opens its form.`;

function WeekGrid({ days, today, items, selection, gridRef, scrollerRef, handlers, onOpen, dragging, canManage }: { days: string[]; today: string; items: Item[]; selection: { startsAt: Date; endsAt: Date } | null; gridRef: React.RefObject<HTMLDivElement | null>; scrollerRef: React.RefObject<HTMLDivElement | null>; handlers: Handlers; onOpen: (it: Item) => void; dragging: number | null; canManage: boolean }) {
  const placed = placeInDays(items.map((it) => ({ ...it, startsAt: it.start, endsAt: it.end })), days);
  const sel = selection ? placeInDays([{ id: -1, startsAt: selection.startsAt, endsAt: selection.endsAt }], days) : [];
  return (
    <div className="card p-0">
      <div className="grid grid-cols-[3.5rem_1fr] border-b border-slate-200 dark:border-slate-800">
        <div />
        <div className="grid grid-cols-7">
          {days.map((d, i) => (
            <div key={d} className={`px-1 py-1 text-center text-sm ${d === today ? "font-bold text-blue-800 dark:text-blue-300" : ""}`}>
              {WEEKDAYS[i]} {Number(d.slice(8))}
              {d === today && <span className="sr-only"> (today)</span>}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollerRef} className="max-h-[36rem] overflow-y-auto" data-testid="calendar-scroller">
        <div className="grid grid-cols-[3.5rem_1fr]">
          <div aria-hidden="true">
            {Array.from({ length: 24 }, (_, h) => (
              <div key={h} className="pr-1 text-right text-xs muted" style={{ height: 2 * SLOT_PX }}>
                {String(h).padStart(2, "0")}:00
              </div>
            ))}
          </div>
          <div ref={gridRef} className={`relative grid touch-none select-none grid-cols-7 ${canManage ? "cursor-crosshair" : ""}`} style={{ height: SLOTS_PER_DAY * SLOT_PX }} data-testid="calendar-grid" data-view="week" {...handlers}>
            {days.map((d) => (
              <div
                key={d}
                data-day={d}
                className={`relative border-l border-slate-200 dark:border-slate-800 ${d === today ? "bg-blue-50/60 dark:bg-blue-950/30" : ""}`}
                style={{ backgroundImage: "repeating-linear-gradient(to bottom, transparent 0, transparent 35px, rgba(100,116,139,.25) 35px, rgba(100,116,139,.25) 36px)" }}
              >
                {sel
                  .filter((p) => p.day === d)
                  .map((p) => (
                    <div key="sel" aria-hidden="true" className="pointer-events-none absolute inset-x-0.5 rounded border-2 border-dashed border-blue-600 bg-blue-200/50 dark:border-blue-400 dark:bg-blue-800/40" style={{ top: (p.startMin / 30) * SLOT_PX, height: Math.max(SLOT_PX, ((p.endMin - p.startMin) / 30) * SLOT_PX) }} data-testid="calendar-selection" />
                  ))}
                {placed
                  .filter((p) => p.day === d)
                  .map((p) => {
                    const it = items.find((x) => x.id === p.item.id)!;
                    return (
                      <div
                        key={it.id}
                        data-event-id={it.id}
                        className={`absolute overflow-hidden rounded border border-blue-800 bg-blue-100 text-blue-950 shadow-sm dark:border-blue-300 dark:bg-blue-900 dark:text-blue-50 ${dragging === it.id ? "opacity-80 ring-2 ring-blue-600" : ""} ${canManage ? "cursor-grab" : ""}`}
                        style={{ top: (p.startMin / 30) * SLOT_PX, height: Math.max(SLOT_PX, ((p.endMin - p.startMin) / 30) * SLOT_PX), left: `${(p.lane / p.lanes) * 100}%`, width: `${100 / p.lanes}%` }}
                        data-testid="calendar-event"
                        data-start={it.start.toISOString()}
                        data-end={it.end.toISOString()}
                      >
                        <button type="button" className="block h-full w-full px-1 text-left text-xs leading-tight" onClick={(e) => e.detail === 0 && onOpen(it)}>
                          <span aria-hidden="true">🛠 </span>
                          <strong>{hhmm(it.start)}</strong> {it.serviceDisplayName}
                          <span className="block truncate">{it.title}</span>
                          <span className="sr-only">{eventTail(it)}</span>
                        </button>
                        {canManage && !p.continuesAfter && <div data-resize="end" aria-hidden="true" className="absolute inset-x-0 bottom-0 h-1.5 cursor-ns-resize bg-blue-800/60 dark:bg-blue-300/60" data-testid="resize-handle" />}
                      </div>
                    );
                  })}
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function MonthGrid({ days, month, today, items, selection, gridRef, handlers, onOpen, dragging, canManage }: { days: string[]; month: string; today: string; items: Item[]; selection: { startsAt: Date; endsAt: Date } | null; gridRef: React.RefObject<HTMLDivElement | null>; handlers: Handlers; onOpen: (it: Item) => void; dragging: number | null; canManage: boolean }) {
  const inSelection = (d: string) => selection !== null && dayStart(d).getTime() >= selection.startsAt.getTime() && dayStart(d).getTime() < selection.endsAt.getTime();
  return (
    <div className="card p-0">
      <div className="grid grid-cols-7 border-b border-slate-200 text-center text-sm font-medium dark:border-slate-800" aria-hidden="true">
        {WEEKDAYS.map((w) => (
          <div key={w} className="py-1">
            {w}
          </div>
        ))}
      </div>
      <div ref={gridRef} className={`grid touch-none select-none grid-cols-7 grid-rows-6 ${canManage ? "cursor-crosshair" : ""}`} data-testid="calendar-grid" data-view="month" {...handlers}>
        {days.map((d) => {
          const start = dayStart(d).getTime();
          const here = items.filter((it) => it.start.getTime() < start + DAY_MS && it.end.getTime() > start);
          return (
            <div key={d} data-day={d} className={`min-h-24 border-b border-l border-slate-200 p-1 dark:border-slate-800 ${d.startsWith(month) ? "" : "bg-slate-50 dark:bg-slate-950"} ${inSelection(d) ? "bg-blue-200/60 dark:bg-blue-800/40" : ""}`} data-selected={inSelection(d) || undefined}>
              <div className={`text-xs ${d === today ? "inline-block rounded-full bg-blue-700 px-1.5 font-bold text-white" : d.startsWith(month) ? "" : "muted"}`}>
                {Number(d.slice(8))}
                {d === today && <span className="sr-only"> (today)</span>}
              </div>
              <ul className="mt-1 space-y-0.5">
                {here.map((it) => {
                  const endsToday = it.end.getTime() <= start + DAY_MS;
                  return (
                    <li key={it.id} data-event-id={it.id} className={`relative rounded border border-blue-800 bg-blue-100 text-blue-950 dark:border-blue-300 dark:bg-blue-900 dark:text-blue-50 ${dragging === it.id ? "ring-2 ring-blue-600" : ""}`} data-testid="calendar-event" data-start={it.start.toISOString()} data-end={it.end.toISOString()}>
                      <button type="button" className="block w-full truncate px-1 pr-2 text-left text-xs" onClick={(e) => e.detail === 0 && onOpen(it)}>
                        {it.start.getTime() >= start ? hhmm(it.start) : "…"} {it.serviceDisplayName}: {it.title}
                        <span className="sr-only">{eventTail(it)}</span>
                      </button>
                      {canManage && endsToday && <div data-resize="end" aria-hidden="true" className="absolute inset-y-0 right-0 w-1.5 cursor-ew-resize bg-blue-800/60 dark:bg-blue-300/60" data-testid="resize-handle" />}
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </div>
  );
}
