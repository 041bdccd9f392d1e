"use client";

import { useActionState, useState } from "react";
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

/** The moves this person may make from here; those that need a reason ask for one first. */
export function TransitionButtons({ taskId, version, moves }: { taskId: number; version: number; moves: Move[] }) {
  const [state, formAction, pending] = useActionState(transitionAction, null);
  const [asking, setAsking] = useState<Move | null>(null);
  if (!moves.length) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {moves.map((m) =>
          m.reasonRequired ? (
            <button key={m.to} type="button" className={`btn ${m.tone === "danger" ? "btn-danger" : ""}`} onClick={() => setAsking(m)} aria-expanded={asking?.to === m.to}>
              {m.label}…
            </button>
          ) : (
            <form key={m.to} action={formAction}>
              <input type="hidden" name="taskId" value={taskId} />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="to" value={m.to} />
              <button className={`btn ${m.tone === "primary" ? "btn-primary" : ""}`} disabled={pending}>
                {m.label}
              </button>
            </form>
          ),
        )}
      </div>
      {asking && (
        <form action={formAction} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="taskId" value={taskId} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="to" value={asking.to} />
          <div className="min-w-64 flex-1">
            <label className="label" htmlFor={`reason-${taskId}`}>
              Reason to {asking.label.toLowerCase()}
            </label>
            <input id={`reason-${taskId}`} name="reason" className="field" maxLength={2000} autoFocus />
          </div>
          <button className="btn btn-primary" disabled={pending}>
            Confirm: {asking.label}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(null)}>
            Back
          </button>
        </form>
      )}
      <Status state={state} />
    </div>
  );
}

export function DecisionButtons({ taskId, version }: { taskId: number; version: number }) {
  return (
    <div className="mt-3">
      <TransitionButtons
        taskId={taskId}
        version={version}
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
