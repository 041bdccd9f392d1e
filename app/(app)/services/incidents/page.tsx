import { requirePerson } from "@/lib/auth/session";
import { decide } from "@/lib/people/policy";
import { listIncidents, serviceChoices } from "@/lib/services/queries";
import { toWire } from "@/lib/http/wire";
import { ServicesNav } from "@/components/services/services-nav";
import { IncidentListLive } from "@/components/services/incident-list-live";
import { IncidentForm } from "@/components/services/incident-form";

export const metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const asked = (await searchParams).state;
  const state = asked === "resolved" || asked === "all" ? asked : "open";
  const canManage = decide(person, "service.manage").allowed;
  const [incidents, services] = await Promise.all([listIncidents(state), canManage ? serviceChoices() : Promise.resolve([])]);
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Incidents</h1>
        <p className="muted text-sm">Problems with services as OPOS explains them, with every update as it was posted.</p>
      </header>
      <ServicesNav current="/services/incidents" />
      {canManage && <IncidentForm services={services} />}
      <IncidentListLive initial={{ incidents: toWire(incidents) }} state={state} />
    </div>
  );
}
