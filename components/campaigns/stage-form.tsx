"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { pairsFromLines, pairsToLines } from "@/lib/campaigns/input";
import { sliceOptionsToLines, type SliceOption } from "@/lib/campaigns/split/slice-options";
import type { InheritableField } from "@/lib/campaigns/effective";
import { Choice, Field, SaveProblems, type ControlProps } from "./form-bits";
import { numberOrNull } from "./job-type-form";
import { BACKEND_OPTIONS, COMPLETION_OPTIONS, STAGE_TYPE_OPTIONS } from "@/lib/campaigns/labels";
import { useSave, type SaveState } from "./use-save";

const LABELS: Record<string, string> = {
  name: "Stage name",
  position: "Position",
  stageType: "Stage type",
  jobTypeId: "Job type",
  loginSetupId: "Login/setup",
  batchBackend: "Batch backend",
  inputDataset: "Input dataset",
  splitType: "Split type",
  testSplitType: "Test split",
  sliceOptions: "Per-slice options",
  softwareVersion: "Software version",
  vomsRole: "VO role",
  paramOverrides: "Parameter overrides",
  testParamOverrides: "Test parameter overrides",
  completionType: "Completion type",
  completionPct: "Completion %",
  failedRatio: "Failed ratio",
  maxJobs: "Max jobs",
  active: "Active",
  dependencies: "Upstream stages",
  serviceIds: "Needed services",
};

type Option = { id: number; name: string; active: boolean };
export type StageValues = {
  id: number;
  version: number;
  name: string;
  position: number;
  stageType: string;
  jobTypeId: number;
  loginSetupId: number;
  batchBackend: string | null;
  inputDataset: string;
  splitType: string;
  testSplitType: string | null;
  sliceOptions: SliceOption[];
  softwareVersion: string | null;
  vomsRole: string | null;
  paramOverrides: [string, string][];
  testParamOverrides: [string, string][];
  completionType: string | null;
  completionPct: number | null;
  failedRatio: number | null;
  maxJobs: number | null;
  active: boolean;
  dependencies: { fromStageId: number; filePatterns: string }[];
  serviceIds?: number[];
};

/** A service a stage may need (lib/campaigns/queries.ts stageFormChoices). */
export type ServiceChoice = { id: number; name: string; group: boolean; gatesAll: boolean; parent: string | null };

/**
 * An inheritable field: "inherit from campaign (value)" stores null, so the stage follows the campaign's
 * default when it changes; unticking it sets the stage's own value.
 */
function InheritField({ name, state, inherited, own, children }: { name: InheritableField; state: SaveState | null; inherited: string; own: boolean; children: (c: ControlProps & { disabled: boolean }) => ReactNode }) {
  const [inherit, setInherit] = useState(!own);
  return (
    <Field name={name} label={LABELS[name]} state={state}>
      {(c) => (
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={`${name}-inherit`} checked={inherit} onChange={(e) => setInherit(e.target.checked)} data-testid={`${name}-inherit`} />
            <span>
              Inherit from campaign ({inherited})
            </span>
          </label>
          {children({ ...c, disabled: inherit })}
        </div>
      )}
    </Field>
  );
}

