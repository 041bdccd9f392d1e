/**
 * Reading services: the tree with current status, staleness and last change; one service's history over a window;
 * the 90-day availability of every service (cut into UTC days by one SQL statement, merged by the pure
 * lib/services/availability.ts); incidents; scheduled downtimes (calendar window, upcoming maintenance, the iCal
 * feed). Services are not experiment data: every signed-in person may read them. A fixed number of statements per
 * call, never one per service.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { DowntimeKind, IncidentImpact, IncidentStatus, ServiceKind, ServiceStatus } from "@/lib/generated/prisma/enums";
import { bucketDays, dayRange, overallUpShare, DAY_MS, type DayAvailability, type DayPiece } from "./availability";
import { orderAsTree } from "./tree-order";
import type { FeedDowntime } from "./ical";

export type MaintenanceRef = { id: number; title: string; startsAt: Date; endsAt: Date };

export type ServiceRow = {
  id: number;
  name: string;
  displayName: string;
  description: string;
  kind: ServiceKind;
  parentId: number | null;
  position: number;
  url: string | null;
  experiment: string | null;
  status: ServiceStatus;
  statusDetail: string;
  statusChangedAt: Date;
  lastCheckedAt: Date | null;
  lastGoodReadAt: Date | null;
  staleSince: Date | null;
  staleReason: string;
  gatesAll: boolean;
  /** A scheduled downtime under way now. */
  maintenance: MaintenanceRef | null;
  watching: boolean;
  depth: number;
  childCount: number;
};

const SERVICE_SELECT = {
  id: true,
  name: true,
  displayName: true,
  description: true,
  kind: true,
  parentId: true,
  position: true,
  url: true,
  status: true,
  statusDetail: true,
  statusChangedAt: true,
  lastCheckedAt: true,
  lastGoodReadAt: true,
  staleSince: true,
  staleReason: true,
  gatesAll: true,
  experiment: { select: { name: true } },
} as const;

/** Scheduled, not cancelled, under way at `now`: the maintenance people should see beside a service. */
const underWay = (now: Date) => ({ kind: "SCHEDULED" as DowntimeKind, cancelledAt: null, startsAt: { lte: now }, endsAt: { gt: now } });

/** The whole tree in reading order (parents before children) with status, staleness and maintenance under way. */
export async function listServices(personId: number | null, now = new Date()): Promise<ServiceRow[]> {
  const [rows, maintenance, watches] = await Promise.all([
    db.service.findMany({ where: { active: true }, select: SERVICE_SELECT }),
    db.serviceDowntime.findMany({ where: underWay(now), select: { id: true, serviceId: true, title: true, startsAt: true, endsAt: true }, orderBy: { endsAt: "desc" } }),
    personId ? db.watch.findMany({ where: { personId, serviceId: { not: null } }, select: { serviceId: true } }) : Promise.resolve([]),
  ]);
  const byService = new Map<number, MaintenanceRef>();
  for (const m of maintenance) if (!byService.has(m.serviceId)) byService.set(m.serviceId, { id: m.id, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt! });
  const watched = new Set(watches.map((w) => w.serviceId));
  return orderAsTree(
    rows.map(({ experiment, ...r }) => ({ ...r, experiment: experiment?.name ?? null, maintenance: byService.get(r.id) ?? null, watching: watched.has(r.id) })),
  );
}

export type ServiceAvailability = { serviceId: number; days: DayAvailability[]; upShare: number | null };

/**
 * Availability per service over the last `days` UTC days: PostgreSQL cuts every ACTUAL and (not cancelled) SCHEDULED
 * downtime touching the range into its pieces per day (one statement for all services); the pure bucketing merges
 * overlaps and divides by the day's counted time (from the service's creation, up to now).
 */
