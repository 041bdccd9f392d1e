import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { listServices, listIncidents, upcomingMaintenance } from "@/lib/services/queries";
import { toWire } from "@/lib/http/wire";
import { HealthBar } from "@/components/ui/health-bar";
import { ServicesNav } from "@/components/services/services-nav";
import { ServiceTreeLive } from "@/components/services/service-tree-live";
import { utc } from "@/components/services/service-labels";
import type { ServiceStatus } from "@/lib/generated/prisma/enums";

export const metadata = { title: "Services" };

export default async function ServicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const show = (await searchParams).show;
  const [services, incidents, maintenance] = await Promise.all([listServices(person.id), listIncidents("open", { take: 5 }), upcomingMaintenance(new Date(), 7)]);
  const leaves = services.filter((s) => s.childCount === 0);
  const counts = { GOOD: 0, DEGRADED: 0, BAD: 0, UNKNOWN: 0 } as Record<ServiceStatus, number>;
  for (const s of leaves) counts[s.status]++;
  const stale = leaves.filter((s) => s.staleSince).length;
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Services</h1>
        <p className="muted text-sm">The services production depends on, as the monitors see them. A launch on a stage that needs a bad service, or one in scheduled maintenance, waits until it is good again.</p>
      </header>
      <ServicesNav current="/services" />
      <div className="grid gap-4 md:grid-cols-3">
        <section className="card space-y-2 md:col-span-2" aria-labelledby="health-heading">
          <h2 id="health-heading" className="text-lg font-semibold">
            Health of {leaves.length} monitored services{stale ? `, ${stale} stale` : ""}
          </h2>
          <HealthBar counts={counts} />
          <div className="text-sm muted space-y-1" data-testid="how-status-works">
            <p>
              <strong>A leaf changes state only when 2 of its last 3 probes agree</strong>, so one slow answer does not flip it. A group is good when enough of its members are good (a degraded member counts half) and bad below its threshold.
            </p>
            <p>When a probe cannot be read (time-out, refused, garbage), the service is marked <em>stale</em> and keeps its last known state: a failing monitor is never taken for a failing service.</p>
          </div>
        </section>
        <section className="card space-y-2 text-sm" aria-labelledby="now-heading">
          <h2 id="now-heading" className="text-lg font-semibold">Now</h2>
          {incidents.length === 0 ? (
            <p className="muted">No open incidents.</p>
          ) : (
            <ul className="space-y-1">
              {incidents.map((i) => (
                <li key={i.id}>
                  <span aria-hidden="true">⚠ </span>
                  <Link href={`/services/incidents/${i.id}`} className="underline">{i.title}</Link>
                </li>
              ))}
            </ul>
          )}
          <h3 className="font-semibold">Maintenance in the next 7 days</h3>
          {maintenance.length === 0 ? (
            <p className="muted">None scheduled.</p>
          ) : (
            <ul className="space-y-1">
              {maintenance.map((m) => (
                <li key={m.id}>
                  {m.serviceDisplayName}: {m.title || "maintenance"} <span className="muted">({utc(m.startsAt)})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <ServiceTreeLive initial={{ services: toWire(services) }} problems={show === "problems"} />
    </div>
  );
}
