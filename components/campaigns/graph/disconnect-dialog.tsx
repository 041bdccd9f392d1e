"use client";

import { useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { sendJson } from "@/components/ui/api-client";

/** Asks before removing a dependency: the consumer will no longer launch on the producer's outputs. */
export function DisconnectDialog({ campaignId, edge, words, onClose, onDone }: { campaignId: number; edge: { fromStageId: number; toStageId: number }; words: string; onClose: () => void; onDone: () => void | Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  async function disconnect() {
    setBusy(true);
    const r = await sendJson(`/api/v1/campaigns/${campaignId}/dependencies`, "DELETE", { fromStageId: edge.fromStageId, toStageId: edge.toStageId });
    setBusy(false);
    if (!r.ok) return setProblem(r.message);
    await onDone();
  }
  const self = edge.fromStageId === edge.toStageId;
  return (
    <ModalDialog open title="Disconnect these stages?" onClose={onClose} testId="graph-disconnect-dialog">
      <p className="text-sm">
        <strong>{words}</strong>.{" "}
        {self ? "The stage will no longer relaunch itself on its next slice when a submission is located." : "The second stage will no longer launch on the first one's outputs. Submissions already made stay."}
      </p>
      {problem && <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">{problem}</p>}
      {/* Cancel first: the dialog opens on it, so Enter alone never removes anything. */}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className="btn" onClick={onClose} autoFocus>Cancel</button>
        <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void disconnect()} data-testid="graph-disconnect-confirm">{busy ? "Disconnecting…" : "Disconnect"}</button>
      </div>
    </ModalDialog>
  );
}
