"use client";

import { useActionState, useEffect } from "react";
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

/** The request form, for a new request (with experiment) or an edit (with task id and version). */
export function TaskForm({ action, experiments, kinds, priorities, values = {}, hidden = {}, submitLabel, defaultExperiment }: { action: Action; experiments?: Option[]; kinds: Option[]; priorities: Option[]; values?: Values; hidden?: Record<string, string | number>; submitLabel: string; defaultExperiment?: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && state.taskId) router.push(`/tasks/${state.taskId}`);
  }, [state, router]);
  const invalid = (name: string) => (state?.fieldErrors?.[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
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
      <div>
        <label className="label" htmlFor="title">Title</label>
        <input id="title" name="title" className="field" defaultValue={values.title} maxLength={250} {...invalid("title")} />
        <FieldError state={state} name="title" />
      </div>
      <div>
        <label className="label" htmlFor="description">Description (Markdown)</label>
        <textarea id="description" name="description" rows={6} className="field font-mono" defaultValue={values.description} {...invalid("description")} />
        <FieldError state={state} name="description" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="inputDataset">Input dataset or query</label>
          <input id="inputDataset" name="inputDataset" className="field font-mono" defaultValue={values.inputDataset} {...invalid("inputDataset")} />
          <FieldError state={state} name="inputDataset" />
        </div>
        <div>
          <label className="label" htmlFor="softwareVersion">Software version</label>
          <input id="softwareVersion" name="softwareVersion" className="field font-mono" defaultValue={values.softwareVersion} {...invalid("softwareVersion")} />
          <FieldError state={state} name="softwareVersion" />
        </div>
        <div>
          <label className="label" htmlFor="estimatedFiles">Estimated files</label>
          <input id="estimatedFiles" name="estimatedFiles" inputMode="numeric" className="field" defaultValue={values.estimatedFiles} {...invalid("estimatedFiles")} />
          <FieldError state={state} name="estimatedFiles" />
        </div>
        <div>
          <label className="label" htmlFor="estimatedEvents">Estimated events</label>
          <input id="estimatedEvents" name="estimatedEvents" inputMode="numeric" className="field" defaultValue={values.estimatedEvents} {...invalid("estimatedEvents")} />
          <FieldError state={state} name="estimatedEvents" />
        </div>
        <div>
          <label className="label" htmlFor="priority">Priority</label>
          <select id="priority" name="priority" className="field" defaultValue={values.priority ?? "NORMAL"}>
            {priorities.map((p) => (
              <option key={p.value} value={p.value}>{p.label}</option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="neededBy">Needed by</label>
          <input id="neededBy" name="neededBy" type="date" className="field" defaultValue={values.neededBy} {...invalid("neededBy")} />
          <FieldError state={state} name="neededBy" />
        </div>
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
