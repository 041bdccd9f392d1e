"use client";

import { useDroppable } from "@dnd-kit/core";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import type { BoardLimit } from "@/lib/board/card";

export const columnKey = (lane: string, status: string) => `col|${lane}|${status}`;

/** How full a column is against its WIP limit: colour says it (amber over soft, red at hard). */
export function limitTone(count: number, limit?: BoardLimit) {
  return limit?.hardLimit != null && count >= limit.hardLimit ? "hard" : limit?.softLimit != null && count > limit.softLimit ? "soft" : null;
}

export function CountBadge({ count, limit, testId }: { count: number; limit?: BoardLimit; testId?: string }) {
  const over = limitTone(count, limit);
  return (
    <span
      data-testid={testId}
      className={`rounded-full px-2 text-xs font-semibold ${over === "hard" ? "bg-red-700 text-white" : over === "soft" ? "bg-amber-300 text-amber-950" : "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100"}`}
      title={limit ? `soft limit ${limit.softLimit ?? "none"}, hard limit ${limit.hardLimit ?? "none"}` : undefined}
    >
      {count}
      {limit?.hardLimit != null ? ` / ${limit.hardLimit}` : limit?.softLimit != null ? ` / ${limit.softLimit}` : ""}
    </span>
  );
}

/** One cell of the board: a column within a lane, a drop target. Collapsed, it stays a (narrow) drop target. */
export function Column({ id, status, title, collapsed, hiddenOnPhone, children }: { id: string; status: TaskStatus; title: string; collapsed: boolean; hiddenOnPhone: boolean; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div
      ref={setNodeRef}
      data-testid={`column-${status}`}
      aria-label={title}
      role="group"
      className={`${hiddenOnPhone ? "max-sm:hidden" : ""} flex min-h-24 min-w-0 flex-col gap-2 rounded-lg border p-2 ${isOver ? "border-blue-500 bg-blue-50 dark:bg-blue-950" : "border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900/60"}`}
    >
      {collapsed ? <span className="muted text-xs [writing-mode:vertical-rl]">{title}</span> : children}
    </div>
  );
}
