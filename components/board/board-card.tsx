"use client";

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { BoardCard as Card, BoardPerson, BoardSnapshot } from "@/lib/board/card";
import { PriorityBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatAge } from "@/components/ui/relative-time";

export const cardKey = (id: number) => `task-${id}`;

const isOverdue = (card: Card, now: number) => card.neededBy !== undefined && Date.parse(card.neededBy) < now - 86_400_000 && card.status !== "DONE";

/** The card as it follows the pointer (DragOverlay): what it is, without its controls. */
export function CardGhost({ card }: { card: Card }) {
  return (
    <div data-testid="drag-overlay" className="w-72 rotate-1 cursor-grabbing rounded-md border border-blue-600 bg-white p-2 text-sm shadow-xl dark:bg-slate-800">
      <div className="flex items-center gap-1">
        <span className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">{card.key}</span>
        <PriorityBadge priority={card.priority} />
      </div>
      <div className="mt-1 font-medium">{card.title}</div>
    </div>
  );
}

type Props = {
  card: Card;
  snapshot: BoardSnapshot;
  now: number;
  canMove: boolean;
  operators: BoardPerson[];
  selected: boolean;
  failed: boolean;
  onToggle: () => void;
  onOpen: () => void;
  onAssign: (username: string) => void;
  /** While dragged: whether it is over its own column (its slot is then the placeholder). */
  landsHere: boolean;
};

/** Where the dragged card will land. */
export function DropPlaceholder() {
  return <div data-testid="drop-placeholder" className="h-16 shrink-0 rounded-md border-2 border-dashed border-blue-500 bg-blue-50/60 dark:bg-blue-950/40" aria-hidden="true" />;
}

/** A card on the board: sortable by its handle; while dragged, a dashed placeholder stays where it will land. */
export function BoardCard({ card, snapshot, now, canMove, operators, selected, failed, onToggle, onOpen, onAssign, landsHere }: Props) {
  const assignee = card.assigneeId == null ? null : (snapshot.people[String(card.assigneeId)] ?? null);
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: cardKey(card.id), disabled: !canMove });
  const overdue = isOverdue(card, now);
  return (
    <article
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid={`card-${card.id}`}
      data-status={card.status}
      data-task-row
      aria-label={`${card.key} ${card.title}`}
      // While dragged, the card keeps its size (nothing shifts under the pointer): within its own column
      // it becomes the dashed placeholder of where it will land; dragged elsewhere, it fades.
      className={`relative rounded-md border bg-white p-2 text-sm shadow-sm dark:bg-slate-800 ${isDragging && !landsHere ? "opacity-40" : ""} ${failed ? "border-red-600 ring-2 ring-red-600" : selected ? "border-blue-600 ring-2 ring-blue-600" : "border-slate-200 dark:border-slate-700"}`}
    >
      {isDragging && landsHere && <div data-testid="drop-placeholder" className="absolute inset-0 z-10 rounded-md border-2 border-dashed border-blue-500 bg-blue-50 dark:bg-blue-950" aria-hidden="true" />}
      <div className="flex items-start gap-1">
        {canMove && (
          <button type="button" className="cursor-grab touch-none rounded px-1 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-700" aria-label={`Move ${card.title}`} {...attributes} {...listeners}>
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-1">
            <span className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">{card.key}</span>
            <PriorityBadge priority={card.priority} />
          </div>
          <button type="button" onClick={onOpen} className="mt-1 block text-left font-medium text-blue-700 hover:underline dark:text-blue-300" aria-haspopup="dialog" data-row-link>{card.title}</button>
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
                <input type="checkbox" className="ml-auto" checked={selected} onChange={onToggle} aria-label={`Select ${card.title}`} data-select />
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
