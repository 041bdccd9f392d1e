"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { sendJson } from "@/components/ui/api-client";
import { INCIDENT_IMPACT_LABEL, INCIDENT_IMPACT_ORDER, INCIDENT_STATUS_LABEL, INCIDENT_STATUS_ORDER } from "@/lib/services/maintenance";

/** OPOS opens an incident: what is wrong, how bad, which services, and the first update people read. */
export function IncidentForm({ services }: { services: { id: number; displayName: string; depth: number }[] }) {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const serviceIds = f.getAll("serviceIds").map(Number);
    setBusy(true);
    setError("");
    const r = await sendJson<{ incident: { id: number } }>("/api/v1/incidents", "POST", { title: String(f.get("title") ?? ""), impact: f.get("impact"), status: f.get("status"), serviceIds, message: String(f.get("message") ?? "") });
    setBusy(false);
    if (!r.ok) return setError(r.message);
    router.push(`/services/incidents/${r.data.incident.id}`);
  };
  return (
    <details className="card">
      <summary className="cursor-pointer text-lg font-semibold">Open an incident</summary>
      <form onSubmit={submit} className="mt-3 space-y-3" aria-describedby={error ? "incident-error" : undefined}>
        <div>
          <label htmlFor="incident-title" className="label">
            What is wrong
          </label>
          <input id="incident-title" name="title" className="field" required maxLength={200} placeholder="Slow reads from dCache" />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="incident-impact" className="label">
              Impact
            </label>
            <select id="incident-impact" name="impact" className="field" defaultValue="MINOR">
              {INCIDENT_IMPACT_ORDER.map((i) => (
                <option key={i} value={i}>
                  {INCIDENT_IMPACT_LABEL[i]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="incident-status" className="label">
              Status
            </label>
            <select id="incident-status" name="status" className="field" defaultValue="INVESTIGATING">
              {INCIDENT_STATUS_ORDER.filter((s) => s !== "RESOLVED").map((s) => (
                <option key={s} value={s}>
                  {INCIDENT_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset>
          <legend className="label">Affected services</legend>
          <div className="grid max-h-56 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 text-sm sm:grid-cols-2 dark:border-slate-700">
            {services.map((s) => (
              <label key={s.id} className="flex items-center gap-2" style={{ paddingLeft: `${s.depth * 0.75}rem` }}>
                <input type="checkbox" name="serviceIds" value={s.id} /> {s.displayName}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="incident-message" className="label">
            First update
          </label>
          <textarea id="incident-message" name="message" className="field" rows={3} required maxLength={8000} placeholder="What people see, and what we are doing about it." />
        </div>
        {error && (
          <p id="incident-error" role="alert" className="text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Open the incident
        </button>
      </form>
    </details>
  );
}
