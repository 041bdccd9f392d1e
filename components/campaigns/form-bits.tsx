"use client";

import type { ReactNode, Ref } from "react";
import Link from "next/link";
import { ErrorSummary } from "@/components/ui/error-summary";
import { Choice, FormField, type ControlProps } from "@/components/ui/form-field";

export { Choice };
import type { SaveState } from "./use-save";

export type { ControlProps };

/** A form field whose error comes from the last save's answer. */
export function Field({ name, label, state, help, required, children }: { name: string; label: string; state: SaveState | null; help?: ReactNode; required?: boolean; children: (c: ControlProps) => ReactNode }) {
  return (
    <FormField name={name} label={label} error={state && !state.ok ? state.fieldErrors?.[name] : undefined} help={help} required={required}>
      {children}
    </FormField>
  );
}

/**
 * What stopped a save, at the top of the form: field errors (linked to their fields), a stale edit (who
 * changed it and what, with a reload), or a shared template (the campaigns it changes, and a confirmation).
 */
export function SaveProblems({ state, labels, summaryRef, onConfirmShared, pending }: { state: SaveState | null; labels: Record<string, string>; summaryRef: Ref<HTMLDivElement>; onConfirmShared?: () => void; pending?: boolean }) {
  if (!state) return null;
  if (state.ok)
    return (
      <p role="status" className="text-sm text-green-800 dark:text-green-300" data-testid="save-ok">
        {state.message}
      </p>
    );
  if (state.code === "stale")
    return (
      <div ref={summaryRef} tabIndex={-1} role="alert" data-testid="stale-edit" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
        <p className="font-semibold">Not saved: this changed while you were editing.</p>
        <p>{state.message}</p>
        <button type="button" className="btn mt-2" onClick={() => window.location.reload()}>
          Reload the current version
        </button>
      </div>
    );
  if (state.code === "shared" && state.shared)
    return (
      <div ref={summaryRef} tabIndex={-1} role="alert" data-testid="shared-template" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
        <p className="font-semibold">This is shared: the change applies to {state.shared.length === 1 ? "1 campaign" : `${state.shared.length} campaigns`}.</p>
        <ul className="my-1 list-disc pl-5">
          {state.shared.map((c) => (
            <li key={c.id}>
              <Link href={`/campaigns/${c.id}/edit`} className="font-mono underline">
                {c.name}
              </Link>
              {!c.active && <span className="muted"> (inactive)</span>}
            </li>
          ))}
        </ul>
        {onConfirmShared && (
          <button type="button" className="btn btn-primary mt-1" onClick={onConfirmShared} disabled={pending} data-testid="confirm-shared">
            Change it for all of them
          </button>
        )}
      </div>
    );
  return <ErrorSummary ref={summaryRef} state={state} labels={labels} />;
}

/** Splits a textarea of one item per line. */
export const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The experiment a new template or campaign belongs to (only when creating: an existing one keeps its own). */
export function ExperimentChoice({ experiments, state, label }: { experiments?: { value: string; label: string }[]; state: SaveState | null; label: string }) {
  if (!experiments) return null;
  return (
    <Field name="experiment" label={label} state={state} required>
      {(c) => <Choice options={experiments} control={c} defaultValue={experiments[0]?.value} />}
    </Field>
  );
}

/** The name of a configuration object: the same charset everywhere (checked again on the server). */
export function NameField({ state, label, defaultValue, example }: { state: SaveState | null; label: string; defaultValue?: string; example?: string }) {
  return (
    <Field name="name" label={label} state={state} required help={`Letters, digits and . _ - + @, no spaces.${example ? ` Example: ${example}` : ""}`}>
      {(c) => <input className="field font-mono" defaultValue={defaultValue} maxLength={100} autoComplete="off" {...c} />}
    </Field>
  );
}