export async function availabilityByService(days = 90, now = new Date(), serviceIds?: number[]): Promise<Map<number, ServiceAvailability>> {
  const range = dayRange(days, now);
  const from = new Date(`${range[0]}T00:00:00.000Z`);
  const nowIso = now.toISOString();
  const fromIso = from.toISOString();
  const only = serviceIds ?? null;
  const [pieces, services, firstEvents] = await Promise.all([
    db.$queryRaw<{ serviceId: number; day: string; kind: "ACTUAL" | "SCHEDULED"; s: number; e: number }[]>`
      WITH bounds AS (SELECT (${fromIso}::timestamptz AT TIME ZONE 'UTC') AS lo, (${nowIso}::timestamptz AT TIME ZONE 'UTC') AS now),
      days AS (SELECT generate_series((SELECT lo FROM bounds), (SELECT now FROM bounds), interval '1 day') AS day),
      d AS (
        SELECT sd."serviceId", sd.kind::text AS kind, sd."startsAt" AS s,
               CASE WHEN sd.kind = 'ACTUAL' THEN LEAST(COALESCE(sd."endsAt", b.now), b.now) ELSE sd."endsAt" END AS e
        FROM "ServiceDowntime" sd, bounds b
        WHERE sd."cancelledAt" IS NULL AND sd."startsAt" < b.now + interval '1 day' AND COALESCE(sd."endsAt", b.now) > b.lo
          AND (${only}::int[] IS NULL OR sd."serviceId" = ANY(${only}::int[]))
      )
      SELECT d."serviceId", to_char(days.day, 'YYYY-MM-DD') AS day, d.kind,
             (EXTRACT(EPOCH FROM GREATEST(d.s, days.day)) * 1000)::float8 AS s,
             (EXTRACT(EPOCH FROM LEAST(d.e, days.day + interval '1 day')) * 1000)::float8 AS e
      FROM d JOIN days ON d.s < days.day + interval '1 day' AND d.e > days.day
      WHERE LEAST(d.e, days.day + interval '1 day') > GREATEST(d.s, days.day)`,
    db.service.findMany({ where: { active: true, ...(only ? { id: { in: only } } : {}) }, select: { id: true, createdAt: true } }),
    db.serviceStatusEvent.groupBy({ by: ["serviceId"], where: only ? { serviceId: { in: only } } : {}, _min: { createdAt: true } }),
  ]);
  const firstEvent = new Map(firstEvents.map((e) => [e.serviceId, e._min.createdAt?.getTime() ?? Infinity]));
  const byService = new Map<number, DayPiece[]>();
  for (const p of pieces) {
    const piece: DayPiece = { day: p.day, kind: p.kind, startsAt: new Date(Number(p.s)), endsAt: new Date(Number(p.e)) };
    const list = byService.get(p.serviceId);
    if (list) list.push(piece);
    else byService.set(p.serviceId, [piece]);
  }
  const out = new Map<number, ServiceAvailability>();
  for (const s of services) {
    // Counted from when anything is known of it: its creation, its first status event or its first downtime (the demo
    // and imports bring history from before the row was created).
    const firstDowntime = byService.get(s.id)?.reduce((m, p) => Math.min(m, p.startsAt.getTime()), Infinity) ?? Infinity;
    const since = new Date(Math.min(s.createdAt.getTime(), firstEvent.get(s.id) ?? Infinity, firstDowntime));
    const buckets = bucketDays(byService.get(s.id) ?? [], range, now, since);
    out.set(s.id, { serviceId: s.id, days: buckets, upShare: overallUpShare(buckets, now, since) });
  }
  return out;
}

export type IncidentRow = {
  id: number;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  startedAt: Date;
  resolvedAt: Date | null;
  version: number;
  updatedAt: Date;
  services: { id: number; displayName: string; status: ServiceStatus }[];
  latest: { status: IncidentStatus; message: string; createdAt: Date } | null;
};

const INCIDENT_SELECT = {
  id: true,
  title: true,
  status: true,
  impact: true,
  startedAt: true,
  resolvedAt: true,
  version: true,
  updatedAt: true,
  services: { select: { service: { select: { id: true, displayName: true, status: true } } } },
  updates: { orderBy: { createdAt: "desc" as const }, take: 1, select: { status: true, message: true, createdAt: true } },
} as const;

type IncidentRaw = { services: { service: { id: number; displayName: string; status: ServiceStatus } }[]; updates: { status: IncidentStatus; message: string; createdAt: Date }[] } & Omit<IncidentRow, "services" | "latest">;
const incidentRow = ({ services, updates, ...r }: IncidentRaw): IncidentRow => ({ ...r, services: services.map((s) => s.service), latest: updates[0] ?? null });

export type IncidentFilter = "open" | "resolved" | "all";

