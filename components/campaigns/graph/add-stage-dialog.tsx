"use client";

import { useState, type FormEvent } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { sendJson } from "@/components/ui/api-client";

type Choice = { id: number; name: string };
type Parent = { id: number; name: string; jobTypeId: number; loginSetupId: number };

/**
 * A new stage on the graph: its name, job type and login/setup (a child starts with its parent's), and for a child
 * the files it consumes from the parent. One request (the stage with its upstream edge), refused whole or made whole.
 */
export function AddStageDialog({ campaignId, parent, choices, onClose, onAdded }: { campaignId: number; parent: Parent | null; choices: { jobTypes: Choice[]; loginSetups: Choice[] }; onClose: () => void; onAdded: (name: string) => void | Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const pick = (list: Choice[], id?: number) => String(list.find((c) => c.id === id)?.id ?? list[0]?.id ?? "");

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "");
    setBusy(true);
    const r = await sendJson(`/api/v1/campaigns/${campaignId}/stages`, "POST", {
      name,
      jobTypeId: Number(f.get("jobTypeId")),
      loginSetupId: Number(f.get("loginSetupId")),
      dependencies: parent ? [{ fromStageId: parent.id, filePatterns: String(f.get("filePatterns") ?? "%") }] : [],
    });
    setBusy(false);
    if (!r.ok) return setProblem(r.message);
    await onAdded(name.trim());
  }

  const noTemplates = choices.jobTypes.length === 0 || choices.loginSetups.length === 0;
  return (
    <ModalDialog open title={parent ? `Add a child of ${parent.name}` : "Add a stage"} onClose={onClose} testId="graph-add-dialog">
      <form className="space-y-3" onSubmit={(e) => void submit(e)}>
        {noTemplates && <p className="text-sm">This experiment has no active job type or login/setup: create one first.</p>}
        <div>
          <label className="label" htmlFor="new-stage-name">Stage name</label>
          <input id="new-stage-name" name="name" className="field" required maxLength={100} autoFocus aria-describedby="new-stage-name-help" />
          <p id="new-stage-name-help" className="muted mt-1 text-xs">Letters, digits and . _ - + @, no spaces (such as reco or ana_v2).</p>
        </div>
        <div>
          <label className="label" htmlFor="new-stage-job">Job type</label>
          <select id="new-stage-job" name="jobTypeId" className="field" defaultValue={pick(choices.jobTypes, parent?.jobTypeId)}>
            {choices.jobTypes.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="new-stage-login">Login/setup</label>
          <select id="new-stage-login" name="loginSetupId" className="field" defaultValue={pick(choices.loginSetups, parent?.loginSetupId)}>
            {choices.loginSetups.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select>
        </div>
        {parent && (
          <div>
            <label className="label" htmlFor="new-stage-patterns">Files it consumes from {parent.name}</label>
            <input id="new-stage-patterns" name="filePatterns" className="field font-mono" defaultValue="%" required aria-describedby="new-stage-patterns-help" />
            <p id="new-stage-patterns-help" className="muted mt-1 text-xs">File name patterns, comma separated; % matches anything.</p>
          </div>
        )}
        <p className="muted text-xs">Everything else is inherited from the campaign; edit the stage afterwards to set its dataset and split.</p>
        {problem && <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300">{problem}</p>}
        <div className="flex gap-2">
          <button type="submit" className="btn btn-primary" disabled={busy || noTemplates}>{busy ? "Adding…" : parent ? "Add child" : "Add stage"}</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </ModalDialog>
  );
}
