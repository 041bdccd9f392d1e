"use client";

import { useState } from "react";
import { fromLocalField, toLocalField } from "@/lib/services/calendar";
import { sendJson } from "@/components/ui/api-client";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { utc } from "./service-labels";

/** What the server answered for a saved downtime (the fields the calendar keeps in step at once). */
export type SavedDowntime = { id: number; version: number; serviceId: number; startsAt: string; endsAt: string | null; title: string; reason: string; cancelledAt: string | null };

export type DowntimeDraft =
  | { mode: "create"; serviceId: number; startsAt: Date | null; endsAt: Date | null; title: string; reason: string }
  | { mode: "edit"; id: number; version: number; serviceId: number; startsAt: Date; endsAt: Date; title: string; reason: string };

/**
 * The keyboard path of the calendar, and what a pointer selection opens: service, start and end (UTC), title and
 * reason. Editing sends the version it was opened at; a refusal (stale, bad window) is shown in the dialog.
 */
/** A service to choose, indented by its depth in the service tree. */
export type ServiceChoice = { id: number; displayName: string; depth: number };

/** The services as `<option>`s, each indented under its group. */
export function ServiceTreeOptions({ services }: { services: ServiceChoice[] }) {
  return services.map((s) => (
    <option key={s.id} value={s.id}>
      {"\u00a0".repeat(s.depth * 2)}
      {s.displayName}
    </option>
  ));
}

export function DowntimeForm({ draft, services, onClose, onSaved }: { draft: DowntimeDraft; services: ServiceChoice[]; onClose: () => void; onSaved: (message: string, saved?: SavedDowntime) => void }) {
  const [serviceId, setServiceId] = useState(draft.serviceId || services[0]?.id || 0);
  const [start, setStart] = useState(draft.startsAt ? toLocalField(draft.startsAt) : "");
  const [end, setEnd] = useState(draft.endsAt ? toLocalField(draft.endsAt) : "");
  const [title, setTitle] = useState(draft.title);
  const [reason, setReason] = useState(draft.reason);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const startsAt = fromLocalField(start);
    const endsAt = fromLocalField(end);
    if (!startsAt) return setError({ field: "start", text: "Enter the start as a date and time (UTC)." });
    if (!endsAt) return setError({ field: "end", text: "Enter the end as a date and time (UTC)." });
    setBusy(true);
    setError(null);
    const body = { serviceId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), title, reason };
    const r = draft.mode === "create" ? await sendJson<{ downtime: SavedDowntime }>("/api/v1/downtimes", "POST", body) : await sendJson<{ downtime: SavedDowntime }>(`/api/v1/downtimes/${draft.id}`, "PATCH", { version: draft.version, ...body });
    setBusy(false);
    if (!r.ok) return setError({ text: r.message });
    const name = services.find((s) => s.id === serviceId)?.displayName ?? "the service";
    onSaved(`${draft.mode === "create" ? "Scheduled" : "Saved"}: ${name}, ${utc(startsAt)} → ${utc(endsAt)}.`, r.data.downtime);
  };

  const cancelDowntime = async () => {
    if (draft.mode !== "edit") return;
    setBusy(true);
    const r = await sendJson<{ downtime: SavedDowntime }>(`/api/v1/downtimes/${draft.id}?version=${draft.version}`, "DELETE");
    setBusy(false);
    if (!r.ok) return setError({ text: r.message });
    onSaved("The downtime was cancelled; calendars subscribed to the feed will drop it.", r.data.downtime);
  };

  const invalid = (f: string) => (error?.field === f ? true : undefined);
  return (
    <ModalDialog open title={draft.mode === "create" ? "Schedule a downtime" : "Scheduled downtime"} onClose={onClose} testId="downtime-dialog">
      <form onSubmit={save} className="space-y-3">
        <div>
          <label htmlFor="dt-service" className="label">
            Service
          </label>
          <select id="dt-service" className="field" value={serviceId} onChange={(e) => setServiceId(Number(e.target.value))}>
            <ServiceTreeOptions services={services} />
          </select>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="dt-start" className="label">
              Start (UTC)
            </label>
            <input id="dt-start" type="datetime-local" step={60} className="field" value={start} onChange={(e) => setStart(e.target.value)} required aria-invalid={invalid("start")} />
          </div>
          <div>
            <label htmlFor="dt-end" className="label">
              End (UTC)
            </label>
            <input id="dt-end" type="datetime-local" step={60} className="field" value={end} onChange={(e) => setEnd(e.target.value)} required aria-invalid={invalid("end")} />
          </div>
        </div>
        <div>
          <label htmlFor="dt-title" className="label">
            Title
          </label>
          <input id="dt-title" className="field" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} placeholder="Tape library firmware upgrade" />
        </div>
        <div>
          <label htmlFor="dt-reason" className="label">
            Details (optional)
          </label>
          <textarea id="dt-reason" className="field" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={4000} />
        </div>
        <p className="text-xs muted">Launches on stages that need this service wait while it is in maintenance, and go by themselves when it ends.</p>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="downtime-error">
            {error.text}
          </p>
        )}
        <div className="flex flex-wrap justify-between gap-2">
          <div className="flex gap-2">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {draft.mode === "create" ? "Schedule" : "Save"}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
          </div>
          {draft.mode === "edit" && (
            <button type="button" className="btn btn-danger" onClick={cancelDowntime} disabled={busy}>
              Cancel this downtime
            </button>
          )}
        </div>
      </form>
    </ModalDialog>
  );
}
