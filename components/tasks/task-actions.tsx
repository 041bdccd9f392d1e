"use client";

import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { UndoToast, requestUndo, type UndoOffer } from "@/components/board/undo-toast";
import type { ActionResult } from "@/lib/http/action";
import { useFormAction } from "@/components/ui/use-form-action";
import { MarkdownField } from "@/components/ui/markdown-field";
import { transitionAction, commentAction, assignAction, linkCampaignAction } from "@/app/(app)/tasks/actions";

function Status({ state }: { state: ActionResult | null }) {
  return (
    <p role="status" aria-live="polite" className={`text-sm ${state?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
      {state?.message ?? ""}
    </p>
  );
}

export type Move = { to: string; label: string; reasonRequired: boolean; tone?: "primary" | "danger" };

const DESTRUCTIVE_WARNING: Record<string, string> = {
  REJECTED: "Rejecting closes the request for good: it cannot be undone or reopened.",
  CANCELLED: "Cancelling closes the task for good: it cannot be undone or reopened.",
};

/**
 * The moves this person may make from here. Those that need a reason ask for one first (and a
 * destructive one says what it does before it is confirmed); the others happen at once and offer an
 * Undo for 10 seconds. `holdRefresh`: the page is refreshed only when the undo window ends (the
 * approval queue, where an approved request leaves the list and would take its Undo with it).
 */
export function TransitionButtons({ taskId, version, moves, holdRefresh = false }: { taskId: number; version: number; moves: Move[]; holdRefresh?: boolean }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(transitionAction, null);
  const [asking, setAsking] = useState<Move | null>(null);
  const [quick, setQuick] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  if (!moves.length && !undo) return null;

  async function makeMove(m: Move) {
    setBusy(true);
    setQuick(null);
    try {
      const r = await fetch(`/api/v1/tasks/${taskId}/transitions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ to: m.to, version }) });
      const json = await r.json().catch(() => ({}));
      if (!r.ok) return setQuick({ ok: false, message: json?.error?.message ?? `The change was refused (${r.status}).` });
      const text = `Now ${(STATUS_LABEL[m.to as keyof typeof STATUS_LABEL] ?? m.label).toLowerCase()}.`;
      setQuick({ ok: true, message: [text, ...(json.warnings ?? [])].join(" ") });
      setUndo({ taskId, version: json.task.version, text: `${m.label}: done.` });
      if (!holdRefresh) router.refresh();
    } catch {
      setQuick({ ok: false, message: "The server could not be reached, so nothing was changed. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  async function undoMove(offer: UndoOffer) {
    setUndo(null);
    const r = await requestUndo(offer);
    setQuick(r.ok ? { ok: true, message: `Undone: it is ${(STATUS_LABEL[r.json.task.status as keyof typeof STATUS_LABEL] ?? r.json.task.status).toLowerCase()} again.` } : { ok: false, message: `Could not undo: ${r.message}` });
    router.refresh();
  }

  return (
    <div className="space-y-2">
      {!undo && (
        <div className="flex flex-wrap gap-2">
          {moves.map((m) =>
            m.reasonRequired ? (
              <button key={m.to} type="button" className={`btn ${m.tone === "danger" ? "btn-danger" : ""}`} onClick={() => { setQuick(null); setAsking(m); }} aria-expanded={asking?.to === m.to}>
                {m.label}…
              </button>
            ) : (
              <button key={m.to} type="button" className={`btn ${m.tone === "primary" ? "btn-primary" : ""}`} disabled={busy || pending} onClick={() => void makeMove(m)}>
                {m.label}
              </button>
            ),
          )}
        </div>
      )}
      {asking && !undo && (
        <form action={formAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="taskId" value={taskId} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="to" value={asking.to} />
          {DESTRUCTIVE_WARNING[asking.to] && <p className="w-full text-sm font-medium text-red-800 dark:text-red-300">{DESTRUCTIVE_WARNING[asking.to]}</p>}
          <div className="min-w-64 flex-1">
            <label className="label" htmlFor={`reason-${taskId}`}>
              Reason to {asking.label.toLowerCase()}
            </label>
            <input id={`reason-${taskId}`} name="reason" className="field" maxLength={2000} autoFocus />
          </div>
          <button className={`btn ${asking.tone === "danger" ? "btn-danger" : "btn-primary"}`} disabled={pending}>
            Confirm: {asking.label}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(null)}>
            Back
          </button>
        </form>
      )}
      <div role="status" aria-live="polite" className="empty:hidden">
        {undo && (
          <UndoToast
            offer={undo}
            onUndo={() => void undoMove(undo)}
            onExpire={() => {
              setUndo(null);
              if (holdRefresh) router.refresh();
            }}
          />
        )}
      </div>
      <Status state={quick ?? state} />
    </div>
  );
}

export function DecisionButtons({ taskId, version }: { taskId: number; version: number }) {
  return (
    <div className="mt-3">
      <TransitionButtons
        taskId={taskId}
        version={version}
        holdRefresh
        moves={[
          { to: "APPROVED", label: "Approve", reasonRequired: false, tone: "primary" },
          { to: "CHANGES_REQUESTED", label: "Ask for changes", reasonRequired: true },
          { to: "REJECTED", label: "Reject", reasonRequired: true, tone: "danger" },
        ]}
      />
    </div>
  );
}

export function CommentForm({ taskId }: { taskId: number }) {
  const { state, pending, form, onSubmit } = useFormAction(commentAction, { resetOnSuccess: true });
  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="taskId" value={taskId} />
      <label className="label" htmlFor="comment-body">Add a comment</label>
      <p id="comment-body-help" className="muted text-xs">Markdown works (**bold**, lists, tables, links); a preview shows as you type.</p>
      <MarkdownField id="comment-body" name="body" previewName="the comment" rows={3} className="field" maxLength={5000} aria-describedby="comment-body-help" />
      <button className="btn" disabled={pending}>Comment</button>
      <Status state={state} />
    </form>
  );
}

export function AssignForm({ taskId, version, current, operators }: { taskId: number; version: number; current: string | null; operators: { username: string; name: string }[] }) {
  const [state, formAction, pending] = useActionState(assignAction, null);
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="version" value={version} />
      <div>
        <label className="label" htmlFor={`assignee-${taskId}`}>Assignee</label>
        <select id={`assignee-${taskId}`} name="assignee" className="field" defaultValue={current ?? ""}>
          <option value="">Nobody</option>
          {operators.map((o) => (
            <option key={o.username} value={o.username}>{o.name}</option>
          ))}
        </select>
      </div>
      <button className="btn" disabled={pending}>Assign</button>
      <Status state={state} />
    </form>
  );
}

export function LinkCampaignForm({ taskId, campaigns }: { taskId: number; campaigns: { id: number; name: string }[] }) {
  const [state, formAction, pending] = useActionState(linkCampaignAction, null);
  if (!campaigns.length) return <p className="muted text-sm">The experiment has no campaigns yet.</p>;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="taskId" value={taskId} />
      <div>
        <label className="label" htmlFor={`campaign-${taskId}`}>Link a campaign</label>
        <select id={`campaign-${taskId}`} name="campaignId" className="field">
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </div>
      <button className="btn" disabled={pending}>Link</button>
      <Status state={state} />
    </form>
  );
}
