"use client";

import { useId, useState } from "react";
import { sendJson } from "@/components/ui/api-client";
import { cursorSetHint } from "@/lib/submissions/labels";

type Action = "reset" | "back" | "set";

/** Moving the split cursor by hand: reset, one slice back, or set; every change asks why and is recorded. */
export function CursorForm({ stageId, splitType, onDone }: { stageId: number; splitType: string; onDone: () => void }) {
  const [action, setAction] = useState<Action>("back");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const id = useId();
  const hint = cursorSetHint(splitType);

  async function submit() {
    if (!reason.trim()) return setStatus({ ok: false, text: "Say why the cursor moves: it is recorded in the stage's history." });
    const n = Number(value);
    if (action === "set" && (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))) return setStatus({ ok: false, text: "Give the new position as a whole number." });
    setBusy(true);
    const r = await sendJson<{ description: string }>(`/api/v1/stages/${stageId}/cursor`, "POST", { action, reason: reason.trim(), ...(action === "set" ? { value: n } : {}) });
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: `Not moved: ${r.message}` });
    setReason("");
    setValue("");
    setStatus({ ok: true, text: `The cursor moved: ${r.data.description}.` });
    onDone();
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="cursor-form"
    >
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="label">Move the cursor</legend>
        <label className="flex items-center gap-1">
          <input type="radio" name={`${id}-action`} checked={action === "back"} onChange={() => setAction("back")} /> One slice back
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name={`${id}-action`} checked={action === "reset"} onChange={() => setAction("reset")} /> Back to the start
        </label>
        {hint && (
          <label className="flex items-center gap-1">
            <input type="radio" name={`${id}-action`} checked={action === "set"} onChange={() => setAction("set")} /> Set to…
          </label>
        )}
      </fieldset>
      <div className="flex flex-wrap items-end gap-2">
        {action === "set" && hint && (
          <div>
            <label className="label" htmlFor={`${id}-value`}>New position</label>
            <input id={`${id}-value`} className="field w-32" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-describedby={`${id}-hint`} />
            <p id={`${id}-hint`} className="muted mt-1 max-w-xs text-xs">{hint}</p>
          </div>
        )}
        <div className="min-w-56 flex-1">
          <label className="label" htmlFor={`${id}-reason`}>Why</label>
          <input id={`${id}-reason`} className="field" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button className="btn" disabled={busy}>Move the cursor</button>
      </div>
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
    </form>
  );
}
