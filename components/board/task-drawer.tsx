"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import useSWR from "swr";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

type Event = { id: number; kind: string; fromStatus: TaskStatus | null; toStatus: TaskStatus | null; reason: string | null; changes: Record<string, { from: unknown; to: unknown }> | null; createdAt: string; actor: { name: string } | null };
type Detail = { task: { id: number; title: string; status: TaskStatus; events: Event[]; comments: { id: number; body: string; createdAt: string; author: { name: string } }[] } };

const fetcher = async (url: string) => {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`Could not load the task (${r.status}).`);
  return (await r.json()) as Detail;
};

function describe(e: Event) {
  if (e.kind === "CREATED") return "requested it";
  if (e.kind === "EDITED") return "edited it";
  if (e.kind === "COMMENTED") return "commented";
  if (e.kind === "MOVED") return "reordered it";
  if (e.kind === "LINKED" || e.kind === "UNLINKED") return `${e.kind === "LINKED" ? "linked" : "unlinked"} a campaign`;
  if (e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus) return `moved it from ${STATUS_LABEL[e.fromStatus]} to ${STATUS_LABEL[e.toStatus]}`;
  return "changed the assignee";
}

/** The card drawer: full history with who moved it from where to where, field diffs, and comments. */
export function TaskDrawer({ taskId, onClose }: { taskId: number; onClose: () => void }) {
  const { data, error, mutate } = useSWR(`/api/v1/tasks/${taskId}`, fetcher, { refreshInterval: 5000 });
  const [status, setStatus] = useState("");
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      previous?.focus();
    };
  }, [onClose]);
  const now = useNow();
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/40" onClick={onClose}>
      <div ref={panel} role="dialog" aria-modal="true" aria-labelledby="drawer-title" tabIndex={-1} className="h-full w-full max-w-lg overflow-y-auto bg-white p-4 shadow-xl dark:bg-slate-900" onClick={(e) => e.stopPropagation()} data-testid="task-drawer">
        <div className="flex items-start justify-between gap-2">
          <h2 id="drawer-title" className="text-lg font-semibold">{data?.task.title ?? "Loading…"}</h2>
          <button type="button" className="btn" onClick={onClose}>Close</button>
        </div>
        {error && <p role="alert" className="text-red-700 dark:text-red-300">{String(error.message)}</p>}
        {data && (
          <>
            <p className="mt-1 text-sm"><Link href={`/tasks/${taskId}`}>Open the full page</Link> · now {STATUS_LABEL[data.task.status]}</p>
            <h3 className="mt-4 font-semibold">History</h3>
            <ol className="mt-1 space-y-2 text-sm" data-testid="drawer-history">
              {data.task.events.map((e) => (
                <li key={e.id} className="border-l-2 border-slate-300 pl-2 dark:border-slate-700">
                  <strong>{e.actor?.name ?? "System"}</strong> {describe(e)} <span className="muted">{formatAge(now - Date.parse(e.createdAt))}</span>
                  {e.reason && e.kind !== "COMMENTED" && <div className="muted">Reason: {e.reason}</div>}
                  {e.changes && (
                    <ul className="muted">
                      {Object.entries(e.changes).map(([f, c]) => (
                        <li key={f}><span className="font-mono">{f}</span>: {String(c.from ?? "—")} → {String(c.to ?? "—")}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
            <h3 className="mt-4 font-semibold">Comments</h3>
            <ul className="mt-1 space-y-2 text-sm" data-testid="drawer-comments">
              {data.task.comments.map((c) => (
                <li key={c.id}><span className="muted text-xs">{c.author.name} · {formatAge(now - Date.parse(c.createdAt))}</span><p className="whitespace-pre-wrap">{c.body}</p></li>
              ))}
            </ul>
            <form
              className="mt-2 space-y-2"
              onSubmit={async (e) => {
                e.preventDefault();
                const form = e.currentTarget;
                const body = String(new FormData(form).get("body") ?? "");
                const r = await fetch(`/api/v1/tasks/${taskId}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body }) });
                const json = await r.json().catch(() => ({}));
                setStatus(r.ok ? "Comment added." : (json?.error?.message ?? "Refused."));
                if (r.ok) {
                  form.reset();
                  await mutate();
                }
              }}
            >
              <label className="label" htmlFor="drawer-comment">Comment</label>
              <textarea id="drawer-comment" name="body" rows={3} className="field" maxLength={5000} />
              <button className="btn">Add comment</button>
              <p role="status" className="text-sm">{status}</p>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
