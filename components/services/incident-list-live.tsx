"use client";

import Link from "next/link";
import type { IncidentRow } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { Ago } from "@/components/runs/ago";
import { ImpactBadge, IncidentStatusBadge } from "./incident-badges";
import { utc } from "./service-labels";

type Data = { incidents: Wire<IncidentRow>[] };

export function IncidentListLive({ initial, state }: { initial: Data; state: "open" | "resolved" | "all" }) {
  const { data, error, readAt } = useLive<Data>(`/api/v1/incidents?state=${state}`, initial);
  const rows = (data ?? initial).incidents;
  return (
    <section className="card space-y-3" aria-labelledby="list-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="list-heading" className="text-lg font-semibold">
          {state === "open" ? "Open incidents" : state === "resolved" ? "Resolved incidents" : "All incidents"} ({rows.length})
        </h2>
        <nav aria-label="Which incidents" className="flex gap-1 text-sm">
          {(["open", "resolved", "all"] as const).map((s) => (
            <Link key={s} href={`?state=${s}`} aria-current={s === state ? "true" : undefined} className={`rounded px-2 py-0.5 no-underline hover:no-underline ${s === state ? "bg-blue-700 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}>
              {s === "open" ? "Open" : s === "resolved" ? "Resolved" : "All"}
            </Link>
          ))}
        </nav>
      </div>
      <LiveNote error={error} at={readAt} />
      {rows.length === 0 ? (
        <p className="text-sm muted">{state === "open" ? "No incident is open." : "None."}</p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="incident-list">
          {rows.map((i) => (
            <li key={i.id} className="space-y-1 py-2">
              <p className="flex flex-wrap items-center gap-2">
                <Link href={`/services/incidents/${i.id}`} className="font-semibold">
                  {i.title}
                </Link>
                <IncidentStatusBadge status={i.status} /> <ImpactBadge impact={i.impact} />
              </p>
              <p className="text-sm muted">
                {i.services.map((s) => s.displayName).join(", ")} · opened {utc(i.startedAt)}
                {i.resolvedAt ? ` · resolved ${utc(i.resolvedAt)}` : ""}
              </p>
              {i.latest && (
                <p className="text-sm">
                  Latest (<Ago at={i.latest.createdAt} />): {i.latest.message}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
