import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { dashboardSummary } from "@/lib/dashboard/summary";
import { taskListHref } from "@/lib/dashboard/links";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import type { StateCounts } from "@/lib/dashboard/figures";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { HealthBar } from "@/components/ui/health-bar";
import { ServiceStatusBadge } from "@/components/ui/badges";
import { FigureLink } from "@/components/dashboard/figure-link";
import { TaskRows } from "@/components/dashboard/task-rows";
import { OpenWorkByState } from "@/components/dashboard/open-work";
import { Overview } from "@/components/dashboard/overview";

export const metadata = { title: "Dashboard" };

const sum = (counts: StateCounts, states: readonly TaskStatus[]) => states.reduce((n, s) => n + (counts[s] ?? 0), 0);
const FINISHED: TaskStatus[] = ["DONE", "REJECTED", "CANCELLED"];
const WORKING: TaskStatus[] = ["ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

export default async function DashboardPage() {
  const person = await requirePerson();
  const { sections, figures, lists, now } = await dashboardSummary(person);
  const me = person.username;
  const coordinated = figures.experiments.filter((e) => sections.coordinatedExperimentIds.includes(e.id));
  const coordinatedNames = coordinated.map((e) => e.name);
  const wip = (s: TaskStatus) => figures.experiments.reduce((n, e) => n + (e.byState[s] ?? 0), 0);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Welcome, {person.name.split(" ")[0]}</h1>
        {sections.mayRequest && (
          <Link href="/tasks/new" className="btn btn-primary no-underline hover:no-underline">
            Request a task
          </Link>
        )}
      </div>

      {sections.myRequests && (
        <section aria-labelledby="my-requests" className="space-y-3" data-testid="section-my-requests">
          <h2 id="my-requests" className="text-lg font-semibold">
            My requests
          </h2>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
            <FigureLink label="Open" value={sum(figures.mine, OPEN_STATUSES)} href={taskListHref({ requester: me, state: "open" })} hint="Requested by you and not yet finished" testId="stat-open-requests" />
            <FigureLink label="Waiting for your changes" value={figures.mine.CHANGES_REQUESTED ?? 0} href={taskListHref({ requester: me, state: ["CHANGES_REQUESTED"] })} hint="The coordinator asked you to change them" testId="stat-changes-requested" tone="attention" />
            <FigureLink label="Finished" value={sum(figures.mine, FINISHED)} href={taskListHref({ requester: me, state: "closed" })} hint="Done, rejected or withdrawn" testId="stat-finished-requests" />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <div className="card min-w-0">
              <h3 className="mb-2 font-semibold">Open, latest change first</h3>
              <TaskRows rows={lists.myOpen} now={now} testId="rows-my-open" empty="Nothing open. Requests you make appear here until they are finished." all={taskListHref({ requester: me, state: "open" })} allLabel="All my open requests" />
            </div>
            <div className="card min-w-0">
              <h3 className="mb-2 font-semibold">Finished recently</h3>
              <TaskRows rows={lists.myFinished} now={now} testId="rows-my-finished" empty="Nothing finished yet." all={taskListHref({ requester: me, state: "closed" })} allLabel="All my finished requests" />
            </div>
          </div>
        </section>
      )}

      {coordinated.length > 0 && (
        <section aria-labelledby="coordination" className="space-y-3" data-testid="section-coordination">
          <h2 id="coordination" className="text-lg font-semibold">
            Experiments I coordinate
          </h2>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <div className="min-w-0 space-y-4">
              <FigureLink label="Waiting for my decision" value={coordinated.reduce((n, e) => n + (e.byState.REQUESTED ?? 0), 0)} href={taskListHref({ experiment: coordinatedNames, state: ["REQUESTED"], sort: "created", dir: "asc" })} hint="Requests to approve, reject or send back" testId="stat-awaiting-approval" tone="attention" />
              <div className="card min-w-0">
                <h3 className="mb-2 font-semibold">Oldest requests first</h3>
                <TaskRows rows={lists.awaitingDecision} now={now} when="created" testId="rows-awaiting-decision" empty="No requests are waiting for you." all={taskListHref({ experiment: coordinatedNames, state: ["REQUESTED"], sort: "created", dir: "asc" })} allLabel="All requests waiting for my decision" />
              </div>
            </div>
            <div className="card min-w-0 space-y-4">
              {coordinated.map((e) => (
                <OpenWorkByState key={e.id} experiment={e} />
              ))}
            </div>
          </div>
        </section>
      )}

      {sections.operations && (
        <section aria-labelledby="operations" className="space-y-3" data-testid="section-operations">
          <h2 id="operations" className="text-lg font-semibold">
            Operations
          </h2>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <FigureLink label="Assigned to me" value={sum(figures.assignedToMe, WORKING)} href={taskListHref({ assignee: me, state: WORKING, sort: "priority", dir: "desc" })} hint="Assigned, in progress or on hold" testId="stat-assigned" />
            <FigureLink label="Approved, nobody assigned" value={figures.unassignedApproved} href={taskListHref({ assignee: "none", state: ["APPROVED"], sort: "priority", dir: "desc" })} hint="Ready to be taken" testId="stat-unassigned" tone="attention" />
            <FigureLink label="Assigned" value={wip("ASSIGNED")} href={taskListHref({ state: ["ASSIGNED"] })} hint="All operators, not started" testId="stat-wip-assigned" />
            <FigureLink label="In progress" value={wip("IN_PROGRESS")} href={taskListHref({ state: ["IN_PROGRESS"] })} hint="All operators" testId="stat-wip-in-progress" />
            <FigureLink label="On hold" value={wip("ON_HOLD")} href={taskListHref({ state: ["ON_HOLD"] })} hint="All operators, waiting on something" testId="stat-wip-on-hold" tone="attention" />
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <div className="card min-w-0">
              <h3 className="mb-2 font-semibold">Assigned to me, most urgent first</h3>
              <TaskRows rows={lists.assignedToMe} now={now} testId="rows-assigned" empty="Nothing is assigned to you." all={taskListHref({ assignee: me, state: WORKING, sort: "priority", dir: "desc" })} allLabel="All work assigned to me" />
            </div>
            <div className="card min-w-0">
              <h3 className="mb-2 font-semibold">Approved and waiting for an operator</h3>
              <TaskRows rows={lists.unassignedApproved} now={now} testId="rows-unassigned" empty="All approved work has an operator." all={taskListHref({ assignee: "none", state: ["APPROVED"], sort: "priority", dir: "desc" })} allLabel="All approved work without an operator" />
            </div>
          </div>
          <p className="text-sm">
            <Link href="/board">Open the board</Link>
          </p>
        </section>
      )}

      {sections.overview && <Overview figures={figures} now={now} />}

      <section aria-labelledby="services" className="grid grid-cols-1 gap-4 lg:grid-cols-3" data-testid="section-services">
        <h2 id="services" className="sr-only">
          Services
        </h2>
        <div className="card">
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">Service health</h3>
          <div className="mt-2">
            <HealthBar counts={figures.health} />
          </div>
          <p className="mt-3 text-sm">
            <Link href="/services">All services</Link>
          </p>
        </div>
        <div className="card lg:col-span-2">
          <h3 className="mb-3 font-semibold">Services needing attention</h3>
          {figures.badServices.length === 0 ? (
            <p className="muted">All services are good.</p>
          ) : (
            <ul className="space-y-2">
              {figures.badServices.map((svc) => (
                <li key={svc.id} className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <div className="font-medium">{svc.displayName}</div>
                    <div className="muted text-xs">{svc.statusDetail}</div>
                  </div>
                  <ServiceStatusBadge status={svc.status} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      {!sections.myRequests && coordinated.length === 0 && !sections.operations && !sections.overview && (
        <p className="muted" data-testid="no-role">
          You are not a member of any experiment yet: an experiment&apos;s coordinator adds people on the People page.
        </p>
      )}
    </div>
  );
}
