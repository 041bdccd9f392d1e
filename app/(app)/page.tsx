import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { dashboardSummary } from "@/lib/dashboard/summary";
import { Stat } from "@/components/ui/stat";
import { HealthBar } from "@/components/ui/health-bar";
import { PriorityBadge, ServiceStatusBadge, TaskStatusBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const person = await requirePerson();
  const s = await dashboardSummary(person);
  const isOpos = person.globalRoles.includes("OPOS");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Welcome, {person.name.split(" ")[0]}</h1>
      <section aria-labelledby="my-work" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <h2 id="my-work" className="sr-only">
          My work
        </h2>
        <Stat label="My open requests" value={s.myOpenRequests} testId="stat-open-requests" hint="Requested by you and not yet finished" />
        {s.isCoordinator && <Stat label="Waiting for my approval" value={s.awaitingMyDecision} testId="stat-awaiting-approval" hint="Requests in experiments you coordinate" />}
        {(isOpos || s.assignedToMe > 0) && <Stat label="Assigned to me" value={s.assignedToMe} testId="stat-assigned" hint="Assigned, in progress or on hold" />}
        <div className="card">
          <div className="text-sm font-medium text-slate-600 dark:text-slate-400">Service health</div>
          <div className="mt-2">
            <HealthBar counts={s.health} />
          </div>
        </div>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="recent" className="card lg:col-span-2">
          <h2 id="recent" className="mb-3 text-lg font-semibold">
            Requests that concern me
          </h2>
          {s.recentRequests.length === 0 ? (
            <p className="muted">Nothing yet. Requests you make, approve or are assigned will appear here.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {s.recentRequests.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center gap-2 py-2">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{t.experiment.name}</span>
                  <span className="min-w-0 flex-1 truncate">{t.title}</span>
                  <PriorityBadge priority={t.priority} />
                  <TaskStatusBadge status={t.status} />
                  <span className="muted text-xs">
                    <RelativeTime date={t.updatedAt} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="attention" className="card">
          <h2 id="attention" className="mb-3 text-lg font-semibold">
            Services needing attention
          </h2>
          {s.badServices.length === 0 ? (
            <p className="muted">All services are good.</p>
          ) : (
            <ul className="space-y-2">
              {s.badServices.map((svc) => (
                <li key={svc.id} className="flex items-start justify-between gap-2">
                  <div>
                    <div className="font-medium">{svc.displayName}</div>
                    <div className="muted text-xs">{svc.statusDetail}</div>
                  </div>
                  <ServiceStatusBadge status={svc.status} />
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm">
            <Link href="/services">All services</Link>
          </p>
        </section>
      </div>
    </div>
  );
}
