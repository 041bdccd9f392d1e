"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import { GO_TO, SHORTCUTS, isTypingTarget } from "@/lib/shell/shortcuts";

export const OPEN_SHORTCUTS = "poms:open-shortcuts";
const OFF_KEY = "poms:single-key-shortcuts";
const listeners = new Set<() => void>();
/** Single-key shortcuts can be turned off (WCAG 2.1.4), remembered in this browser. */
const singleKeysOn = () => typeof localStorage === "undefined" || localStorage.getItem(OFF_KEY) !== "off";
function setSingleKeys(on: boolean) {
  if (on) localStorage.removeItem(OFF_KEY);
  else localStorage.setItem(OFF_KEY, "off");
  listeners.forEach((l) => l());
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Moves focus to the next/previous task of a list or card of the board (j/k, visible ones only) and returns it. */
function stepRow(delta: number): HTMLElement | null {
  const links = [...document.querySelectorAll<HTMLElement>("[data-task-row] [data-row-link]")].filter((l) => l.offsetParent !== null);
  if (!links.length) return null;
  const current = links.findIndex((l) => l.closest("[data-task-row]")?.contains(document.activeElement));
  const next = links[current < 0 ? (delta > 0 ? 0 : links.length - 1) : Math.max(0, Math.min(links.length - 1, current + delta))];
  next.focus();
  next.scrollIntoView({ block: "nearest" });
  return next;
}

/**
 * The single-key shortcuts of SHORTCUTS (lib/shell/shortcuts.ts) and the `?` overlay that lists
 * them. Keys are ignored while typing in a field, with Ctrl/Alt/Meta held, or when a dialog is open.
 */
export function KeyboardShortcuts({ canRequest }: { canRequest: boolean }) {
  const router = useRouter();
  const help = useRef<HTMLDialogElement>(null);
  const pendingG = useRef(0);
  const on = useSyncExternalStore(subscribe, singleKeysOn, () => true);

  useEffect(() => {
    const open = () => help.current?.showModal();
    window.addEventListener(OPEN_SHORTCUTS, open);
    return () => window.removeEventListener(OPEN_SHORTCUTS, open);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!singleKeysOn() || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTypingTarget(e.target as HTMLElement)) return;
      if (document.querySelector("dialog[open], [role=dialog][aria-modal=true]") && e.key !== "?") return;
      const now = Date.now();
      if (now - pendingG.current < 1200 && GO_TO[e.key]) {
        pendingG.current = 0;
        e.preventDefault();
        return router.push(GO_TO[e.key]);
      }
      pendingG.current = e.key === "g" ? now : 0;
      if (e.key === "?") {
        e.preventDefault();
        if (help.current?.open) help.current.close();
        else help.current?.showModal();
      } else if (e.key === "/") {
        const search = document.querySelector<HTMLInputElement>("main input[type=search]");
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === "c" && canRequest) {
        e.preventDefault();
        router.push("/tasks/new");
      } else if (e.key === "j" || e.key === "k") {
        if (stepRow(e.key === "j" ? 1 : -1)) e.preventDefault();
      } else if (e.key === "x" || e.key === "o") {
        const row = (document.activeElement as HTMLElement | null)?.closest("[data-task-row]");
        if (!row) return;
        e.preventDefault();
        if (e.key === "x") row.querySelector<HTMLInputElement>("[data-select]")?.click();
        else row.querySelector<HTMLAnchorElement>("[data-row-link]")?.click();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, canRequest]);

  const scopes = [...new Set(SHORTCUTS.map((s) => s.scope))];
  return (
    <dialog
      ref={help}
      aria-labelledby="shortcuts-title"
      className="dialog w-[min(44rem,calc(100vw-2rem))] p-4"
      data-testid="shortcuts-help"
      onClick={(e) => e.target === help.current && help.current.close()}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="shortcuts-title" className="text-lg font-semibold">Keyboard shortcuts</h2>
        <button type="button" className="btn" onClick={() => help.current?.close()}>Close</button>
      </div>
      <label className="mt-2 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={on} onChange={(e) => setSingleKeys(e.target.checked)} data-testid="single-keys" />
        Single-key shortcuts (all but Ctrl/⌘ K). Turn them off if you use speech input; this list stays in the command palette.
      </label>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        {scopes.map((scope) => (
          <section key={scope} aria-labelledby={`keys-${scope}`}>
            <h3 id={`keys-${scope}`} className="mb-1 font-semibold">{scope}</h3>
            <dl className="space-y-1 text-sm">
              {SHORTCUTS.filter((s) => s.scope === scope && (s.go !== "/tasks/new" || canRequest)).map((s) => (
                <div key={s.keys.join()} className="flex gap-2">
                  <dt className="shrink-0">
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
