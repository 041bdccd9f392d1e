import { requirePerson } from "@/lib/auth/session";
import { decide } from "@/lib/people/policy";
import { downtimesIn, serviceChoices } from "@/lib/services/queries";
import { isoDay, parseCalendarState, visibleRange } from "@/lib/services/calendar";
import { toWire } from "@/lib/http/wire";
import { ServicesNav } from "@/components/services/services-nav";
import { MaintenanceCalendar } from "@/components/services/maintenance-calendar";

export const metadata = { title: "Maintenance calendar" };

export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const today = isoDay(new Date());
  const state = parseCalendarState(await searchParams, today);
  const { from, to } = visibleRange(state.view, state.date);
  const [downtimes, services] = await Promise.all([downtimesIn({ from, to, kinds: ["SCHEDULED"], serviceIds: state.serviceId ? [state.serviceId] : undefined }), serviceChoices()]);
  return (
    <div className="space-y-4">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Maintenance calendar</h1>
        <p className="muted text-sm">Scheduled downtimes of services. While one is under way, launches on stages that need the service wait, and go by themselves when it ends.</p>
      </header>
      <ServicesNav current="/services/calendar" />
      <MaintenanceCalendar key={`${state.view}-${state.date}-${state.serviceId}`} initial={{ downtimes: toWire(downtimes) }} state={state} services={services} canManage={decide(person, "service.manage").allowed} today={today} />
    </div>
  );
}
