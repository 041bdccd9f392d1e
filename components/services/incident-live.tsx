"use client";

import { useState } from "react";
import Link from "next/link";
import type { IncidentDetail } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import type { IncidentStatus } from "@/lib/generated/prisma/enums";
import { INCIDENT_STATUS_LABEL, INCIDENT_STATUS_ORDER } from "@/lib/services/maintenance";
import { sendJson } from "@/components/ui/api-client";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { Ago } from "@/components/runs/ago";
import { ImpactBadge, IncidentStatusBadge } from "./incident-badges";
import { utc } from "./service-labels";

type Data = { incident: Wire<IncidentDetail> };

/** An incident with its update timeline (newest first) and, for OPOS, the form that posts the next update. */
export function IncidentLive({ initial, canManage }: { initial: Data; canManage: boolean }) {
  const { data, error, readAt, mutate } = useLive<Data>(`/api/v1/incidents/${initial.incident.id}`, initial);
  const i = (data ?? initial).incident;
  return (
    <div className="space-y-4">
      <section className="card space-y-2" aria-labelledby="about-heading">
        <h2 id="about-heading" className="sr-only">
          About this incident
        </h2>
        <p className="flex flex-wrap items-center gap-2" data-testid="incident-status">
          <IncidentStatusBadge status={i.status} /> <ImpactBadge impact={i.impact} />
        </p>
        <p className="text-sm">
          Opened {utc(i.startedAt)}
          {i.createdBy ? ` by ${i.createdBy}` : ""}
          {i.resolvedAt ? ` · resolved ${utc(i.resolvedAt)}` : " · still open"}
        </p>
        <ul className="flex flex-wrap gap-3 text-sm" aria-label="Affected services">
          {i.services.map((s) => (
            <li key={s.id} className="flex items-center gap-1">
              <Link href={`/services/${s.id}`}>{s.displayName}</Link> <ServiceStatusBadge status={s.status} />
            </li>
          ))}
        </ul>
        <LiveNote error={error} at={readAt} />
      </section>
      {canManage && (
        <UpdateForm
          incidentId={i.id}
          version={i.version}
          current={i.status}
          onPosted={(posted) =>
            // The new version at once (a second update straight after must not carry the old one), then a fresh read.
            void mutate((cur) => ({ incident: { ...(cur ?? initial).incident, version: posted.version, status: posted.status, resolvedAt: posted.resolvedAt } }), { revalidate: true })
          }
        />
      )}
      <section className="card space-y-2" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Updates ({i.updates.length}), newest first
        </h2>
        <ol className="relative space-y-4 border-l-2 border-slate-200 pl-4 dark:border-slate-700" data-testid="incident-timeline">
          {i.updates.map((u) => (
            <li key={u.id} className="space-y-1" data-testid="incident-update">
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <IncidentStatusBadge status={u.status} />
                <time dateTime={u.createdAt}>{utc(u.createdAt)}</time>
                <span className="muted">
                  (<Ago at={u.createdAt} />){u.by ? ` · ${u.by}` : ""}
                </span>
              </p>
              <p className="whitespace-pre-wrap text-sm">{u.message}</p>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

type Posted = { version: number; status: IncidentStatus; resolvedAt: string | null };

function UpdateForm({ incidentId, version, current, onPosted }: { incidentId: number; version: number; current: IncidentStatus; onPosted: (incident: Posted) => void }) {
  const [status, setStatus] = useState<IncidentStatus>(current === "INVESTIGATING" ? "IDENTIFIED" : current);
  const [message, setMessage] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setNote(null);
    const r = await sendJson<{ incident: Posted }>(`/api/v1/incidents/${incidentId}/updates`, "POST", { version, status, message });
    setBusy(false);
    if (!r.ok) return setNote({ ok: false, text: r.message });
    setMessage("");
    setNote({ ok: true, text: status === "RESOLVED" ? "Posted; the incident is resolved." : "Posted." });
    onPosted(r.data.incident);
  };
  return (
    <form onSubmit={submit} className="card space-y-3" aria-labelledby="post-heading">
      <h2 id="post-heading" className="text-lg font-semibold">
        Post an update
      </h2>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <div>
          <label htmlFor="update-status" className="label">
            Status after this update
          </label>
          <select id="update-status" className="field" value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {INCIDENT_STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {INCIDENT_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="update-message" className="label">
            Update
          </label>
          <textarea id="update-message" className="field" rows={3} required maxLength={8000} value={message} onChange={(e) => setMessage(e.target.value)} />
        </div>
      </div>
      {note && (
        <p role={note.ok ? "status" : "alert"} className={`text-sm ${note.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
          {note.text}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !message.trim()}>
        Post update
      </button>
    </form>
  );
}
