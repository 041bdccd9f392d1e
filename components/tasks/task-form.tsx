"use client";

import { useEffect, useRef, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormAction } from "@/components/ui/use-form-action";
import { MarkdownField } from "@/components/ui/markdown-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { Choice, FormField, type ControlProps } from "@/components/ui/form-field";
import { TASK_FIELD_LABEL, type TaskFieldName } from "./task-fields";
import type { ActionResult } from "@/lib/http/action";

type Option = { value: string; label: string };
type Values = Partial<Record<Exclude<TaskFieldName, "experiment">, string>>;
type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult & { taskId?: number }>;
/** A task form field: its label from the task's field names, its error from the last submission's answer. */
function Field({ name, state, required, help, note, children }: { name: TaskFieldName; state: ActionResult | null; required?: boolean; help?: ReactNode; note?: string; children: (control: ControlProps) => ReactNode }) {
  return (
    <FormField name={name} label={TASK_FIELD_LABEL[name]} error={state?.ok ? undefined : state?.fieldErrors?.[name]} help={help} note={note} required={required}>
      {children}
    </FormField>
  );
}

/**
 * The request form, for a new request (with experiment) or an edit (with task id and version).
 * Cancel goes to cancelHref, or (in the edit panel) puts the form back and closes the panel.
 */
export function TaskForm({ action, experiments, kinds, priorities, values = {}, hidden = {}, submitLabel, defaultExperiment, nextSteps, cancelHref }: { action: Action; experiments?: Option[]; kinds: Option[]; priorities: Option[]; values?: Values; hidden?: Record<string, string | number>; submitLabel: string; defaultExperiment?: string; nextSteps: ReactNode; cancelHref?: string }) {
  const { state, pending, form, onSubmit } = useFormAction(action);
  const router = useRouter();
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.ok && state.taskId) router.push(`/tasks/${state.taskId}`);
    if (state && !state.ok) summary.current?.focus();
  }, [state, router]);
  const cancelInPlace = () => {
    form.current?.reset();
    const panel = form.current?.closest("details");
    if (panel) panel.open = false;
  };
  const labels: Partial<Record<TaskFieldName, string>> = { ...TASK_FIELD_LABEL };
  if (!experiments) delete labels.experiment;
  return (
    <form ref={form} className="space-y-4" noValidate onSubmit={onSubmit}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {state && !state.ok && <ErrorSummary ref={summary} state={state} labels={labels} />}
      {state?.ok && !state.taskId && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          {state.message}
        </p>
      )}
      <p className="muted text-sm">
        Fields marked <span className="text-red-700 dark:text-red-300">*</span> are required.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        {experiments && (
          <Field name="experiment" state={state} required help="Its coordinator decides on the request.">
            {(c) => <Choice options={experiments} defaultValue={defaultExperiment} control={c} />}
          </Field>
        )}
        <Field name="kind" state={state} required help="What OPOS will run for you.">
          {(c) => <Choice options={kinds} defaultValue={values.kind ?? "REPROCESSING"} control={c} />}
        </Field>
      </div>
      <Field name="title" state={state} required help="One line: what, on which data, with what. Example: Reprocess far-detector run 60 with calibration v7">
        {(c) => <input className="field" defaultValue={values.title} maxLength={250} autoComplete="off" {...c} />}
      </Field>
      <Field name="description" state={state} note="(Markdown)" help="Why, what to run, and anything OPOS should know. Markdown works: **bold**, lists, - [ ] task lists, tables, links. A preview shows as you type.">
        {(c) => <MarkdownField previewName="the description" defaultValue={values.description} rows={6} className="field font-mono" placeholder={"## Why\nThe v7 calibration fixes …\n\n## Steps\n- [ ] reconstruction\n- [ ] CAF making"} {...c} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="inputDataset" state={state} help="A SAM definition or a MetaCat query.">
          {(c) => <input className="field font-mono" defaultValue={values.inputDataset} maxLength={2000} autoComplete="off" placeholder="e.g. defname: nova_fd_run60_raw" {...c} />}
        </Field>
        <Field name="softwareVersion" state={state} help="The release to run.">
          {(c) => <input className="field font-mono" defaultValue={values.softwareVersion} maxLength={100} autoComplete="off" placeholder="e.g. v3.2.1" {...c} />}
        </Field>
        <Field name="estimatedFiles" state={state} help="A whole number; 120,000 and 120000 both work.">
          {(c) => <input className="field" inputMode="numeric" defaultValue={values.estimatedFiles} autoComplete="off" placeholder="e.g. 1,200" {...c} />}
        </Field>
        <Field name="estimatedEvents" state={state} help="A whole number, such as 5,000,000.">
          {(c) => <input className="field" inputMode="numeric" defaultValue={values.estimatedEvents} autoComplete="off" placeholder="e.g. 5,000,000" {...c} />}
        </Field>
        <Field name="priority" state={state} help="Urgent is for work that blocks a deadline.">
          {(c) => <Choice options={priorities} defaultValue={values.priority ?? "NORMAL"} control={c} />}
        </Field>
        <Field name="neededBy" state={state} help="Leave empty when there is no deadline.">
          {(c) => <input className="field" type="date" defaultValue={values.neededBy} {...c} />}
        </Field>
      </div>
      <Field name="links" state={state} note="(one per line)" help="Wiki pages, tickets, configuration: full addresses starting with https://, at most 10.">
        {(c) => <textarea rows={3} className="field font-mono" defaultValue={values.links} placeholder={"https://wiki.example.org/run60\nhttps://tickets.example.org/1234"} {...c} />}
      </Field>
      <div className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100" data-testid="what-happens-next">
        <p className="font-semibold">What happens next</p>
        {nextSteps}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {cancelHref ? (
          <Link href={cancelHref} className="btn no-underline hover:no-underline">
            Cancel
          </Link>
        ) : (
          <button type="button" className="btn" onClick={cancelInPlace}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
