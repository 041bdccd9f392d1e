"use client";

import { useRef, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { pairsFromLines, pairsToLines } from "@/lib/campaigns/input";
import type { CampaignDefaults } from "@/lib/campaigns/effective";
import { Choice, ExperimentChoice, Field, NameField, SaveProblems } from "./form-bits";
import { numberOrNull } from "./job-type-form";
import { BACKEND_OPTIONS, COMPLETION_OPTIONS } from "@/lib/campaigns/labels";
import { useSave } from "./use-save";

const LABELS = {
  experiment: "Experiment",
  name: "Name",
  description: "Description",
  tags: "Tags",
  keywords: "Keywords",
  defaults: "Stage defaults",
  softwareVersion: "Software version",
  vomsRole: "VO role",
  batchBackend: "Batch backend",
  completionType: "Completion type",
  completionPct: "Completion %",
  failedRatio: "Failed ratio",
  paramOverrides: "Parameter overrides",
};

export type CampaignValues = { id?: number; version?: number; name: string; description: string; tags: string[]; keywords: [string, string][]; defaults: CampaignDefaults };

/** Reads the defaults block: an empty field is "not set" (stages then take the installation's fallback). */
function defaultsOf(get: (k: string) => string) {
  const d: Record<string, unknown> = {};
  for (const k of ["softwareVersion", "vomsRole", "batchBackend", "completionType"]) if (get(k).trim()) d[k] = get(k).trim();
  for (const k of ["completionPct", "failedRatio"]) if (get(k).trim()) d[k] = numberOrNull(get(k));
  const pairs = pairsFromLines(get("paramOverrides"));
  if (pairs.length) d.paramOverrides = pairs;
  return d;
}

/**
 * Create a campaign (in an experiment, or from an approved task: `fromTask` is its key) or edit one at the
 * version read: name, description, tags, keywords and the defaults its stages inherit.
 */
export function CampaignForm({ values, experiments, fromTask, readOnly }: { values?: CampaignValues; experiments?: { value: string; label: string }[]; fromTask?: string; readOnly?: boolean }) {
  const router = useRouter();
  const { state, pending, save, summary } = useSave();
  const formRef = useRef<HTMLFormElement>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? "");
    const body = {
      name: get("name"),
      description: get("description"),
      tags: get("tags").split(/[\s,]+/).filter(Boolean),
      keywords: pairsFromLines(get("keywords")),
      defaults: defaultsOf(get),
    };
    if (values?.id) {
      const r = await save("PATCH", `/api/v1/campaigns/${values.id}`, { version: values.version, ...body });
      if (r.ok) router.refresh();
      return;
    }
    const r = fromTask ? await save("POST", `/api/v1/tasks/${encodeURIComponent(fromTask)}/campaign`, body) : await save("POST", "/api/v1/campaigns", { experiment: get("experiment"), ...body });
    if (r.ok) router.push(`/campaigns/${(r.json?.campaign as { id: number }).id}/edit`);
  };
  const d = values?.defaults ?? {};
  return (
    <form className="space-y-4" noValidate onSubmit={submit} ref={formRef} aria-label={values?.id ? "Edit campaign" : "New campaign"}>
      <SaveProblems state={state} labels={LABELS} summaryRef={summary} pending={pending} />
      <fieldset disabled={readOnly} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <ExperimentChoice experiments={experiments} state={state} label={LABELS.experiment} />
          <NameField state={state} label={LABELS.name} defaultValue={values?.name} example="nova_fd_reco_2026" />
          <Field name="tags" label={LABELS.tags} state={state} help="Separated by spaces or commas, such as reco 2026.">
            {(c) => <input className="field" defaultValue={values?.tags.join(" ")} autoComplete="off" {...c} />}
          </Field>
        </div>
        <Field name="description" label={LABELS.description} state={state}>
          {(c) => <textarea rows={2} className="field" defaultValue={values?.description} {...c} />}
        </Field>
        <Field name="keywords" label={LABELS.keywords} state={state} help="One per line: a name, a space, its value. Stage fields and the launch command use them as %(name)s.">
          {(c) => <textarea rows={3} className="field font-mono" defaultValue={pairsToLines(values?.keywords ?? [])} placeholder={"config nova_fd_reco.fcl\nrelease v3.2.1"} {...c} />}
        </Field>
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby="defaults-help">
          <legend className="px-1 text-sm font-medium">{LABELS.defaults}</legend>
          <p id="defaults-help" className="muted text-xs">
            A stage whose field is set to &ldquo;inherit from campaign&rdquo; uses these. Leave one empty to use the installation&apos;s own default.
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field name="softwareVersion" label={LABELS.softwareVersion} state={state}>
              {(c) => <input className="field font-mono" defaultValue={d.softwareVersion} maxLength={64} autoComplete="off" placeholder="e.g. v3.2.1" {...c} />}
            </Field>
            <Field name="vomsRole" label={LABELS.vomsRole} state={state}>
              {(c) => <input className="field" defaultValue={d.vomsRole} maxLength={32} autoComplete="off" placeholder="e.g. Production" {...c} />}
            </Field>
            <Field name="batchBackend" label={LABELS.batchBackend} state={state}>
              {(c) => <Choice options={[{ value: "", label: "Not set" }, ...BACKEND_OPTIONS]} control={c} defaultValue={d.batchBackend ?? ""} />}
            </Field>
            <Field name="completionType" label={LABELS.completionType} state={state}>
              {(c) => <Choice options={[{ value: "", label: "Not set" }, ...COMPLETION_OPTIONS]} control={c} defaultValue={d.completionType ?? ""} />}
            </Field>
            <Field name="completionPct" label={LABELS.completionPct} state={state} help="1 to 100.">
              {(c) => <input className="field" inputMode="numeric" defaultValue={d.completionPct ?? ""} autoComplete="off" {...c} />}
            </Field>
            <Field name="failedRatio" label={LABELS.failedRatio} state={state} help="Failed when failed jobs > ratio × completed.">
              {(c) => <input className="field" inputMode="decimal" defaultValue={d.failedRatio ?? ""} autoComplete="off" {...c} />}
            </Field>
          </div>
          <Field name="paramOverrides" label={LABELS.paramOverrides} state={state} help="One per line, merged over the job type's; a stage's own overrides win.">
            {(c) => <textarea rows={2} className="field font-mono" defaultValue={pairsToLines(d.paramOverrides ?? [])} placeholder="e.g. --memory 3000MB" {...c} />}
          </Field>
        </fieldset>
        {!readOnly && (
          <button className="btn btn-primary" disabled={pending}>
            {pending ? "Saving…" : values?.id ? "Save changes" : "Create campaign"}
          </button>
        )}
      </fieldset>
    </form>
  );
}
