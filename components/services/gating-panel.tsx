"use client";

import Link from "next/link";
import { useState } from "react";
import type { GatingServiceRow, ServiceGating } from "@/lib/services/gate-services";
import { sendJson } from "@/components/ui/api-client";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { useLive } from "@/components/runs/live";
import { Ago } from "@/components/runs/ago";
import { describeDrain } from "@/components/runs/hold-switch";

type Data = { gating: ServiceGating; services: GatingServiceRow[] };

/**
 * The Operations page's service gating, beside the global hold: the installation-wide switch (on: a launch whose
 * needed service is down or in maintenance waits), and which services every launch needs (OPOS ticks them).
 */
export function GatingPanel({ initial, canManage }: { initial: Data; canManage: boolean }) {
  const live = useLive<Data>("/api/v1/service-gating", initial);
  const d = live.data ?? initial;
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const everyone = d.services.filter((s) => s.gatesAll);

  async function switchTo(enabled: boolean) {
    setBusy(true);
    const r = await sendJson<{ drained: Parameters<typeof describeDrain>[0] }>("/api/v1/service-gating", "PUT", { enabled });
    setBusy(false);
    setStatus(r.ok ? { ok: true, text: `Service gating is ${enabled ? "on" : "off"}. ${describeDrain(r.data.drained)}` } : { ok: false, text: `Not changed: ${r.message}` });
    void live.mutate();
  }

  async function mark(s: GatingServiceRow, gatesAll: boolean) {
    setBusy(true);
    const r = await sendJson(`/api/v1/service-gating/${s.id}`, "PUT", { gatesAll, version: s.version });
    setBusy(false);
    setStatus(r.ok ? { ok: true, text: gatesAll ? `Every launch now needs ${s.name}.` : `${s.name} is needed only by the stages that choose it.` } : { ok: false, text: `Not changed: ${r.message}` });
    void live.mutate();
  }

  return (
    <section className="card space-y-2" aria-labelledby="service-gating" data-testid="service-gating">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="service-gating" className="text-lg font-semibold">Service gating</h2>
        <Link href="/services" className="underline">Services</Link>
      </div>
      <p className="text-sm" data-testid="service-gating-state">
        <span className={`font-semibold ${d.gating.enabled ? "text-green-800 dark:text-green-300" : "text-orange-900 dark:text-orange-200"}`}>
          <span aria-hidden="true">{d.gating.enabled ? "● " : "○ "}</span>
          {d.gating.enabled ? "On" : "Off"}
        </span>
        {": "}
        {d.gating.enabled
          ? "a launch whose needed service is down or in scheduled maintenance waits as a held launch and goes by itself when the service is back."
          : "services only warn; no launch waits on one."}
        {d.gating.by && d.gating.since && (
          <span className="muted">
            {" "}Switched by {d.gating.by} <Ago at={d.gating.since} />.
          </span>
        )}
      </p>
      {canManage && (
        <button type="button" className="btn" disabled={busy} onClick={() => void switchTo(!d.gating.enabled)} data-testid="service-gating-toggle">
          {d.gating.enabled ? "Switch service gating off" : "Switch service gating on"}
        </button>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer">
          Services every launch needs ({everyone.length}){everyone.length ? `: ${everyone.map((s) => s.name).join(", ")}` : ""}
        </summary>
        {d.services.length === 0 ? (
          <p className="muted mt-2">There are no services yet.</p>
        ) : (
          <fieldset className="mt-2" disabled={!canManage || busy}>
            <legend className="sr-only">Services every launch needs</legend>
            <ul className="grid gap-1 sm:grid-cols-2">
              {d.services.map((s) => (
                <li key={s.id}>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={s.gatesAll} onChange={(e) => void mark(s, e.target.checked)} data-testid={`gates-all-${s.id}`} />
                    <ServiceStatusBadge status={s.status} />
                    <span>
                      {s.name}
                      {s.group && <span className="muted"> (group)</span>}
                      {s.experiment && <span className="muted"> · {s.experiment} only</span>}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
      </details>
      {status && (
        <p role="status" className={`text-sm ${status.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-300"}`}>
          {status.text}
        </p>
      )}
    </section>
  );
}