/** Create a stage in a campaign, or edit one at the version read: every configuration field of a stage. */
export function StageForm({ campaignId, values, inherited, jobTypes, loginSetups, datasets, stages, services = [], readOnly }: { campaignId: number; values?: StageValues; inherited: Record<InheritableField, string>; jobTypes: Option[]; loginSetups: Option[]; datasets: string[]; stages: { id: number; name: string }[]; services?: ServiceChoice[]; readOnly?: boolean }) {
  const router = useRouter();
  const { state, pending, save, summary } = useSave();
  const formRef = useRef<HTMLFormElement>(null);
  const needed = new Set(values?.serviceIds ?? []);
  const upstream = new Map((values?.dependencies ?? []).map((d) => [d.fromStageId, d.filePatterns]));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? "");
    const inheritOr = <T,>(k: InheritableField, v: () => T) => (f.get(`${k}-inherit`) ? null : v());
    const body = {
      name: get("name"),
      ...(get("position").trim() ? { position: numberOrNull(get("position")) } : {}),
      stageType: get("stageType"),
      jobTypeId: numberOrNull(get("jobTypeId")),
      loginSetupId: numberOrNull(get("loginSetupId")),
      batchBackend: inheritOr("batchBackend", () => get("batchBackend")),
      inputDataset: get("inputDataset"),
      splitType: get("splitType"),
      testSplitType: get("testSplitType"),
      sliceOptions: get("sliceOptions"),
      softwareVersion: inheritOr("softwareVersion", () => get("softwareVersion")),
      vomsRole: inheritOr("vomsRole", () => get("vomsRole")),
      paramOverrides: pairsFromLines(get("paramOverrides")),
      testParamOverrides: pairsFromLines(get("testParamOverrides")),
      completionType: inheritOr("completionType", () => get("completionType")),
      completionPct: inheritOr("completionPct", () => numberOrNull(get("completionPct"))),
      failedRatio: inheritOr("failedRatio", () => numberOrNull(get("failedRatio"))),
      maxJobs: numberOrNull(get("maxJobs")),
      active: f.get("active") === "on",
      dependencies: stages.filter((s) => f.get(`dep-${s.id}`) === "on").map((s) => ({ fromStageId: s.id, filePatterns: get(`dep-${s.id}-patterns`) || "%" })),
      ...(services.length ? { serviceIds: services.filter((s) => f.get(`service-${s.id}`) === "on").map((s) => s.id) } : {}),
    };
    if (values) {
      const r = await save("PATCH", `/api/v1/stages/${values.id}/config`, { version: values.version, ...body });
      if (r.ok) router.refresh();
    } else {
      const r = await save("POST", `/api/v1/campaigns/${campaignId}/stages`, body);
      if (r.ok) router.push(`/stages/${(r.json?.stage as { id: number }).id}/edit`);
    }
  };
  const options = (list: Option[], current?: number) => list.filter((o) => o.active || o.id === current).map((o) => ({ value: String(o.id), label: o.active ? o.name : `${o.name} (deactivated)` }));
  return (
    <form className="space-y-4" noValidate onSubmit={submit} ref={formRef} aria-label={values ? "Edit stage" : "New stage"}>
      <SaveProblems state={state} labels={LABELS} summaryRef={summary} pending={pending} />
      <fieldset disabled={readOnly} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field name="name" label={LABELS.name} state={state} required help="Such as gen, reco, caf.">
            {(c) => <input className="field font-mono" defaultValue={values?.name} maxLength={100} autoComplete="off" {...c} />}
          </Field>
          <Field name="stageType" label={LABELS.stageType} state={state}>
            {(c) => <Choice options={STAGE_TYPE_OPTIONS} control={c} defaultValue={values?.stageType ?? "REGULAR"} />}
          </Field>
          <Field name="position" label={LABELS.position} state={state} help="Order on the campaign page; empty: last.">
            {(c) => <input className="field" inputMode="numeric" defaultValue={values?.position ?? ""} autoComplete="off" {...c} />}
          </Field>
          <Field name="jobTypeId" label={LABELS.jobTypeId} state={state} required>
            {(c) => <Choice options={options(jobTypes, values?.jobTypeId)} control={c} defaultValue={values ? String(values.jobTypeId) : undefined} />}
          </Field>
          <Field name="loginSetupId" label={LABELS.loginSetupId} state={state} required>
            {(c) => <Choice options={options(loginSetups, values?.loginSetupId)} control={c} defaultValue={values ? String(values.loginSetupId) : undefined} />}
          </Field>
          <Field name="maxJobs" label={LABELS.maxJobs} state={state} help="Cap on jobs per submission; empty: no cap.">
            {(c) => <input className="field" inputMode="numeric" defaultValue={values?.maxJobs ?? ""} autoComplete="off" {...c} />}
          </Field>
          <Field name="inputDataset" label={LABELS.inputDataset} state={state} help="A dataset of the experiment (suggested as you type).">
            {(c) => (
              <>
                <input className="field font-mono" list="datasets" defaultValue={values?.inputDataset} maxLength={200} autoComplete="off" {...c} />
                <datalist id="datasets">
                  {datasets.map((d) => (
                    <option key={d} value={d} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field name="splitType" label={LABELS.splitType} state={state} help="none, nfiles(n), drainingn(n), draining, limitn(n), mod(n), list, byrun(low,high), byexistingruns, stagedfiles(n), multiparam(…), new(window=1d), or campaign slicing: slices(detector, stream; time=week; pilot=10%; files=50).">
            {(c) => <input className="field font-mono" defaultValue={values?.splitType ?? "none"} maxLength={200} autoComplete="off" {...c} />}
          </Field>
          <Field name="testSplitType" label={LABELS.testSplitType} state={state} help="The slice a test launch takes, from its start, such as limitn(5); empty: the stage's next slice. Never moves the stage's position.">
            {(c) => <input className="field font-mono" defaultValue={values?.testSplitType ?? ""} maxLength={200} autoComplete="off" placeholder="limitn(5)" {...c} />}
          </Field>
          <div className="flex items-end">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="active" defaultChecked={values?.active ?? true} /> Active (may be launched)
            </label>
          </div>
        </div>
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Inherited from the campaign unless set here</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <InheritField name="softwareVersion" state={state} inherited={inherited.softwareVersion} own={values?.softwareVersion != null}>
              {(c) => <input className="field font-mono" defaultValue={values?.softwareVersion ?? ""} maxLength={64} autoComplete="off" {...c} />}
            </InheritField>
            <InheritField name="vomsRole" state={state} inherited={inherited.vomsRole} own={values?.vomsRole != null}>
              {(c) => <input className="field" defaultValue={values?.vomsRole ?? ""} maxLength={32} autoComplete="off" {...c} />}
            </InheritField>
            <InheritField name="batchBackend" state={state} inherited={inherited.batchBackend} own={values?.batchBackend != null}>
              {(c) => <Choice options={BACKEND_OPTIONS} control={c} defaultValue={values?.batchBackend ?? "LOCAL"} />}
            </InheritField>
            <InheritField name="completionType" state={state} inherited={inherited.completionType} own={values?.completionType != null}>
              {(c) => <Choice options={COMPLETION_OPTIONS} control={c} defaultValue={values?.completionType ?? "LOCATED"} />}
            </InheritField>
            <InheritField name="completionPct" state={state} inherited={inherited.completionPct} own={values?.completionPct != null}>
              {(c) => <input className="field" inputMode="numeric" defaultValue={values?.completionPct ?? ""} autoComplete="off" {...c} />}
            </InheritField>
            <InheritField name="failedRatio" state={state} inherited={inherited.failedRatio} own={values?.failedRatio != null}>
              {(c) => <input className="field" inputMode="decimal" defaultValue={values?.failedRatio ?? ""} autoComplete="off" {...c} />}
            </InheritField>
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="paramOverrides" label={LABELS.paramOverrides} state={state} help="One per line; merged over the campaign's defaults (the stage wins).">
            {(c) => <textarea rows={3} className="field font-mono" defaultValue={pairsToLines(values?.paramOverrides ?? [])} placeholder="--memory 3000MB" {...c} />}
          </Field>
          <Field name="testParamOverrides" label={LABELS.testParamOverrides} state={state} help="Used by test launches instead.">
            {(c) => <textarea rows={3} className="field font-mono" defaultValue={pairsToLines(values?.testParamOverrides ?? [])} placeholder="--nevents 10" {...c} />}
          </Field>
          <Field name="sliceOptions" label={LABELS.sliceOptions} state={state} help="Campaign slicing: one parameter per line for the slices whose components have these values; merged over the stage's overrides.">
            {(c) => <textarea rows={3} className="field font-mono" defaultValue={sliceOptionsToLines(values?.sliceOptions ?? [])} placeholder="detector=far: --memory 4000MB" {...c} />}
          </Field>
        </div>
        {stages.length > 0 && (
          <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby="dependencies-help">
            <legend className="px-1 text-sm font-medium">{LABELS.dependencies}</legend>
            <p id="dependencies-help" className="muted text-xs">
              This stage consumes the outputs of the ticked stages that match the patterns (% matches anything). A stage may use its own outputs.
            </p>
            {state && !state.ok && state.fieldErrors?.dependencies && <p className="text-sm font-medium text-red-700 dark:text-red-300" id="dependencies">{state.fieldErrors.dependencies}</p>}
            <ul className="space-y-1">
              {stages.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center gap-2 text-sm">
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name={`dep-${s.id}`} defaultChecked={upstream.has(s.id)} /> <span className="font-mono">{s.name}</span>
                    {s.id === values?.id && <span className="muted">(itself)</span>}
                  </label>
                  <label className="sr-only" htmlFor={`dep-${s.id}-patterns`}>File patterns from {s.name}</label>
                  <input id={`dep-${s.id}-patterns`} name={`dep-${s.id}-patterns`} className="field w-48 font-mono" defaultValue={upstream.get(s.id) ?? "%"} maxLength={500} />
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {services.length > 0 && (
          <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby="services-help">
            <legend className="px-1 text-sm font-medium">{LABELS.serviceIds}</legend>
            <p id="services-help" className="muted text-xs">
              A launch of this stage waits as a held launch while a ticked service is down or in scheduled maintenance, and goes by itself when it is back. A group is judged as a whole; a service whose state is unknown only warns.
            </p>
            {state && !state.ok && state.fieldErrors?.serviceIds && <p className="text-sm font-medium text-red-700 dark:text-red-300" id="serviceIds">{state.fieldErrors.serviceIds}</p>}
            <ul className="grid gap-1 sm:grid-cols-2">
              {services.map((s) => (
                <li key={s.id} className="text-sm">
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name={`service-${s.id}`} defaultChecked={needed.has(s.id)} data-testid={`service-${s.id}`} />
                    <span>
                      {s.name}
                      {s.group && <span className="muted"> (group)</span>}
                      {s.parent && <span className="muted"> in {s.parent}</span>}
                      {s.gatesAll && <span className="muted"> — every launch needs it already</span>}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {!readOnly && (
          <button className="btn btn-primary" disabled={pending}>
            {pending ? "Saving…" : values ? "Save changes" : "Add stage"}
          </button>
        )}
      </fieldset>
    </form>
  );
}
