"use client";

import { useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { pairsFromLines, pairsToLines, RECOVERY_LABEL, RECOVERY_TYPES } from "@/lib/campaigns/input";
import { ExperimentChoice, Field, NameField, SaveProblems, lines } from "./form-bits";
import { useSave } from "./use-save";

const LABELS = {
  experiment: "Experiment",
  name: "Name",
  launchScript: "Launch command",
  definitionParameters: "Definition parameters",
  filesPerJob: "Files per job",
  outputFilePatterns: "Output file patterns",
  recoveries: "Recovery list",
};

type Recovery = { key: number; recoveryType: string; overrides: string };
export type JobTypeValues = {
  id?: number;
  version?: number;
  name: string;
  launchScript: string;
  definitionParameters: [string, string][];
  filesPerJob: number | null;
  outputFilePatterns: string[];
  recoveries: { recoveryType: string; paramOverrides: [string, string][] }[];
};

/** A number field's text: empty is "not set", digits a number, anything else goes as typed (the server names the problem). */
export const numberOrNull = (s: string) => (s.trim() === "" ? null : /^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : s);

/** Create or edit a job type: launch command, ordered definition parameters, files per job, outputs, ordered recovery list. */
export function JobTypeForm({ values, experiments, readOnly }: { values?: JobTypeValues; experiments?: { value: string; label: string }[]; readOnly?: boolean }) {
  const router = useRouter();
  const { state, pending, save, summary } = useSave();
  const formRef = useRef<HTMLFormElement>(null);
  const nextKey = useRef(100);
  const [recoveries, setRecoveries] = useState<Recovery[]>(() => (values?.recoveries ?? []).map((r, i) => ({ key: i, recoveryType: r.recoveryType, overrides: pairsToLines(r.paramOverrides) })));
  const move = (i: number, by: number) => setRecoveries((rs) => {
    const out = [...rs];
    const [r] = out.splice(i, 1);
    out.splice(i + by, 0, r);
    return out;
  });
  const send = async (form: HTMLFormElement, confirmShared: boolean) => {
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? "");
    const body = {
      name: get("name"),
      launchScript: get("launchScript"),
      definitionParameters: pairsFromLines(get("definitionParameters")),
      filesPerJob: numberOrNull(get("filesPerJob")),
      outputFilePatterns: lines(get("outputFilePatterns")),
      recoveries: recoveries.map((r) => ({ recoveryType: r.recoveryType, paramOverrides: pairsFromLines(r.overrides) })),
    };
    if (values?.id) {
      const r = await save("PATCH", `/api/v1/job-types/${values.id}`, { version: values.version, ...body, ...(confirmShared ? { confirmShared: true } : {}) });
      if (r.ok) router.refresh();
    } else {
      const r = await save("POST", "/api/v1/job-types", { experiment: get("experiment"), ...body });
      if (r.ok) router.push(`/job-types/${(r.json?.jobType as { id: number }).id}`);
    }
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void send(e.currentTarget, false);
  };
  return (
    <form className="space-y-4" noValidate onSubmit={submit} ref={formRef} aria-label={values?.id ? "Edit job type" : "New job type"}>
      <SaveProblems state={state} labels={LABELS} summaryRef={summary} pending={pending} onConfirmShared={() => formRef.current && send(formRef.current, true)} />
      <fieldset disabled={readOnly} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <ExperimentChoice experiments={experiments} state={state} label={LABELS.experiment} />
          <NameField state={state} label={LABELS.name} defaultValue={values?.name} />
          <Field name="filesPerJob" label={LABELS.filesPerJob} state={state} help="Empty: the launch decides (one job per file).">
            {(c) => <input className="field" inputMode="numeric" defaultValue={values?.filesPerJob ?? ""} autoComplete="off" {...c} />}
          </Field>
        </div>
        <Field name="launchScript" label={LABELS.launchScript} state={state} required help="One line; %(dataset)s, %(version)s, %(group)s, %(experimenter)s and the campaign's keywords are filled in at launch.">
          {(c) => <input className="field font-mono" defaultValue={values?.launchScript} maxLength={4000} autoComplete="off" placeholder="fife_launch -c %(config)s" {...c} />}
        </Field>
        <Field name="definitionParameters" label={LABELS.definitionParameters} state={state} help="One per line, in order: the option, a space, its value (a lone option is a flag).">
          {(c) => <textarea rows={4} className="field font-mono" defaultValue={pairsToLines(values?.definitionParameters ?? [])} placeholder={"--memory 2000MB\n-Oglobal.group %(group)s"} {...c} />}
        </Field>
        <Field name="outputFilePatterns" label={LABELS.outputFilePatterns} state={state} help="One per line; % matches any run of characters.">
          {(c) => <textarea rows={2} className="field font-mono" defaultValue={(values?.outputFilePatterns ?? []).join("\n")} placeholder="%.root" {...c} />}
        </Field>
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby="recoveries-help">
          <legend className="px-1 text-sm font-medium">{LABELS.recoveries}</legend>
          <p id="recoveries-help" className="muted text-xs">
            Tried in this order after a submission is located with files left unprocessed; each step may override parameters (for example more memory).
          </p>
          {state && !state.ok && state.fieldErrors?.recoveries && <p className="text-sm font-medium text-red-700 dark:text-red-300" id="recoveries">{state.fieldErrors.recoveries}</p>}
          <ol className="space-y-2">
            {recoveries.map((r, i) => (
              <li key={r.key} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-[auto_1fr_2fr_auto] dark:border-slate-700" data-testid="recovery-row">
                <span className="font-semibold" aria-hidden="true">{i + 1}.</span>
                <div>
                  <label className="label" htmlFor={`recovery-${r.key}-type`}>Step {i + 1}: what to recover</label>
                  <select id={`recovery-${r.key}-type`} className="field" value={r.recoveryType} onChange={(e) => setRecoveries((rs) => rs.map((x) => (x.key === r.key ? { ...x, recoveryType: e.target.value } : x)))}>
                    {RECOVERY_TYPES.map((t) => (
                      <option key={t} value={t}>{RECOVERY_LABEL[t]}</option>
                    ))}
                  </select>
                </div>
                <div>
                  <label className="label" htmlFor={`recovery-${r.key}-overrides`}>Step {i + 1}: parameter overrides</label>
                  <textarea id={`recovery-${r.key}-overrides`} rows={2} className="field font-mono" value={r.overrides} placeholder="--memory 4000MB" onChange={(e) => setRecoveries((rs) => rs.map((x) => (x.key === r.key ? { ...x, overrides: e.target.value } : x)))} />
                </div>
                <div className="flex flex-wrap items-start gap-1">
                  <button type="button" className="btn" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>↑</button>
                  <button type="button" className="btn" onClick={() => move(i, 1)} disabled={i === recoveries.length - 1} aria-label={`Move step ${i + 1} down`}>↓</button>
                  <button type="button" className="btn btn-danger" onClick={() => setRecoveries((rs) => rs.filter((x) => x.key !== r.key))} aria-label={`Remove step ${i + 1}`}>Remove</button>
                </div>
              </li>
            ))}
          </ol>
          <button type="button" className="btn" onClick={() => setRecoveries((rs) => [...rs, { key: nextKey.current++, recoveryType: "consumed_status", overrides: "" }])} disabled={recoveries.length >= 10}>
            Add a recovery step
          </button>
        </fieldset>
        {!readOnly && (
          <button className="btn btn-primary" disabled={pending}>
            {pending ? "Saving…" : values?.id ? "Save changes" : "Create job type"}
          </button>
        )}
      </fieldset>
    </form>
  );
}
