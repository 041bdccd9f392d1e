"use client";

import Link from "next/link";
import type { StatusPageData } from "@/lib/services/queries";
import type { Wire } from "@/lib/http/wire";
import { INCIDENT_IMPACT_LABEL, INCIDENT_STATUS_LABEL } from "@/lib/services/maintenance";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { useLive } from "@/components/runs/live";
import { LiveNote } from "@/components/runs/live-note";
import { Ago } from "@/components/runs/ago";
import { AvailabilityBar, AvailabilityLegend } from "./availability-bar";
import { utc } from "./service-labels";

type Data = Wire<StatusPageData>;

/** The headline: all good, or what is wrong, in words and colour. */
function Headline({ d }: { d: Data }) {
  const leaves = d.services.filter((s) => s.childCount === 0);
  const bad = leaves.filter((s) => s.status === "BAD").length;
  const degraded = leaves.filter((s) => s.status === "DEGRADED").length;
  const tone = bad ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200" : degraded || d.incidents.length ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200" : "border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-200";
  const text = bad ? `${bad} service${bad === 1 ? " is" : "s are"} down` : degraded ? `${degraded} service${degraded === 1 ? " is" : "s are"} degraded` : d.incidents.length ? "All services are up; an incident is open" : "All services are operating normally";
  return (
    <p role="status" className={`rounded-lg border p-4 text-lg font-semibold ${tone}`} data-testid="status-headline">
      <span aria-hidden="true">{bad ? "✕ " : degraded || d.incidents.length ? "◐ " : "● "}</span>
      {text}
    </p>
  );
}

export function StatusPageLive({ initial }: { initial: Data }) {
  const { data, error, readAt } = useLive<Data>("/api/v1/services/status", initial);
  const d = data ?? initial;
  return (
    <div className="space-y-4">
      <Headline d={d} />
      <LiveNote error={error} at={readAt} />

      <section className="card space-y-3" aria-labelledby="incidents-heading">
        <h2 id="incidents-heading" className="text-lg font-semibold">
          Current incidents
        </h2>
        {d.incidents.length === 0 ? (
          <p className="text-sm muted">No incident is open.</p>
        ) : (
          <ul className="space-y-3" data-testid="current-incidents">
            {d.incidents.map((i) => (
              <li key={i.id} className="rounded-md border border-amber-300 p-3 dark:border-amber-800">
                <p className="font-semibold">
                  <span aria-hidden="true">⚠ </span>
                  <Link href={`/services/incidents/${i.id}`}>{i.title}</Link>
                </p>
                <p className="text-sm muted">
                  {INCIDENT_STATUS_LABEL[i.status]} · {INCIDENT_IMPACT_LABEL[i.impact]} impact · since {utc(i.startedAt)} · {i.services.map((s) => s.displayName).join(", ")}
                </p>
                {i.latest && (
                  <p className="mt-1 text-sm">
                    <strong>{INCIDENT_STATUS_LABEL[i.latest.status]}</strong> (<Ago at={i.latest.createdAt} />): {i.latest.message}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="maintenance-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="maintenance-heading" className="text-lg font-semibold">
            Upcoming maintenance
          </h2>
          <a href="/api/v1/downtimes.ics" className="text-sm underline" data-testid="ical-link">
            Subscribe in your calendar (iCal)
          </a>
        </div>
        {d.maintenance.length === 0 ? (
          <p className="text-sm muted">Nothing scheduled in the next 30 days.</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="upcoming-maintenance">
            {d.maintenance.map((m) => (
              <li key={m.id}>
                <span aria-hidden="true">🛠 </span>
                <strong>{m.serviceDisplayName}</strong>: {m.title || "maintenance"} · {utc(m.startsAt)} → {utc(m.endsAt)}
                {new Date(m.startsAt).getTime() <= new Date(d.at).getTime() && <span className="ml-1 rounded bg-blue-100 px-1 text-blue-900 dark:bg-blue-900 dark:text-blue-100">under way</span>}
                {m.reason && <span className="block muted">{m.reason}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="services-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="services-heading" className="text-lg font-semibold">
            Services, last 90 days
          </h2>
          <AvailabilityLegend />
        </div>
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {d.services.map((s) => (
            <li key={s.id} className="grid gap-2 py-2 md:grid-cols-[16rem_1fr]" data-testid="status-service" data-service={s.name}>
              <div style={{ paddingLeft: `${s.depth * 0.75}rem` }}>
                <Link href={`/services/${s.id}`} className={s.childCount ? "font-semibold" : ""}>
                  {s.displayName}
                </Link>
                <div className="mt-0.5 flex flex-wrap items-center gap-1">
                  <ServiceStatusBadge status={s.status} />
                  {s.staleSince && <span className="text-xs text-orange-800 dark:text-orange-300">stale</span>}
                  {s.maintenance && <span className="text-xs text-blue-800 dark:text-blue-300">in maintenance</span>}
                </div>
              </div>
              {s.availability ? <AvailabilityBar days={s.availability.days} upShare={s.availability.upShare} label={s.displayName} /> : <p className="text-sm muted">No history yet.</p>}
            </li>
          ))}
        </ul>
      </section>

      {d.recentlyResolved.length > 0 && (
        <section className="card space-y-2" aria-labelledby="resolved-heading">
          <h2 id="resolved-heading" className="text-lg font-semibold">
            Resolved in the last 7 days
          </h2>
          <ul className="space-y-1 text-sm">
            {d.recentlyResolved.map((i) => (
              <li key={i.id}>
                <span aria-hidden="true">✓ </span>
                <Link href={`/services/incidents/${i.id}`} className="underline">{i.title}</Link> <span className="muted">· resolved {utc(i.resolvedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
