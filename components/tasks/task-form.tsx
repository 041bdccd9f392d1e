"use client";

import { useEffect } from "react";
import { useFormAction } from "@/components/ui/use-form-action";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/http/action";

type Option = { value: string; label: string };
type Values = Partial<Record<"title" | "kind" | "description" | "inputDataset" | "softwareVersion" | "estimatedFiles" | "estimatedEvents" | "priority" | "neededBy" | "links", string>>;
type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult & { taskId?: number }>;

function FieldError({ state, name }: { state: ActionResult | null; name: string }) {
  const msg = state?.fieldErrors?.[name];
  return msg ? (
    <p id={`${name}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {msg}
    </p>
  ) : null;
}

function TextField({ state, name, label, value, mono, numeric, type, maxLength }: { state: ActionResult | null; name: string; label: string; value?: string; mono?: boolean; numeric?: boolean; type?: string; maxLength?: number }) {
  const error = state?.fieldErrors?.[name];
  return (
    <div>
      <label className="label" htmlFor={name}>{label}</label>
      <input id={name} name={name} type={type} inputMode={numeric ? "numeric" : undefined} maxLength={maxLength} className={`field ${mono ? "font-mono" : ""}`} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      <FieldError state={state} name={name} />
    </div>
  );
}

/** The request form, for a new request (with experiment) or an edit (with task id and version). */
export function TaskForm({ action, experiments, kinds, priorities, values = {}, hidden = {}, submitLabel, defaultExperiment }: { action: Action; experiments?: Option[]; kinds: Option[]; priorities: Option[]; values?: Values; hidden?: Record<string, string | number>; submitLabel: string; defaultExperiment?: string }) {
  const { state, pending, onSubmit } = useFormAction(action);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && state.taskId) router.push(`/tasks/${state.taskId}`);
  }, [state, router]);
  const invalid = (name: string) => (state?.fieldErrors?.[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={onSubmit}
    >
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {state && !state.ok && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          Please fix: {state.message}
        </div>
      )}
      {state?.ok && !state.taskId && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          {state.message}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {experiments && (
          <div>
            <label className="label" htmlFor="experiment">Experiment</label>
            <select id="experiment" name="experiment" className="field" defaultValue={defaultExperiment} {...invalid("experiment")}>
              {experiments.map((e) => (
                <option key={e.value} value={e.value}>{e.label}</option>
              ))}
            </select>
            <FieldError state={state} name="experiment" />
          </div>
        )}
        <div>
          <label className="label" htmlFor="kind">Kind of work</label>
          <select id="kind" name="kind" className="field" defaultValue={values.kind ?? "REPROCESSING"} {...invalid("kind")}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>{k.label}</option>
            ))}
          </select>
          <FieldError state={state} name="kind" />
        </div>
      </div>
      <TextField state={state} name="title" label="Title" value={values.title} maxLength={250} />
      <div>
        <label className="label" htmlFor="description">Description (Markdown)</label>
        <textarea id="description" name="description" rows={6} className="field font-mono" defaultValue={values.description} {...invalid("description")} />
        <FieldError state={state} name="description" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField state={state} name="inputDataset" label="Input dataset or query" value={values.inputDataset} mono />
        <TextField state={state} name="softwareVersion" label="Software version" value={values.softwareVersion} mono />
        <TextField state={state} name="estimatedFiles" label="Estimated files" value={values.estimatedFiles} numeric />
        <TextField state={state} name="estimatedEvents" label="Estimated events" value={values.estimatedEvents} numeric />
        <div>
          <label className="label" htmlFor="priority">Priority</label>
          <select id="priority" name="priority" className="field" defaultValue={values.priority ?? "NORMAL"}>
            {priorities.map((p) => (
              <option key={p.value} value={p.value}>{p.label}</option>
            ))}
          </select>
        </div>
        <TextField state={state} name="neededBy" label="Needed by" value={values.neededBy} type="date" />
      </div>
      <div>
        <label className="label" htmlFor="links">Links (one per line)</label>
        <textarea id="links" name="links" rows={2} className="field font-mono" defaultValue={values.links} {...invalid("links")} />
        <FieldError state={state} name="links" />
      </div>
      <button className="btn btn-primary" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
