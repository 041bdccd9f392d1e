"use client";

import Link from "next/link";
import type { ServiceDetail } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import { statusSegments } from "@/lib/services/history";
import { HISTORY_DAYS } from "@/lib/services/window";
import { INCIDENT_IMPACT_LABEL, INCIDENT_STATUS_LABEL } from "@/lib/services/maintenance";
import { SERVICE_BAR, SERVICE_LABEL, ServiceStatusBadge } from "@/components/ui/badges";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { Ago } from "@/components/runs/ago";
import { AvailabilityBar, AvailabilityLegend } from "./availability-bar";
import { WatchButton } from "./watch-button";
import { KIND_LABEL, utc } from "./service-labels";

/** One service: its status now, history over the chosen window, downtimes, incidents; live. */
export function ServiceDetailLive({ initial, days, apiUrl }: { initial: Wire<ServiceDetail>; days: number; apiUrl: string }) {
  const { data, error, readAt } = useLive<Wire<ServiceDetail>>(apiUrl, initial);
  const d = data ?? initial;
  const s = d.service;
  const window = { from: new Date(d.window.from), to: new Date(d.window.to) };
  const segments = statusSegments(
    d.events.map((e) => ({ ...e, createdAt: new Date(e.createdAt) })),
    window,
    s.status,
  );
  return (
    <div className="space-y-4">
      <section className="card space-y-3" aria-labelledby="now-heading">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="space-y-1">
            <h2 id="now-heading" className="sr-only">
              Status now
            </h2>
            <p className="flex flex-wrap items-center gap-2 text-lg" data-testid="service-status">
              <ServiceStatusBadge status={s.status} /> <span>since <Ago at={s.statusChangedAt} /> ({utc(s.statusChangedAt)})</span>
            </p>
            {s.statusDetail && <p className="text-sm">{s.statusDetail}</p>}
            <p className="text-sm muted">
              {KIND_LABEL[s.kind]}
              {s.experiment ? ` · ${s.experiment}` : ""}
              {d.parent && (
                <>
                  {" "}· part of <Link href={`/services/${d.parent.id}`} className="underline">{d.parent.displayName}</Link>
                </>
              )}
              {s.gatesAll ? " · every launch needs it" : d.neededByStages ? ` · needed by ${d.neededByStages} stage${d.neededByStages === 1 ? "" : "s"}` : ""}
              {d.children.length === 0 && <> · last probe <Ago at={s.lastCheckedAt} /></>}
            </p>
            {s.staleSince && (
              <p className="rounded-md border border-orange-300 bg-orange-50 p-2 text-sm text-orange-900 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-200" data-testid="stale-note">
                <span aria-hidden="true">⏸ </span>
                <strong>Stale</strong> since <Ago at={s.staleSince} />: {s.staleReason || "the probe is not answering"}. The status above is the last one the probe read (<Ago at={s.lastGoodReadAt} />); a probe that cannot be read never changes it.
              </p>
            )}
            {s.maintenance && (
              <p className="rounded-md border border-blue-300 bg-blue-50 p-2 text-sm text-blue-900 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-200">
                <span aria-hidden="true">🛠 </span>
                <strong>In scheduled maintenance</strong> until {utc(s.maintenance.endsAt)}: {s.maintenance.title || "maintenance"}. Launches that need it wait.
              </p>
            )}
            {s.url && (
              <p className="text-sm">
                <a href={s.url} rel="noreferrer noopener" className="underline">
                  The service&apos;s own page
                </a>
              </p>
            )}
          </div>
          <WatchButton serviceId={s.id} watching={s.watching} />
        </div>
        {s.description && <p className="text-sm">{s.description}</p>}
        <p className="text-xs muted">A leaf changes state only when 2 of its last 3 probes agree; a group follows the share of its good members (a degraded one counts half).</p>
        <LiveNote error={error} at={readAt} />
      </section>

      {d.availability && (
        <section className="card space-y-2" aria-labelledby="avail-heading">
          <h2 id="avail-heading" className="text-lg font-semibold">
            Availability, last 90 days
          </h2>
          <AvailabilityBar days={d.availability.days} upShare={d.availability.upShare} label={s.displayName} />
          <AvailabilityLegend />
        </section>
      )}

      {d.children.length > 0 && (
        <section className="card space-y-2" aria-labelledby="members-heading">
          <h2 id="members-heading" className="text-lg font-semibold">
            Members ({d.children.length})
          </h2>
          <ul className="grid gap-1 sm:grid-cols-2">
            {d.children.map((c) => (
              <li key={c.id} className="flex items-center gap-2">
                <ServiceStatusBadge status={c.status} /> <Link href={`/services/${c.id}`}>{c.displayName}</Link>
                {c.staleSince && <span className="text-xs text-orange-800 dark:text-orange-300">stale</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card space-y-3" aria-labelledby="history-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="history-heading" className="text-lg font-semibold">
            History
          </h2>
          <nav aria-label="History window" className="flex gap-1 text-sm">
            {HISTORY_DAYS.map((n) => (
              <Link key={n} href={`?days=${n}`} aria-current={n === days ? "true" : undefined} className={`rounded px-2 py-0.5 no-underline hover:no-underline ${n === days ? "bg-blue-700 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}>
                {n === 1 ? "24 h" : `${n} days`}
              </Link>
            ))}
          </nav>
        </div>
        <div>
          <div className="flex h-4 w-full overflow-hidden rounded" role="img" aria-label={`Status over the window: ${segments.map((g) => `${SERVICE_LABEL[g.status].toLowerCase()} from ${utc(g.from)} to ${utc(g.to)}`).join("; ")}`} data-testid="history-strip">
            {segments.map((g, i) => (
              <span key={i} className={`block h-full ${SERVICE_BAR[g.status]}`} style={{ width: `${Math.max(0.3, g.share * 100)}%` }} title={`${SERVICE_LABEL[g.status]}: ${utc(g.from)} → ${utc(g.to)}`} />
            ))}
          </div>
          <div className="mt-1 flex justify-between text-xs muted">
            <span>{utc(d.window.from)}</span>
            <span>{utc(d.window.to)}</span>
          </div>
        </div>
        {d.events.length === 0 ? (
          <p className="text-sm muted">No change of status in this window.</p>
        ) : (
          <ol className="space-y-1 text-sm" aria-label="Status changes, newest first" data-testid="history-events">
            {d.events.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-2">
                <time dateTime={e.createdAt} className="w-40 shrink-0 font-mono text-xs">
                  {utc(e.createdAt)}
                </time>
                {e.fromStatus && (
                  <>
                    <ServiceStatusBadge status={e.fromStatus} /> <span aria-hidden="true">→</span>
                    <span className="sr-only">to</span>
                  </>
                )}
                <ServiceStatusBadge status={e.status} />
                {e.detail && <span className="muted">{e.detail}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="downtimes-heading">
        <h2 id="downtimes-heading" className="text-lg font-semibold">
          Downtimes in this window
        </h2>
        {d.downtimes.length === 0 ? (
          <p className="text-sm muted">None.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide muted">
              <tr>
                <th scope="col" className="py-1 pr-3">Kind</th>
                <th scope="col" className="py-1 pr-3">From</th>
                <th scope="col" className="py-1 pr-3">To</th>
                <th scope="col" className="py-1">What</th>
              </tr>
            </thead>
            <tbody>
              {d.downtimes.map((t) => (
                <tr key={t.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-1 pr-3">{t.kind === "ACTUAL" ? <span className="text-red-800 dark:text-red-300">✕ Outage</span> : t.cancelledAt ? <span className="muted line-through">Maintenance (cancelled)</span> : <span className="text-blue-800 dark:text-blue-300">🛠 Maintenance</span>}</td>
                  <td className="py-1 pr-3">{utc(t.startsAt)}</td>
                  <td className="py-1 pr-3">{t.endsAt ? utc(t.endsAt) : <strong>still down</strong>}</td>
                  <td className="py-1">{[t.title, t.reason].filter(Boolean).join(": ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card space-y-2" aria-labelledby="incidents-heading">
        <h2 id="incidents-heading" className="text-lg font-semibold">
          Incidents
        </h2>
        {d.incidents.length === 0 ? (
          <p className="text-sm muted">No incident has named this service.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {d.incidents.map((i) => (
              <li key={i.id}>
                <Link href={`/services/incidents/${i.id}`} className="underline">{i.title}</Link> <span className="muted">· {INCIDENT_STATUS_LABEL[i.status]} · {INCIDENT_IMPACT_LABEL[i.impact]} impact · {utc(i.startedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
