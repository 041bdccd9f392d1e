"use client";

import { useState } from "react";
import { sendJson } from "@/components/ui/api-client";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SubmissionStatusBadge } from "@/components/ui/badges";
import type { ControlPreview, ControlResult, ControlVerb } from "@/lib/submissions/commands/control";
import type { Wire } from "@/lib/http/wire";

type Level = "campaign" | "stage" | "submission";

const VERB: Record<ControlVerb, { label: string; what: string; danger: boolean }> = {
  kill: { label: "Kill", what: "Every queued, running and held job is removed from the batch system. This cannot be undone.", danger: true },
  hold: { label: "Hold", what: "Queued jobs stay in the queue but do not start; running jobs carry on.", danger: false },
  release: { label: "Release", what: "Held jobs may start again.", danger: false },
  cancel: { label: "Cancel", what: "Launches that have not reached the batch system are dropped: waiting held launches are deleted and new submissions without a batch id are cancelled.", danger: true },
};

/**
 * Kill, hold, release and cancel at one level. Each asks the server what it would hit first and shows it in a
 * dialog; only "Confirm" does it. `onDone` lets the live view re-read at once.
 */
export function ControlButtons({ level, id, name, onDone, verbs = ["hold", "release", "kill", "cancel"] }: { level: Level; id: number; name: string; onDone?: () => void; verbs?: ControlVerb[] }) {
  const [preview, setPreview] = useState<Wire<ControlPreview> | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function ask(verb: ControlVerb) {
    setBusy(true);
    setStatus(null);
    const r = await sendJson<{ preview: Wire<ControlPreview> }>("/api/v1/control", "POST", { level, id, verb, preview: true });
    setBusy(false);
    if (!r.ok) return setStatus({ ok: false, text: r.message });
    setPreview(r.data.preview);
  }

  async function confirm() {
    if (!preview) return;
    setBusy(true);
    const r = await sendJson<Wire<ControlResult>>("/api/v1/control", "POST", { level, id, verb: preview.verb });
    setBusy(false);
    setPreview(null);
    if (!r.ok) return setStatus({ ok: false, text: `Nothing was done: ${r.message}` });
    const failed = r.data.results.filter((x) => !x.ok);
    const label = VERB[r.data.preview.verb].label;
    setStatus(
      failed.length
        ? { ok: false, text: `${label}: ${r.data.results.length - failed.length} of ${r.data.results.length} done. ${failed.map((f) => `Submission ${f.submissionId}: ${f.message}`).join(" ")}` }
        : { ok: true, text: `${label}: done. ${r.data.preview.summary}` },
    );
    onDone?.();
  }

  const nothing = preview && preview.submissions.length === 0 && preview.heldLaunches === 0;
  const v = preview ? VERB[preview.verb] : null;
  return (
    <div className="space-y-2" data-testid={`control-${level}`}>
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Control the ${level}'s jobs`}>
        {verbs.map((verb) => (
          <button key={verb} type="button" className={`btn ${VERB[verb].danger ? "btn-danger" : ""}`} disabled={busy} aria-haspopup="dialog" onClick={() => void ask(verb)}>
            {VERB[verb].label}…
          </button>
        ))}
      </div>
      <p role="status" aria-live="polite" className={`text-sm empty:hidden ${status?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
        {status?.text ?? ""}
      </p>
      <ModalDialog open={!!preview} title={preview && v ? `${v.label} ${preview.label}?` : ""} onClose={() => setPreview(null)} testId="control-dialog">
        {preview && v && (
          <>
            <p className="text-sm">{v.what}</p>
            <p className="text-sm font-medium" data-testid="control-summary">{nothing ? `Nothing to ${v.label.toLowerCase()}: no submission of ${name} is in a state this applies to.` : preview.summary}</p>
            {preview.submissions.length > 0 && (
              <div className="max-h-60 overflow-y-auto rounded border border-slate-200 dark:border-slate-700">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Submissions this would hit</caption>
                  <thead className="bg-slate-50 dark:bg-slate-800">
                    <tr>
                      <th scope="col" className="px-2 py-1">Submission</th>
                      <th scope="col" className="px-2 py-1">Stage</th>
                      <th scope="col" className="px-2 py-1">State</th>
                      <th scope="col" className="px-2 py-1 text-right">Queued · running · held</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.submissions.slice(0, 50).map((s) => (
                      <tr key={s.id} className="border-t border-slate-200 dark:border-slate-700">
                        <td className="px-2 py-1">{s.id}</td>
                        <td className="px-2 py-1">{s.stageName}</td>
                        <td className="px-2 py-1"><SubmissionStatusBadge status={s.status} /></td>
                        <td className="px-2 py-1 text-right tabular-nums">{s.jobsIdle} · {s.jobsRunning} · {s.jobsHeld}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {preview.submissions.length > 50 && <p className="muted p-2 text-xs">and {preview.submissions.length - 50} more.</p>}
              </div>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className="btn" autoFocus onClick={() => setPreview(null)}>
                Back
              </button>
              {!nothing && (
                <button type="button" className={`btn ${v.danger ? "btn-danger" : "btn-primary"}`} disabled={busy} onClick={() => void confirm()} data-testid="control-confirm">
                  Confirm: {v.label}
                </button>
              )}
            </div>
          </>
        )}
      </ModalDialog>
    </div>
  );
}
