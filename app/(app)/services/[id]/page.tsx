import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { pageId, readForPage } from "@/lib/http/page-read";
import { serviceDetail } from "@/lib/services/queries";
import { toWire } from "@/lib/http/wire";
import { ServicesNav } from "@/components/services/services-nav";
import { ServiceDetailLive } from "@/components/services/service-detail-live";
import { HISTORY_DAYS } from "@/lib/services/window";
import { Refused } from "@/components/ui/refused";

export const metadata = { title: "Service" };

export default async function ServicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const id = pageId((await params).id);
  const asked = Number((await searchParams).days);
  const days = (HISTORY_DAYS as readonly number[]).includes(asked) ? asked : 30;
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const read = await readForPage(() => serviceDetail(id, person.id, { from, to }));
  if (!read.ok) return <Refused title="Service" message={read.message} />;
  const d = read.value;
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <p className="text-sm">
          <Link href="/services">Services</Link> /
        </p>
        <h1 className="text-2xl font-bold">{d.service.displayName}</h1>
        <p className="font-mono text-xs muted">{d.service.name}</p>
      </header>
      <ServicesNav current="/services" />
      <ServiceDetailLive initial={toWire(d)} days={days} apiUrl={`/api/v1/services/${id}?days=${days}`} />
    </div>
  );
}
