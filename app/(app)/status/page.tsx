import { requirePerson } from "@/lib/auth/session";
import { statusPage } from "@/lib/services/queries";
import { toWire } from "@/lib/http/wire";
import { ServicesNav } from "@/components/services/services-nav";
import { StatusPageLive } from "@/components/services/status-page-live";

export const metadata = { title: "Status" };

export default async function StatusPage() {
  await requirePerson();
  const data = await statusPage();
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Service status</h1>
        <p className="muted text-sm">Every service with its availability over the last 90 days (UTC days), incidents being worked on, and maintenance to come.</p>
      </header>
      <ServicesNav current="/status" />
      <StatusPageLive initial={toWire(data)} />
    </div>
  );
}
