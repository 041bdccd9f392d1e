"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import useSWR from "swr";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import type { CardDetail } from "@/lib/board/card-detail";
import type { CardPatch } from "@/lib/board/card";
import { PRIORITY_OPTIONS } from "@/lib/tasks/form-options";
import { PriorityBadge, TaskStatusBadge } from "@/components/ui/badges";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatAge } from "@/components/ui/relative-time";
import { useNow } from "@/components/ui/use-now";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

const fetcher = async (url: string) => {
  const r = await fetch(url, { cache: "no-store" });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(json?.error?.message ?? `Could not load the task (${r.status}).`);
  return json as CardDetail;
};

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export type DrawerChange = { patch: CardPatch; text: string; warnings: string[]; stateChanged: boolean };

/**
 * The card panel: the request (description, dataset, priority, needed-by, campaigns), its history in
 * words and its comments; state, assignee, priority and needed-by are changed in place (through the
 * same commands and policy as everywhere). A modal dialog: focus stays inside until it is closed.
 */
export function TaskDrawer({ taskRef, onClose, onChanged }: { taskRef: string; onClose: () => void; onChanged: (c: DrawerChange) => void }) {
  const url = `/api/v1/board/cards/${encodeURIComponent(taskRef)}`;
  const { data, error, mutate } = useSWR(url, fetcher, { refreshInterval: 5000 });
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [asking, setAsking] = useState<TaskStatus | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close.current();
        return;
      }
      if (e.key !== "Tab" || !panel.current) return;
      // The focus trap: Tab and Shift+Tab cycle through the panel's controls.
      const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      const inside = panel.current.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside || document.activeElement === panel.current)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  async function edit(body: Record<string, unknown>, done: (d: CardDetail) => string, stateChanged = false) {
    if (!data) return;
    try {
      const r = await fetch(url, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ version: data.version, ...body }) });
      const json = await r.json().catch(() => ({}));
      if (!r.ok) {
        setStatus({ ok: false, text: `Not changed: ${json?.error?.message ?? `refused (${r.status})`}` });
        await mutate();
        return;
      }
      const text = done(data);
      setStatus({ ok: true, text: [text, ...(json.warnings ?? [])].join(" ") });
      setAsking(null);
      onChanged({ patch: json.card, text, warnings: json.warnings ?? [], stateChanged });
      // The next change is based on the version this one produced, even before the panel is re-read.
      const patch = json.card as CardPatch;
      await mutate((d) => (d ? { ...d, version: patch.version, status: patch.status, priority: patch.priority ?? d.priority, neededBy: patch.neededBy === undefined ? d.neededBy : patch.neededBy } : d), { revalidate: true });
    } catch {
      setStatus({ ok: false, text: "Not changed: the server could not be reached. Check your connection and try again." });
    }
  }

  const now = useNow();
  return (
    <div className="fixed inset-0 z-40 flex justify-end bg-slate-900/40" onClick={() => close.current()}>
      <div ref={panel} role="dialog" aria-modal="true" aria-labelledby="drawer-title" tabIndex={-1} className="h-full w-full max-w-xl overflow-y-auto bg-white p-4 shadow-xl outline-none dark:bg-slate-900" onClick={(e) => e.stopPropagation()} data-testid="task-drawer">
        <div className="flex items-start justify-between gap-2">
          <h2 id="drawer-title" className="text-lg font-semibold">
            {data ? <><span className="mr-2 font-mono text-sm text-slate-600 dark:text-slate-300">{data.key}</span>{data.title}</> : error ? "Task" : "Loading…"}
          </h2>
          <button type="button" className="btn" onClick={() => close.current()}>Close</button>
        </div>
        {error && <p role="alert" className="mt-2 text-red-700 dark:text-red-300">{String(error.message)}</p>}
        {data && (
          <>
            <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
              <TaskStatusBadge status={data.status} />
              <PriorityBadge priority={data.priority} />
              <span className="muted">{data.kind} · requested by {data.requester}</span>
              <Link href={`/tasks/${data.key}`}>Open the full page</Link>
            </div>

            <section aria-labelledby="drawer-edit" className="mt-4 grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 dark:border-slate-700">
              <h3 id="drawer-edit" className="sr-only">Change in place</h3>
              <div>
                <label className="label" htmlFor="drawer-state">State</label>
                <select
                  id="drawer-state"
                  className="field"
                  value=""
                  disabled={!data.moves.length}
                  onChange={(e) => {
                    const move = data.moves.find((m) => m.to === e.target.value);
                    if (!move) return;
                    if (move.reasonRequired) setAsking(move.to);
                    else void edit({ status: { to: move.to } }, (d) => `${d.key} is now ${STATUS_LABEL[move.to].toLowerCase()}.`, true);
                  }}
                >
                  <option value="">{STATUS_LABEL[data.status]}{data.moves.length ? " — move to…" : ""}</option>
                  {data.moves.map((m) => <option key={m.to} value={m.to}>{m.label}{m.reasonRequired ? " (asks why)" : ""}</option>)}
                </select>
              </div>
              <div>
                <label className="label" htmlFor="drawer-assignee">Assignee</label>
                {data.canAssign ? (
                  <select id="drawer-assignee" className="field" value={data.assignee?.username ?? ""} onChange={(e) => {
                    const username = e.target.value || null;
                    const name = data.operators.find((o) => o.username === username)?.name;
                    void edit({ assignee: username }, (d) => (name ? `${d.key} is assigned to ${name}.` : `${d.key} is unassigned.`), true);
                  }}>
                    <option value="">Unassigned</option>
                    {data.operators.map((o) => <option key={o.username} value={o.username}>{o.name}</option>)}
                  </select>
                ) : (
                  <p id="drawer-assignee" className="text-sm">{data.assignee?.name ?? "Unassigned"}</p>
                )}
              </div>
              <div>
                <label className="label" htmlFor="drawer-priority">Priority</label>
                <select id="drawer-priority" className="field" value={data.priority} disabled={!data.canPlan} onChange={(e) => {
                  const label = PRIORITY_OPTIONS.find((p) => p.value === e.target.value)?.label ?? e.target.value;
                  void edit({ priority: e.target.value }, (d) => `${d.key} is now ${label.toLowerCase()} priority.`);
                }}>
                  {PRIORITY_OPTIONS.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
                </select>
              </div>
              <div>
                <label className="label" htmlFor="drawer-needed-by">Needed by</label>
                <input id="drawer-needed-by" type="date" className="field" defaultValue={data.neededBy ?? ""} key={`${data.version}-${data.neededBy}`} disabled={!data.canPlan} onBlur={(e) => {
                  const v = e.target.value || null;
                  if (v !== data.neededBy) void edit({ neededBy: v }, (d) => (v ? `${d.key} is needed by ${v}.` : `${d.key} has no needed-by date now.`));
                }} onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    e.currentTarget.blur();
                  }
                }} />
              </div>
              {!data.canPlan && <p className="muted text-xs sm:col-span-2">Only OPOS operators and the experiment&apos;s coordinator change the priority and needed-by date of approved work.</p>}
              {asking && (
                <form className="space-y-2 sm:col-span-2" onSubmit={(e) => {
                  e.preventDefault();
                  const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
                  if (!reason) return setStatus({ ok: false, text: `Give a reason to move it to ${STATUS_LABEL[asking].toLowerCase()}.` });
                  void edit({ status: { to: asking, reason } }, (d) => `${d.key} is now ${STATUS_LABEL[asking].toLowerCase()}.`, true);
                }}>
                  <label className="label" htmlFor="drawer-reason">Why move it to {STATUS_LABEL[asking].toLowerCase()}?</label>
                  <input id="drawer-reason" name="reason" className="field" maxLength={2000} autoFocus />
                  <div className="flex gap-2">
                    <button className="btn btn-primary">Move to {STATUS_LABEL[asking].toLowerCase()}</button>
                    <button type="button" className="btn" onClick={() => setAsking(null)}>Cancel</button>
                  </div>
                </form>
              )}
              <p role="status" aria-live="polite" data-testid="drawer-status" className={`text-sm sm:col-span-2 ${status?.ok === false ? "text-red-700 dark:text-red-300" : "text-green-800 dark:text-green-300"}`}>{status?.text ?? ""}</p>
            </section>

            <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-2">
              <div><dt className="muted">Input dataset or query</dt><dd className="font-mono break-all" data-testid="drawer-dataset">{data.inputDataset || "—"}</dd></div>
              <div><dt className="muted">Software version</dt><dd className="font-mono">{data.softwareVersion || "—"}</dd></div>
            </dl>
            <h3 className="mt-4 font-semibold">Description</h3>
            {data.descriptionHtml ? <div className="prose-task text-sm" data-testid="drawer-description" dangerouslySetInnerHTML={{ __html: data.descriptionHtml }} /> : <p className="muted text-sm">No description.</p>}

            <h3 className="mt-4 font-semibold">Campaigns</h3>
            {data.campaigns.length ? (
              <ul className="space-y-2 text-sm">
                {data.campaigns.map((c) => (
                  <li key={c.name}>
                    <Link href={`/campaigns?q=${encodeURIComponent(c.name)}`} className="font-mono">{c.name}</Link>
                    <ProgressBar done={c.done} failed={c.failed} total={c.total} label={`${c.name} submissions`} />
                  </li>
                ))}
              </ul>
            ) : <p className="muted text-sm">No campaign linked yet.</p>}

            <h3 className="mt-4 font-semibold">History</h3>
            <ol className="mt-1 space-y-2 text-sm" data-testid="drawer-history">
              {data.history.map((h) => (
                <li key={h.id} className="border-l-2 border-slate-300 pl-2 dark:border-slate-700">
                  <strong>{h.who}</strong> {h.what} <span className="muted">{formatAge(now - Date.parse(h.at))}</span>
                  {h.reason && <div className="muted">Reason: {h.reason}</div>}
                  {h.details.length > 0 && <ul className="muted">{h.details.map((d) => <li key={d}>{d}</li>)}</ul>}
                </li>
              ))}
            </ol>

            <h3 className="mt-4 font-semibold">Comments</h3>
            <ul className="mt-1 space-y-2 text-sm" data-testid="drawer-comments">
              {data.comments.map((c) => (
                <li key={c.id}><span className="muted text-xs">{c.author} · {formatAge(now - Date.parse(c.createdAt))}</span><div className="prose-task" dangerouslySetInnerHTML={{ __html: c.html }} /></li>
              ))}
            </ul>
            <form
              className="mt-2 space-y-2"
              onSubmit={async (e) => {
                e.preventDefault();
                const form = e.currentTarget;
                const body = String(new FormData(form).get("body") ?? "");
                try {
                  const r = await fetch(`/api/v1/tasks/${data.id}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body }) });
                  const json = await r.json().catch(() => ({}));
                  setStatus(r.ok ? { ok: true, text: "Comment added." } : { ok: false, text: json?.error?.message ?? "The comment was refused." });
                  if (r.ok) {
                    form.reset();
                    await mutate();
                  }
                } catch {
                  setStatus({ ok: false, text: "The comment was not sent: the server could not be reached." });
                }
              }}
            >
              <label className="label" htmlFor="drawer-comment">Comment</label>
              <textarea id="drawer-comment" name="body" rows={3} className="field" maxLength={5000} />
              <button className="btn">Add comment</button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
