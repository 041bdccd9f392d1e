"use client";

import { useState } from "react";
import { sendJson } from "@/components/ui/api-client";
import { ModalDialog } from "@/components/ui/modal-dialog";

/** "Mark located": a person marks a Completed submission Located by hand, with a reason (recorded and audited). */
export function KickButton({ id, onDone }: { id: number; onDone?: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await sendJson<{ status: string }>(`/api/v1/submissions/${id}/kick`, "POST", { reason });
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: `Nothing was done: ${r.message}` });
    setOpen(false);
    setReason("");
    setStatus({ ok: true, text: "Marked located. Its recovery or next stages follow from the next refresh." });
    onDone?.();
  }

  return (
    <div className="space-y-2">
      <button type="button" className="btn" aria-haspopup="dialog" onClick={() => (setStatus(null), setOpen(true))} data-testid="kick-open">
        Mark located…
      </button>
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
      <ModalDialog open={open} title={`Mark submission ${id} located?`} onClose={() => setOpen(false)} testId="kick-dialog">
        <form className="space-y-3" onSubmit={(e) => void confirm(e)}>
          <p className="text-sm">
            The submission becomes Located now, without waiting for its outputs to be catalogued. Its recovery or dependent stages are then launched as for any
            Located submission. Say why: it is kept in its history.
          </p>
          <label className="block text-sm font-medium" htmlFor={`kick-reason-${id}`}>
            Reason
          </label>
          <textarea id={`kick-reason-${id}`} className="field w-full" rows={3} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="kick-reason" />
          {status && !status.ok && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {status.text}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Back
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy || !reason.trim()} data-testid="kick-confirm">
              Mark located
            </button>
          </div>
        </form>
      </ModalDialog>
    </div>
  );
}
