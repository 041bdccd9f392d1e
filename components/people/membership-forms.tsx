"use client";

import { useActionState, useRef } from "react";
import { useFormAction } from "@/components/ui/use-form-action";
import type { ActionResult } from "@/lib/http/action";

type Action = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
type Role = { value: string; label: string };

function Message({ state, id }: { state: ActionResult | null; id: string }) {
  return (
    <p id={id} role="status" aria-live="polite" className={`text-sm ${state?.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
      {state?.message ?? ""}
    </p>
  );
}

export function AddMemberForm({ experimentId, roles, action }: { experimentId: number; roles: Role[]; action: Action }) {
  const { state, pending, form, onSubmit } = useFormAction(action, { resetOnSuccess: true });
  return (
    <form ref={form} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-describedby="add-member-status">
      <input type="hidden" name="experimentId" value={experimentId} />
      <div>
        <label className="label" htmlFor="add-person">
          Username or email
        </label>
        <input id="add-person" name="person" className="field" required maxLength={200} autoComplete="off" />
      </div>
      <div>
        <label className="label" htmlFor="add-role">
          Role
        </label>
        <select id="add-role" name="role" className="field" defaultValue="ANALYSIS">
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <button className="btn btn-primary" disabled={pending}>
        Add member
      </button>
      <Message state={state} id="add-member-status" />
    </form>
  );
}

/** Deactivating asks first, naming the person and the experiment; reactivating (harmless) does not. */
function DeactivateButton({ membershipId, personName, experimentName, pending, formAction }: { membershipId: number; personName: string; experimentName: string; pending: boolean; formAction: (form: FormData) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const titleId = `deactivate-${membershipId}-title`;
  return (
    <>
      <button ref={opener} type="button" className="btn btn-danger" disabled={pending} aria-label={`Deactivate ${personName}`} aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        Deactivate
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={`deactivate-${membershipId}-body`}
        onClose={() => opener.current?.focus()}
        className="dialog max-w-md p-5"
      >
        <form
          action={(data) => {
            dialog.current?.close();
            formAction(data);
          }}
          className="space-y-3"
        >
          <input type="hidden" name="membershipId" value={membershipId} />
          <input type="hidden" name="active" value="false" />
          <h2 id={titleId} className="text-lg font-semibold">
            Deactivate {personName} in {experimentName}?
          </h2>
          <p id={`deactivate-${membershipId}-body`} className="text-sm">
            {personName} loses their {experimentName} role at once: they can no longer request, decide on or comment on {experimentName} work. Their past requests stay. You can
            reactivate them later.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="btn" autoFocus onClick={() => dialog.current?.close()}>
              Keep {personName}
            </button>
            <button className="btn btn-danger">Deactivate {personName}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}

export function MembershipControls({ membershipId, role, active, roles, action, personName, experimentName }: { membershipId: number; role: string; active: boolean; roles: Role[]; action: Action; personName: string; experimentName: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const statusId = `membership-${membershipId}-status`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {active && (
        <form action={formAction} className="flex items-center gap-2">
          <input type="hidden" name="membershipId" value={membershipId} />
          <label className="sr-only" htmlFor={`role-${membershipId}`}>
            Role of {personName}
          </label>
          <select id={`role-${membershipId}`} name="role" className="field w-auto" defaultValue={role} aria-describedby={statusId}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <button className="btn" disabled={pending}>
            Save role
          </button>
        </form>
      )}
      {active ? (
        <DeactivateButton membershipId={membershipId} personName={personName} experimentName={experimentName} pending={pending} formAction={formAction} />
      ) : (
        <form action={formAction}>
          <input type="hidden" name="membershipId" value={membershipId} />
          <input type="hidden" name="active" value="true" />
          <button className="btn" disabled={pending} aria-label={`Reactivate ${personName}`}>
            Reactivate
          </button>
        </form>
      )}
      <Message state={state} id={statusId} />
    </div>
  );
}
