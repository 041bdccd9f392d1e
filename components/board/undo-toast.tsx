"use client";

import { useEffect, useRef, useState } from "react";

export type UndoOffer = { taskId: number; version: number; text: string };
type Answer = { ok: true; json: { card: import("@/lib/board/card").CardPatch; task: { status: string } } } | { ok: false; message: string };

/** Asks the server to undo my last change of a task; the answer is a card patch or the reason it was refused. */
export async function requestUndo(offer: UndoOffer): Promise<Answer> {
  try {
    const r = await fetch(`/api/v1/tasks/${offer.taskId}/undo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ version: offer.version }) });
    const json = await r.json().catch(() => ({}));
    return r.ok ? { ok: true, json } : { ok: false, message: json?.error?.message ?? `The undo was refused (${r.status}).` };
  } catch {
    return { ok: false, message: "The server could not be reached: nothing was undone." };
  }
}

/**
 * "Moved NOVA-57 to In progress. Undo" for 10 seconds after a change, announced politely, reachable by
 * keyboard (a plain button in the page's order); the countdown is shown but not read out.
 */
export function UndoToast({ offer, onUndo, onExpire, seconds = 10 }: { offer: UndoOffer; onUndo: () => void; onExpire: () => void; seconds?: number }) {
  const [left, setLeft] = useState(seconds);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  }, [onExpire]);
  useEffect(() => {
    const started = Date.now();
    const t = setInterval(() => {
      const remaining = seconds - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) {
        clearInterval(t);
        expire.current();
      } else setLeft(remaining);
    }, 250);
    return () => clearInterval(t);
  }, [offer, seconds]);
  return (
    <div data-testid="undo-toast" className="flex flex-wrap items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm dark:border-slate-600 dark:bg-slate-800">
      <span>{offer.text}</span>
      <button type="button" className="btn py-0.5" onClick={onUndo}>
        Undo
      </button>
      <span className="muted text-xs" aria-hidden="true">
        {left} s
      </span>
    </div>
  );
}
