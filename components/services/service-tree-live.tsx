"use client";

import Link from "next/link";
import type { ServiceRow } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { Ago } from "@/components/runs/ago";
import { KIND_LABEL, utc } from "./service-labels";

type Data = { services: Wire<ServiceRow>[] };

/** Rows to show with "problems only": every service not good, stale or in maintenance, and the groups above them. */
function problemsOnly(rows: Wire<ServiceRow>[]): Wire<ServiceRow>[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<number>();
  for (const r of rows) {
    if (r.status === "GOOD" && !r.staleSince && !r.maintenance) continue;
    for (let at: Wire<ServiceRow> | undefined = r; at && !keep.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) keep.add(at.id);
  }
  return rows.filter((r) => keep.has(r.id));
}

/** The service tree, live: status in colour and words, staleness as such (never as a status), maintenance under way. */
export function ServiceTreeLive({ initial, problems }: { initial: Data; problems: boolean }) {
  const { data, error, readAt } = useLive<Data>("/api/v1/services", initial);
  const all = (data ?? initial).services;
  const rows = problems ? problemsOnly(all) : all;
  return (
    <section className="card space-y-3" aria-labelledby="tree-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="tree-heading" className="text-lg font-semibold">
          {problems ? `Services with a problem (${rows.filter((r) => r.childCount === 0).length} of ${all.filter((r) => r.childCount === 0).length} leaves shown with their groups)` : `All services (${all.length})`}
        </h2>
        <div className="flex items-center gap-3">
          <Link href={problems ? "/services" : "/services?show=problems"} className="btn no-underline hover:no-underline" data-testid="problems-toggle">
            {problems ? "Show all services" : "Show problems only"}
          </Link>
          <LiveNote error={error} at={readAt} />
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{problems ? "Every service is good and answering its probe." : "No services are configured yet."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Services as a tree: groups are followed by their members, indented.</caption>
            <thead className="text-xs uppercase tracking-wide muted">
              <tr>
                <th scope="col" className="py-2 pr-3">Service</th>
                <th scope="col" className="py-2 pr-3">Status</th>
                <th scope="col" className="py-2 pr-3">Since</th>
                <th scope="col" className="py-2 pr-3">Last probe</th>
                <th scope="col" className="py-2">Notes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="service-row" data-service={s.name}>
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <div style={{ paddingLeft: `${s.depth * 1.25}rem` }} className="flex items-baseline gap-1">
                      {s.depth > 0 && (
                        <span aria-hidden="true" className="muted">
                          └
                        </span>
                      )}
                      <span>
                        <Link href={`/services/${s.id}`} className={s.childCount ? "font-semibold" : ""}>
                          {s.displayName}
                        </Link>
                        <span className="block text-xs muted">
                          {s.childCount ? `${KIND_LABEL[s.kind]} of ${s.childCount}` : KIND_LABEL[s.kind]}
                          {s.experiment ? ` · ${s.experiment}` : ""}
                          {s.watching ? " · you watch it" : ""}
                        </span>
                      </span>
                    </div>
                  </th>
                  <td className="py-2 pr-3">
                    <ServiceStatusBadge status={s.status} />
                  </td>
                  <td className="py-2 pr-3">
                    <Ago at={s.statusChangedAt} />
                  </td>
                  <td className="py-2 pr-3">{s.childCount ? <span className="muted">from its members</span> : <Ago at={s.lastCheckedAt} />}</td>
                  <td className="py-2 text-xs">
                    {s.staleSince && (
                      <p className="text-orange-800 dark:text-orange-300" data-testid="stale-note">
                        <span aria-hidden="true">⏸ </span>
                        <strong>Stale</strong> since <Ago at={s.staleSince} />: {s.staleReason || "the probe is not answering"}. The status shown is the last known one.
                      </p>
                    )}
                    {s.maintenance && (
                      <p className="text-blue-800 dark:text-blue-300">
                        <span aria-hidden="true">🛠 </span>
                        <strong>Maintenance</strong> until {utc(s.maintenance.endsAt)}: {s.maintenance.title || "scheduled downtime"}
                      </p>
                    )}
                    {s.statusDetail && s.status !== "GOOD" && <p className="muted">{s.statusDetail}</p>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
