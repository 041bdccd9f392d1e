"use client";

import Link from "next/link";
import { useState } from "react";
import type { HeldLaunchRow } from "@/lib/launch/held-launches";
import type { LaunchOutcome } from "@/lib/launch/launch-stage";
import type { Wire } from "@/lib/http/wire";
import { sendJson } from "@/components/ui/api-client";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { Ago } from "./ago";

type Row = Wire<HeldLaunchRow>;
const MODE: Record<string, string> = { normal: "Launch", test: "Test launch", relaunch: "Relaunch on the same files" };

/**
 * Waiting held launches, oldest first: why each waits, who asked, how long; "Launch now" (it goes despite the
 * hold, after a confirm that says so) or "Delete". `showStage`: on the all-stages page.
 */
export function HeldLaunchList({ rows, canAct, showStage, onDone }: { rows: Row[]; canAct: boolean | ((r: Row) => boolean); showStage: boolean; onDone: () => void }) {
  const [asking, setAsking] = useState<{ row: Row; verb: "release" | "delete" } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string; submissionId?: number } | null>(null);
  const allowed = (r: Row) => (typeof canAct === "function" ? canAct(r) : canAct);

  async function confirm() {
    if (!asking) return;
    const { row, verb } = asking;
    setBusy(true);
    const r = await sendJson<{ outcome: Wire<LaunchOutcome> }>(`/api/v1/held-launches/${row.id}`, verb === "release" ? "POST" : "DELETE");
    setBusy(false);
    setAsking(null);
    if (!r.ok) setStatus({ ok: false, text: `Held launch ${row.id}: ${r.message}` });
    else if (verb === "delete") setStatus({ ok: true, text: `Held launch ${row.id} of ${row.stageName} deleted.` });
    else {
      const o = r.data.outcome;
      setStatus(
        o.kind === "launched"
          ? { ok: true, text: `Held launch ${row.id} launched as submission ${o.submissionId}.`, submissionId: o.submissionId }
          : o.kind === "failed"
            ? { ok: false, text: `Held launch ${row.id} reached the batch system but failed: submission ${o.submissionId}.`, submissionId: o.submissionId }
            : { ok: false, text: `Held launch ${row.id} is held again: ${o.reason}` },
      );
    }
    onDone();
  }

  return (
    <div className="space-y-2">
      {rows.length === 0 ? (
        <p className="muted text-sm" data-testid="held-launches-empty">No launches are waiting.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="held-launches-table">
            <caption className="sr-only">Held launches, oldest first</caption>
            <thead className="border-b border-slate-200 dark:border-slate-700">
              <tr>
                {showStage && <th scope="col" className="py-2 pr-3">Stage</th>}
                <th scope="col" className="py-2 pr-3">What</th>
                <th scope="col" className="py-2 pr-3">Why it waits</th>
                <th scope="col" className="py-2 pr-3">Asked by</th>
                <th scope="col" className="py-2 pr-3">Waiting since</th>
                <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="held-launch-row">
                  {showStage && (
                    <td className="py-2 pr-3">
                      <Link href={`/stages/${r.stageId}`} className="underline">{r.stageName}</Link>
                      <div className="muted text-xs">
                        <Link href={`/campaigns/${r.campaignId}`} className="underline">{r.campaignName}</Link> · {r.experiment}
                      </div>
                    </td>
                  )}
                  <td className="py-2 pr-3">{MODE[r.mode] ?? r.mode}</td>
                  <td className="py-2 pr-3">
                    {r.gateReason}
                    {r.lastError && <div className="text-xs text-red-700 dark:text-red-300">Last try failed: {r.lastError}</div>}
                  </td>
                  <td className="py-2 pr-3">{r.requestedBy ?? "someone no longer known"}</td>
                  <td className="py-2 pr-3"><Ago at={r.createdAt} /></td>
                  <td className="py-2">
                    {allowed(r) && (
                      <div className="flex flex-wrap gap-1">
                        <button type="button" className="btn" aria-haspopup="dialog" onClick={() => setAsking({ row: r, verb: "release" })}>
                          Launch now<span className="sr-only"> held launch {r.id} of {r.stageName}</span>…
                        </button>
                        <button type="button" className="btn btn-danger" aria-haspopup="dialog" onClick={() => setAsking({ row: r, verb: "delete" })}>
                          Delete<span className="sr-only"> held launch {r.id} of {r.stageName}</span>…
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""} {status?.submissionId && <Link href={`/submissions/${status.submissionId}`} className="underline">Open submission {status.submissionId}</Link>}
      </p>
      <ModalDialog
        open={!!asking}
        title={asking ? (asking.verb === "release" ? `Launch held launch ${asking.row.id} now?` : `Delete held launch ${asking.row.id}?`) : ""}
        onClose={() => setAsking(null)}
        testId="held-launch-dialog"
      >
        {asking && (
          <>
            <p className="text-sm">
              {asking.verb === "release"
                ? `It launches ${asking.row.stageName} now, despite the hold (“${asking.row.gateReason}”). Your name is recorded as the one who let it go.`
                : `The launch of ${asking.row.stageName} that ${asking.row.requestedBy ?? "someone"} asked for is dropped and will not run when the hold is lifted.`}
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className="btn" autoFocus onClick={() => setAsking(null)}>
                Back
              </button>
              <button type="button" className={`btn ${asking.verb === "release" ? "btn-primary" : "btn-danger"}`} disabled={busy} onClick={() => void confirm()} data-testid="held-launch-confirm">
                {asking.verb === "release" ? "Launch despite the hold" : "Delete it"}
              </button>
            </div>
          </>
        )}
      </ModalDialog>
    </div>
  );
}
