"use client";

import { useId, useState } from "react";
import type { Sent } from "@/components/ui/api-client";
import { Ago } from "./ago";

type Drained = { waiting: number; launched: number; held: number; failed: number; errors: string[]; skipped?: string } | null;

/** What releasing a hold did to the held launches behind it, in words. */
export function describeDrain(d: Drained): string {
  if (!d) return "";
  if (d.skipped) return `Held launches still wait (${d.skipped}).`;
  if (!d.waiting) return "No held launches were waiting.";
  return `${d.launched} held launch${d.launched === 1 ? "" : "es"} launched${d.failed ? `, ${d.failed} could not launch (see the held launches)` : ""}.`;
}

/**
 * A hold switch (a stage's, or every launch's): held with who, when and why; holding asks why (people whose
 * launches wait read it); releasing lets the held launches behind it go.
 */
export function HoldSwitch({
  what,
  hold,
  canChange,
  change,
  onDone,
  testId,
}: {
  what: string;
  hold: { held: boolean; reason: string; since: string | null; by: string | null };
  canChange: boolean;
  change: (held: boolean, reason: string) => Promise<Sent<{ drained?: Drained }>>;
  onDone: () => void;
  testId: string;
}) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const id = useId();

  async function submit(held: boolean) {
    if (held && !reason.trim()) {
      setStatus({ ok: false, text: "Say why: people whose launches wait will read it." });
      return;
    }
    setBusy(true);
    const r = await change(held, reason.trim());
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: `Not changed: ${r.message}` });
    setReason("");
    setStatus({ ok: true, text: held ? `Launches of ${what} are on hold.` : `The hold is lifted. ${describeDrain(r.data?.drained ?? null)}` });
    onDone();
  }

  return (
    <div className="space-y-2" data-testid={testId}>
      {hold.held ? (
        <p className="rounded-md border border-orange-300 bg-orange-50 p-2 text-sm text-orange-900 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-200" data-testid={`${testId}-state`}>
          <span aria-hidden="true">‖</span> Launches of {what} are on hold{hold.reason ? `: ${hold.reason}` : "."}
          {(hold.by || hold.since) && (
            <span className="block text-xs">
              {hold.by ? `by ${hold.by}` : ""} {hold.since && <Ago at={hold.since} />}
            </span>
          )}
        </p>
      ) : (
        <p className="text-sm" data-testid={`${testId}-state`}>
          <span aria-hidden="true" className="text-green-700 dark:text-green-400">●</span> Launches of {what} go ahead (not on hold).
        </p>
      )}
      {canChange &&
        (hold.held ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void submit(false)}>
            Lift the hold
          </button>
        ) : (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void submit(true);
            }}
          >
            <div className="min-w-64 flex-1">
              <label className="label" htmlFor={`${id}-reason`}>
                Why hold launches of {what}?
              </label>
              <input id={`${id}-reason`} className="field" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button className="btn btn-danger" disabled={busy}>
              Hold launches
            </button>
          </form>
        ))}
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
    </div>
  );
}
