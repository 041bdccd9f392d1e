"use client";

import type { ReactNode } from "react";

/** What a control needs to be tied to its label, help line and error. */
export type ControlProps = { id: string; name: string; required?: boolean; "aria-describedby"?: string; "aria-invalid"?: true };

/** A labelled control with its help line and, after a refused save, its error right below it (the one field markup of every form). */
export function FormField({ name, label, error, help, note, required, children }: { name: string; label: ReactNode; error?: string; help?: ReactNode; note?: string; required?: boolean; children: (control: ControlProps) => ReactNode }) {
  const describedBy = [help ? `${name}-help` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div>
      <label className="label" htmlFor={name}>
        {label}
        {note && <span className="muted font-normal"> {note}</span>}
        {required && (
          <>
            <span aria-hidden="true" className="ml-0.5 text-red-700 dark:text-red-300">*</span>
            <span className="sr-only"> (required)</span>
          </>
        )}
      </label>
      {help && (
        <p id={`${name}-help`} className="muted mb-1 text-xs">
          {help}
        </p>
      )}
      {children({ id: name, name, required: required || undefined, "aria-describedby": describedBy || undefined, "aria-invalid": error ? true : undefined })}
      {error && (
        <p id={`${name}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** A select of options (controlled when `value` is given). */
export function Choice({ options, control, value, onChange, defaultValue }: { options: { value: string; label: string }[]; control: ControlProps; value?: string; defaultValue?: string; onChange?: (v: string) => void }) {
  return (
    <select className="field" {...control} value={value} defaultValue={defaultValue} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
