"use client";

import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { ExperimentChoice, Field, NameField, SaveProblems } from "./form-bits";
import { useSave } from "./use-save";

const LABELS = { experiment: "Experiment", name: "Name", launchHost: "Launch host", launchAccount: "Launch account", setupCommands: "Setup commands" };

export type LoginSetupValues = { id?: number; version?: number; name: string; launchHost: string; launchAccount: string; setupCommands: string };

/** Create (with an experiment) or edit (at the version read) a login/setup: where and as whom to launch. */
export function LoginSetupForm({ values, experiments, readOnly }: { values?: LoginSetupValues; experiments?: { value: string; label: string }[]; readOnly?: boolean }) {
  const router = useRouter();
  const { state, pending, save, summary } = useSave();
  const body = (form: HTMLFormElement) => {
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? "");
    return { name: get("name"), launchHost: get("launchHost"), launchAccount: get("launchAccount"), setupCommands: get("setupCommands") };
  };
  const formRef = useRef<HTMLFormElement>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void send(e.currentTarget, false);
  };
  const send = async (form: HTMLFormElement, confirmShared: boolean) => {
    if (values?.id) {
      const r = await save("PATCH", `/api/v1/login-setups/${values.id}`, { version: values.version, ...body(form), ...(confirmShared ? { confirmShared: true } : {}) });
      if (r.ok) router.refresh();
    } else {
      const r = await save("POST", "/api/v1/login-setups", { experiment: String(new FormData(form).get("experiment") ?? ""), ...body(form) });
      if (r.ok) router.push(`/login-setups/${(r.json?.loginSetup as { id: number }).id}`);
    }
  };
  return (
    <form className="space-y-4" noValidate onSubmit={submit} ref={formRef} aria-label={values?.id ? "Edit login/setup" : "New login/setup"}>
      <SaveProblems state={state} labels={LABELS} summaryRef={summary} pending={pending} onConfirmShared={() => formRef.current && send(formRef.current, true)} />
      <fieldset disabled={readOnly} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <ExperimentChoice experiments={experiments} state={state} label={LABELS.experiment} />
          <NameField state={state} label={LABELS.name} defaultValue={values?.name} example="novapro@novagpvm01" />
          <Field name="launchHost" label={LABELS.launchHost} state={state} required help="The machine launches run on; localhost for this server.">
            {(c) => <input className="field font-mono" defaultValue={values?.launchHost} maxLength={253} autoComplete="off" placeholder="novagpvm01.fnal.gov" {...c} />}
          </Field>
          <Field name="launchAccount" label={LABELS.launchAccount} state={state} required help="The account launches run as.">
            {(c) => <input className="field font-mono" defaultValue={values?.launchAccount} maxLength={32} autoComplete="off" placeholder="novapro" {...c} />}
          </Field>
        </div>
        <Field name="setupCommands" label={LABELS.setupCommands} state={state} help="Shell lines run before each launch command.">
          {(c) => <textarea rows={3} className="field font-mono" defaultValue={values?.setupCommands} placeholder="source /cvmfs/nova.opensciencegrid.org/setup_nova.sh" {...c} />}
        </Field>
        {!readOnly && (
          <button className="btn btn-primary" disabled={pending}>
            {pending ? "Saving…" : values?.id ? "Save changes" : "Create login/setup"}
          </button>
        )}
      </fieldset>
    </form>
  );
}