/** Incidents, newest first: open ones (not resolved), resolved ones, or all; optionally those touching one service. */
export async function listIncidents(filter: IncidentFilter = "all", opts: { serviceId?: number; take?: number } = {}): Promise<IncidentRow[]> {
  const rows = await db.incident.findMany({
    where: {
      ...(filter === "open" ? { resolvedAt: null } : filter === "resolved" ? { resolvedAt: { not: null } } : {}),
      ...(opts.serviceId ? { services: { some: { serviceId: opts.serviceId } } } : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 100,
    select: INCIDENT_SELECT,
  });
  return rows.map(incidentRow);
}

export type IncidentDetail = IncidentRow & {
  createdBy: string | null;
  updates: { id: number; status: IncidentStatus; message: string; createdAt: Date; by: string | null }[];
};

/** One incident with its whole update timeline, newest first. */
export async function incidentDetail(id: number): Promise<IncidentDetail> {
  const row = await db.incident.findUnique({
    where: { id },
    select: {
      ...INCIDENT_SELECT,
      createdBy: { select: { name: true } },
      updates: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, status: true, message: true, createdAt: true, createdBy: { select: { name: true } } } },
    },
  });
  if (!row) throw notFound("Incident");
  const { createdBy, updates, ...rest } = row;
  return {
    ...incidentRow({ ...rest, updates: updates.slice(0, 1) }),
    createdBy: createdBy?.name ?? null,
    updates: updates.map(({ createdBy: by, ...u }) => ({ ...u, by: by?.name ?? null })),
  };
}

