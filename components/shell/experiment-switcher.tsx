"use client";

import { useRef } from "react";

type Props = {
  experiments: { id: number; displayName: string }[];
  currentId: number | null;
  action: (formData: FormData) => Promise<void>;
};

/** Changing the select submits at once; the button is there for keyboard and no-script use. */
export function ExperimentSwitcher({ experiments, currentId, action }: Props) {
  const form = useRef<HTMLFormElement>(null);
  if (experiments.length === 0) return <span className="muted text-sm">No experiment yet</span>;
  return (
    <form ref={form} action={action} className="flex items-center gap-1">
      <label htmlFor="experiment-switcher" className="text-sm font-medium text-slate-700 dark:text-slate-300">
        Experiment
      </label>
      <select id="experiment-switcher" name="experimentId" defaultValue={currentId ?? undefined} className="field w-auto" onChange={() => form.current?.requestSubmit()}>
        {experiments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.displayName}
          </option>
        ))}
      </select>
      <noscript>
        <button className="btn">Switch</button>
      </noscript>
    </form>
  );
}
