"use client";

import { useRouter } from "next/navigation";
import { SaveProblems } from "./form-bits";
import { useSave } from "./use-save";

/**
 * Clone and deactivate/reactivate of a job type, login/setup, campaign or stage: deactivating a shared template
 * lists the campaigns that use it and asks first (the same answer as an edit).
 */
const CLONE_PAGE = {
  campaign: (id: number) => `/campaigns/${id}/edit`,
  stage: (id: number) => `/stages/${id}/edit`,
  jobType: (id: number) => `/job-types/${id}`,
  loginSetup: (id: number) => `/login-setups/${id}`,
};

/** `kind` names both the API's answer key and where the clone opens. */
export function ConfigActions({ url, version, active, kind, label }: { url: string; version: number; active: boolean; kind: keyof typeof CLONE_PAGE; label: string }) {
  const router = useRouter();
  const { state, pending, save, summary } = useSave();
  const setActive = async (confirmShared?: boolean) => {
    const r = await save("PATCH", url, { version, active: !active, ...(confirmShared ? { confirmShared: true } : {}) });
    if (r.ok) router.refresh();
  };
  const clone = async () => {
    const r = await save("POST", `${url.replace(/\/config$/, "")}/clone`, {});
    if (r.ok && r.json) router.push(CLONE_PAGE[kind]((r.json[kind] as { id: number }).id));
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2" role="group" aria-label={`More about this ${label}`}>
        <button type="button" className="btn" onClick={clone} disabled={pending} data-testid="clone">
          Clone
        </button>
        <button type="button" className={active ? "btn btn-danger" : "btn"} onClick={() => setActive()} disabled={pending} data-testid="toggle-active">
          {active ? "Deactivate" : "Reactivate"}
        </button>
      </div>
      {state && !state.ok && <SaveProblems state={state} labels={{}} summaryRef={summary} pending={pending} onConfirmShared={() => setActive(true)} />}
    </div>
  );
}