export type DowntimeRow = {
  id: number;
  serviceId: number;
  serviceName: string;
  serviceDisplayName: string;
  kind: DowntimeKind;
  startsAt: Date;
  endsAt: Date | null;
  title: string;
  reason: string;
  cancelledAt: Date | null;
  version: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const DOWNTIME_SELECT = {
  id: true,
  serviceId: true,
  kind: true,
  startsAt: true,
  endsAt: true,
  title: true,
  reason: true,
  cancelledAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  service: { select: { name: true, displayName: true } },
  createdBy: { select: { name: true } },
} as const;

type DowntimeRaw = Omit<DowntimeRow, "serviceName" | "serviceDisplayName" | "createdBy"> & { service: { name: string; displayName: string }; createdBy: { name: string } | null };
const downtimeRow = ({ service, createdBy, ...d }: DowntimeRaw): DowntimeRow => ({ ...d, serviceName: service.name, serviceDisplayName: service.displayName, createdBy: createdBy?.name ?? null });

export type DowntimeWindow = { from: Date; to: Date; kinds?: DowntimeKind[]; serviceIds?: number[]; includeCancelled?: boolean };

/** Downtimes overlapping [from, to) (the calendar's page, a service's history), oldest first, at most 1,000. */
export async function downtimesIn(w: DowntimeWindow): Promise<DowntimeRow[]> {
  const rows = await db.serviceDowntime.findMany({
    where: {
      startsAt: { lt: w.to },
      OR: [{ endsAt: null }, { endsAt: { gt: w.from } }],
      ...(w.kinds ? { kind: { in: w.kinds } } : {}),
      ...(w.serviceIds?.length ? { serviceId: { in: w.serviceIds } } : {}),
      ...(w.includeCancelled ? {} : { cancelledAt: null }),
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 1000,
    select: DOWNTIME_SELECT,
  });
  return rows.map(downtimeRow);
}

/** Scheduled maintenance under way or to come within `horizonDays`, soonest first. */
export async function upcomingMaintenance(now = new Date(), horizonDays = 30): Promise<DowntimeRow[]> {
  const rows = await db.serviceDowntime.findMany({
    where: { kind: "SCHEDULED", cancelledAt: null, endsAt: { gt: now }, startsAt: { lt: new Date(now.getTime() + horizonDays * DAY_MS) } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 200,
    select: DOWNTIME_SELECT,
  });
  return rows.map(downtimeRow);
}

/** One scheduled downtime (the calendar's edit form). */
export async function downtimeById(id: number): Promise<DowntimeRow> {
  const row = await db.serviceDowntime.findUnique({ where: { id }, select: DOWNTIME_SELECT });
  if (!row) throw notFound("Downtime");
  return downtimeRow(row);
}

/**
 * The iCal feed's events: scheduled downtimes that end after `since` (default: 30 days ago), cancelled ones too (as
 * CANCELLED, so subscribed calendars remove them), at most 2,000.
 */
export async function feedDowntimes(now = new Date(), sinceDays = 30): Promise<FeedDowntime[]> {
  const rows = await db.serviceDowntime.findMany({
    where: { kind: "SCHEDULED", endsAt: { gt: new Date(now.getTime() - sinceDays * DAY_MS) } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 2000,
    select: DOWNTIME_SELECT,
  });
  return rows.map((r) => ({ ...downtimeRow(r), endsAt: r.endsAt ?? r.startsAt }));
}

export type StatusEventRow = { id: number; status: ServiceStatus; fromStatus: ServiceStatus | null; detail: string; createdAt: Date };

export type ServiceDetail = {
  service: Omit<ServiceRow, "depth" | "childCount">;
  parent: { id: number; displayName: string; status: ServiceStatus } | null;
  children: { id: number; displayName: string; status: ServiceStatus; staleSince: Date | null }[];
  window: { from: Date; to: Date };
  events: StatusEventRow[];
  downtimes: DowntimeRow[];
  incidents: IncidentRow[];
  availability: ServiceAvailability | null;
  /** Stages that name this service as needed (their launches wait while it is bad or in maintenance). */
  neededByStages: number;
};

/** A service's page: its status, history events and downtimes in [from, to), incidents, watching, 90-day bar. */
export async function serviceDetail(id: number, personId: number | null, window: { from: Date; to: Date }, now = new Date()): Promise<ServiceDetail> {
  const row = await db.service.findUnique({ where: { id }, select: { ...SERVICE_SELECT, active: true, parent: { select: { id: true, displayName: true, status: true } } } });
  if (!row || !row.active) throw notFound("Service");
  const [children, events, downtimes, incidents, watch, maintenance, availability, neededByStages] = await Promise.all([
    db.service.findMany({ where: { parentId: id, active: true }, orderBy: [{ position: "asc" }, { displayName: "asc" }], select: { id: true, displayName: true, status: true, staleSince: true } }),
    db.serviceStatusEvent.findMany({ where: { serviceId: id, createdAt: { gte: window.from, lt: window.to } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500, select: { id: true, status: true, fromStatus: true, detail: true, createdAt: true } }),
    downtimesIn({ from: window.from, to: window.to, serviceIds: [id], includeCancelled: true }),
    listIncidents("all", { serviceId: id, take: 20 }),
    personId ? db.watch.findFirst({ where: { personId, serviceId: id }, select: { id: true } }) : Promise.resolve(null),
    db.serviceDowntime.findFirst({ where: { serviceId: id, ...underWay(now) }, select: { id: true, title: true, startsAt: true, endsAt: true } }),
    availabilityByService(90, now, [id]),
    db.stageService.count({ where: { serviceId: id } }),
  ]);
  const { experiment, parent, active: _active, ...rest } = row;
  return {
    service: { ...rest, experiment: experiment?.name ?? null, maintenance: maintenance ? { ...maintenance, endsAt: maintenance.endsAt! } : null, watching: Boolean(watch) },
    parent,
    children,
    window,
    events,
    downtimes: downtimes.reverse(),
    incidents,
    availability: availability.get(id) ?? null,
    neededByStages,
  };
}

/** The status page: every service with its 90-day bar, incidents not yet resolved, maintenance to come. */
export async function statusPage(now = new Date()) {
  const [services, availability, incidents, maintenance, recentlyResolved] = await Promise.all([
    listServices(null, now),
    availabilityByService(90, now),
    listIncidents("open", { take: 50 }),
    upcomingMaintenance(now, 30),
    db.incident.findMany({ where: { resolvedAt: { gte: new Date(now.getTime() - 7 * DAY_MS) } }, orderBy: { resolvedAt: "desc" }, take: 10, select: INCIDENT_SELECT }),
  ]);
  return {
    services: services.map((s) => ({ ...s, availability: availability.get(s.id) ?? null })),
    incidents,
    recentlyResolved: recentlyResolved.map(incidentRow),
    maintenance,
    at: now,
  };
}
export type StatusPageData = Awaited<ReturnType<typeof statusPage>>;

/** Services as choices for forms (id and name in tree order). */
export async function serviceChoices(): Promise<{ id: number; displayName: string; depth: number }[]> {
  const rows = await db.service.findMany({ where: { active: true }, select: { id: true, parentId: true, position: true, displayName: true } });
  return orderAsTree(rows).map((r) => ({ id: r.id, displayName: r.displayName, depth: r.depth }));
}
