"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { matchItems, type PaletteItem } from "@/lib/shell/shortcuts";
import { parseTaskRef } from "@/lib/tasks/keys";
import { OPEN_SHORTCUTS } from "./keyboard-shortcuts";

type TaskHit = { key: string; title: string; status: string };
type Entry = PaletteItem & { kind: "page" | "task" };

export const OPEN_PALETTE = "poms:open-palette";
const SHORTCUTS_ITEM: PaletteItem = { label: "Keyboard shortcuts", href: "#keyboard-shortcuts", hint: "help keys" };

/**
 * Ctrl/Cmd-K: one box that finds tasks by key or words (the Tasks list's search) and jumps to pages:
 * a typed key first, then the pages whose names match, then matching tasks.
 * A modal <dialog> (the page behind is inert), a combobox with a listbox: arrows choose, Enter goes,
 * Esc closes and focus returns where it was.
 */
export function CommandPalette({ pages }: { pages: PaletteItem[] }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [tasks, setTasks] = useState<TaskHit[]>([]);
  const [searching, setSearching] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();

  const open = useCallback(() => {
    if (!dialog.current || dialog.current.open) return;
    setText("");
    setTasks([]);
    setActive(0);
    dialog.current.showModal();
    input.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (dialog.current?.open) dialog.current.close();
        else open();
      }
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_PALETTE, open);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_PALETTE, open);
    };
  }, [open]);

  // Tasks matching what is typed, from the same search as the Tasks list; stale answers are dropped.
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) return;
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      setSearching(true);
      try {
        const r = await fetch(`/api/v1/tasks?pageSize=8&q=${encodeURIComponent(q)}`, { signal: ctrl.signal });
        if (r.ok) setTasks(((await r.json()).tasks as { key: string; title: string; status: string }[]).map((x) => ({ key: x.key, title: x.title, status: x.status })));
      } catch {
        /* aborted or offline: keep the pages */
      } finally {
        if (!ctrl.signal.aborted) setSearching(false);
      }
    }, 150);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [text]);

  const ref = parseTaskRef(text);
  const direct: Entry[] = ref && "experiment" in ref ? [{ kind: "task", label: `Open ${ref.experiment.toUpperCase()}-${ref.number}`, href: `/tasks/${ref.experiment.toUpperCase()}-${ref.number}` }] : [];
  const shownTasks = text.trim().length < 2 ? [] : tasks;
  const entries: Entry[] = [
    ...direct,
    ...matchItems([...pages, SHORTCUTS_ITEM], text).map((p) => ({ ...p, kind: "page" as const })),
    ...shownTasks.filter((t) => !direct.some((d) => d.href === `/tasks/${t.key}`)).map((t) => ({ kind: "task" as const, label: `${t.key} ${t.title}`, href: `/tasks/${t.key}` })),
    ...(text.trim().length >= 2 ? [{ kind: "page" as const, label: `Search tasks for “${text.trim()}”`, href: `/tasks?q=${encodeURIComponent(text.trim())}` }] : []),
  ];
  const at = Math.min(active, Math.max(0, entries.length - 1));
  const go = (e: Entry | undefined) => {
    if (!e) return;
    dialog.current?.close();
    if (e.href === SHORTCUTS_ITEM.href) window.dispatchEvent(new Event(OPEN_SHORTCUTS));
    else router.push(e.href);
  };

  return (
    <dialog
      ref={dialog}
      aria-label="Command palette"
      className="dialog mt-[12vh] w-[min(40rem,calc(100vw-2rem))] p-0"
      data-testid="command-palette"
      onClick={(e) => e.target === dialog.current && dialog.current.close()}
    >
      <div className="border-b border-slate-200 p-3 dark:border-slate-700">
        <label htmlFor={`${id}-input`} className="sr-only">Find a task or a page</label>
        <input
          ref={input}
          id={`${id}-input`}
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={entries.length ? `${id}-opt-${at}` : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          placeholder="Find a task by key or words, or go to a page…"
          className="field w-full text-base"
          value={text}
          maxLength={100}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, entries.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              go(entries[at]);
            }
          }}
        />
      </div>
      <ul id={`${id}-list`} role="listbox" aria-label="Results" className="max-h-[50vh] overflow-y-auto p-1">
        {entries.map((e, i) => (
          <li
            key={`${e.kind}-${e.href}`}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === at}
            className={`flex cursor-pointer items-center justify-between gap-2 rounded px-3 py-2 text-sm ${i === at ? "bg-blue-700 text-white" : ""}`}
            onMouseMove={() => setActive(i)}
            onClick={() => go(e)}
          >
            <span className="truncate">{e.label}</span>
            <span className={`text-xs ${i === at ? "text-blue-100" : "muted"}`}>{e.kind === "task" ? "Task" : (e.hint ?? "Page")}</span>
          </li>
        ))}
        {entries.length === 0 && <li className="muted px-3 py-2 text-sm" role="presentation">Nothing matches “{text}”.</li>}
      </ul>
      <p className="muted border-t border-slate-200 px-3 py-1.5 text-xs dark:border-slate-700" aria-live="polite">
        {searching ? "Searching tasks…" : "↑ ↓ to choose · Enter to go · Esc to close · ? lists every shortcut"}
      </p>
    </dialog>
  );
}
