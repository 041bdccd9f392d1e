import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { decide } from "@/lib/people/policy";
import { pageId, readForPage } from "@/lib/http/page-read";
import { incidentDetail } from "@/lib/services/queries";
import { toWire } from "@/lib/http/wire";
import { ServicesNav } from "@/components/services/services-nav";
import { IncidentLive } from "@/components/services/incident-live";
import { Refused } from "@/components/ui/refused";

export const metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const id = pageId((await params).id);
  const read = await readForPage(() => incidentDetail(id));
  if (!read.ok) return <Refused title="Incident" message={read.message} />;
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href="/services/incidents">Incidents</Link> /
        </p>
        <h1 className="text-2xl font-bold">{read.value.title}</h1>
      </header>
      <ServicesNav current="/services/incidents" />
      <IncidentLive initial={{ incident: toWire(read.value) }} canManage={decide(person, "service.manage").allowed} />
    </div>
  );
}
