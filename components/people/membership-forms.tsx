"use client";

import { useActionState } from "react";
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

export function MembershipControls({ membershipId, role, active, roles, action, personName }: { membershipId: number; role: string; active: boolean; roles: Role[]; action: Action; personName: string }) {
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
      <form action={formAction}>
        <input type="hidden" name="membershipId" value={membershipId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <button className={active ? "btn btn-danger" : "btn"} disabled={pending} aria-label={`${active ? "Deactivate" : "Reactivate"} ${personName}`}>
          {active ? "Deactivate" : "Reactivate"}
        </button>
      </form>
      <Message state={state} id={statusId} />
    </div>
  );
}
