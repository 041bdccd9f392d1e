/**
 * The demo's service tree (data handling, storage, tape, transfers, batch, monitoring; leaves per experiment) with
 * 30 days of history: status events and ACTUAL downtimes generated from one timeline per leaf, and the groups' history
 * rolled up from the leaves' with the same rule as the refresh (lib/services/tree.ts), so events and downtimes agree.
 * Every probe points at the project's own mock endpoints, stored as paths ("/status/jobsub02") that the server resolves
 * against POMS_PROBE_BASE_URL: the embedded default (scripts/serve.ts) serves lib/testing/mocks/service-probes.ts on
 * a loopback port with the demo scenario and sets that base, so the demo's states are live.
 * Now: the DUNE persistent pool is BAD (above 90 %), the NOvA pool DEGRADED, the rest good.
 * Left to others: the demo's incident and scheduled downtime (services pages), the stage held by a bad service
 * (gating): use `DEMO_BAD_SERVICE` and the ids this returns.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ServiceKind, ServiceStatus } from "@/lib/generated/prisma/enums";
import { rollUp, type TreeNode } from "@/lib/services/tree";
import { seededRandom } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const HISTORY_DAYS = 30;
/** A leaf that is BAD in a fresh demo (and stays so: its pool is above 90 % in the demo scenario). */
export const DEMO_BAD_SERVICE = "dcache-pool-dune";

type Leaf = { name: string; displayName: string; kind: Exclude<ServiceKind, "GROUP">; group: string; exp?: string; probe: Record<string, unknown>; now: ServiceStatus; detail: string };

/**
 * The outage behind the demo's late campaign (lib/demo/campaign-history.ts: MicroBooNE's reprocessing did nothing from
 * 12 to 5.5 days ago): MicroBooNE's persistent pool full, bad from 12 to 6 days ago. Its incident is seeded by
 * lib/demo/stage-services.ts, which also makes the reprocessing stages need the pool.
 */
export const DEMO_OUTAGE = { service: "dcache-pool-uboone", fromDaysAgo: 12, toDaysAgo: 6, detail: "value 0.97 (bad at or above 0.9)" };

const http = (name: string) => ({ type: "http", url: `/status/${name}`, expect: [200], timeoutMs: 3000 });
const page = (name: string) => ({ type: "page", url: `/page/${name}`, pattern: "<td>UP</td>", degradedPattern: "<td>DEGRADED</td>", timeoutMs: 3000 });
const poolFill = (name: string) => ({
  type: "prometheus",
  url: "/prometheus",
  query: `poms_mock_service_value{service="${name}"}`,
  direction: "higherIsWorse",
  degradedAt: 0.8,
  badAt: 0.9,
  range: [0, 1],
  timeoutMs: 3000,
});

const GROUPS: { name: string; displayName: string; description: string }[] = [
  { name: "data-handling", displayName: "Data handling", description: "File catalogues and delivery: SAM web per experiment, MetaCat and Data Dispatcher for DUNE." },
  { name: "storage", displayName: "Storage", description: "dCache and its persistent pools per experiment (degraded above 80 % full, bad above 90 %)." },
  { name: "tape", displayName: "Tape", description: "Enstore tape and its libraries." },
  { name: "transfers", displayName: "Transfers", description: "Output dropboxes that declare and store files: FTS and declad." },
  { name: "batch", displayName: "Batch", description: "Job submission: the jobsub schedds and the HPC centre's Slurm." },
  { name: "monitoring", displayName: "Monitoring", description: "FIFEmon (Prometheus and Grafana) and Landscape LENS." },
];

const LEAVES: Leaf[] = [
  ...["nova", "uboone", "icarus", "sbnd"].map((e): Leaf => ({ name: `samweb-${e}`, displayName: `SAM web (${e})`, kind: "DATA_HANDLING", group: "data-handling", exp: e, probe: http(`samweb-${e}`), now: "GOOD", detail: "HTTP 200" })),
  { name: "metacat-dune", displayName: "MetaCat (dune)", kind: "DATA_HANDLING", group: "data-handling", exp: "dune", probe: http("metacat-dune"), now: "GOOD", detail: "HTTP 200" },
  {
    name: "datadispatcher-dune",
    displayName: "Data Dispatcher (dune)",
    kind: "DATA_HANDLING",
    group: "data-handling",
    exp: "dune",
    probe: { type: "json", url: "/health/datadispatcher-dune", path: "value", timePath: "time", direction: "higherIsWorse", degradedAt: 2, badAt: 10, range: [0, 3600], unit: "s", timeoutMs: 3000 },
    now: "GOOD",
    detail: "value 0.8 s",
  },
  { name: "dcache", displayName: "dCache", kind: "STORAGE", group: "storage", probe: page("dcache"), now: "GOOD", detail: "the page says it is up" },
  ...["nova", "dune", "uboone", "icarus"].map(
    (e): Leaf => ({
      name: `dcache-pool-${e}`,
      displayName: `dCache persistent pool (${e})`,
      kind: "STORAGE",
      group: "storage",
      exp: e,
      probe: poolFill(`dcache-pool-${e}`),
      now: e === "dune" ? "BAD" : e === "nova" ? "DEGRADED" : "GOOD",
      detail: e === "dune" ? "value 0.93 (bad at or above 0.9)" : e === "nova" ? "value 0.84 (degraded at or above 0.8)" : "value 0.62",
    }),
  ),
  { name: "enstore", displayName: "Enstore tape", kind: "TAPE", group: "tape", probe: page("enstore"), now: "GOOD", detail: "the page says it is up" },
  { name: "enstore-library-cd", displayName: "Tape library CD-LTO8", kind: "TAPE", group: "tape", probe: http("enstore-library-cd"), now: "GOOD", detail: "HTTP 200" },
  ...["nova", "uboone"].map((e): Leaf => ({ name: `fts-${e}`, displayName: `FTS (${e})`, kind: "TRANSFER", group: "transfers", exp: e, probe: page(`fts-${e}`), now: "GOOD", detail: "the page says it is up" })),
  { name: "declad-dune", displayName: "declad (dune)", kind: "TRANSFER", group: "transfers", exp: "dune", probe: page("declad-dune"), now: "GOOD", detail: "the page says it is up" },
  ...["jobsub01", "jobsub02"].map((n): Leaf => ({ name: n, displayName: `jobsub schedd ${n}`, kind: "BATCH", group: "batch", probe: http(n), now: "GOOD", detail: "HTTP 200" })),
  { name: "slurm-hpc", displayName: "Slurm (HPC centre)", kind: "BATCH", group: "batch", probe: http("slurm-hpc"), now: "GOOD", detail: "HTTP 200" },
  {
    name: "fifemon",
    displayName: "FIFEmon",
    kind: "MONITORING",
    group: "monitoring",
    probe: { type: "prometheus", url: "/prometheus", query: 'poms_mock_service_up{service="fifemon"}', direction: "lowerIsWorse", badAt: 0, range: [0, 1], timeoutMs: 3000 },
    now: "GOOD",
    detail: "value 1",
  },
  { name: "landscape", displayName: "Landscape LENS", kind: "MONITORING", group: "monitoring", probe: http("landscape"), now: "GOOD", detail: "HTTP 200" },
];

/** The names of the demo's leaf services (the demo scenario of the mock endpoints serves exactly these). */
export const DEMO_LEAF_NAMES = LEAVES.map((l) => l.name);

type Change = { at: number; status: ServiceStatus; detail: string };

/** One leaf's 30 days: good, with a few outages and slow spells, ending in its status now. Deterministic. */
function leafTimeline(leaf: Leaf, start: number, now: number, rand: () => number): Change[] {
  const out: Change[] = [{ at: start, status: "GOOD", detail: leaf.detail.startsWith("HTTP") ? "HTTP 200" : "up" }];
  const spells = Math.floor(rand() * 4); // 0–3 incidents in the month
  if (leaf.name === DEMO_OUTAGE.service)
    return [...out, { at: now - DEMO_OUTAGE.fromDaysAgo * DAY, status: "BAD", detail: DEMO_OUTAGE.detail }, { at: now - DEMO_OUTAGE.toDaysAgo * DAY, status: "GOOD", detail: "recovered" }];
  let t = start + DAY;
  for (let i = 0; i < spells && t < now - 2 * DAY; i++) {
    t += Math.floor(rand() * ((now - 2 * DAY - t) / (spells - i)));
    const bad = rand() < 0.6;
    const length = bad ? 20 * MINUTE + Math.floor(rand() * 6 * HOUR) : HOUR + Math.floor(rand() * 10 * HOUR);
    out.push({ at: t, status: bad ? "BAD" : "DEGRADED", detail: bad ? (leaf.probe.type === "http" ? "HTTP 503 (expected 200)" : "the monitor reports it down") : "slow answers" });
    out.push({ at: t + length, status: "GOOD", detail: "recovered" });
    t += length + HOUR;
  }
  if (leaf.now !== "GOOD") out.push({ at: now - (leaf.now === "BAD" ? 5 * HOUR : 26 * HOUR), status: leaf.now, detail: leaf.detail });
  return out;
}

/**
 * Creates the tree, its 30 days of history and two watches (an operator on Storage, DUNE's production on its pool).
 * Returns the services' ids by name.
 */
export async function seedDemoServices(db: PrismaClient, now: Date, expId: Record<string, number>, personId: Record<string, number>): Promise<Record<string, number>> {
  const rand = seededRandom(20261129);
  const t0 = now.getTime();
  const start = t0 - HISTORY_DAYS * DAY;
  const root = await db.service.create({ data: { name: "all", displayName: "All services", description: "Everything production depends on.", kind: "GROUP", status: "GOOD", statusChangedAt: new Date(start) } });
  const ids: Record<string, number> = { all: root.id };
  for (const [i, g] of GROUPS.entries()) {
    const row = await db.service.create({ data: { name: g.name, displayName: g.displayName, description: g.description, kind: "GROUP", parentId: root.id, position: i, status: "GOOD", statusChangedAt: new Date(start) } });
    ids[g.name] = row.id;
  }
  await db.service.createMany({
    data: LEAVES.map((l, i) => ({
      name: l.name,
      displayName: l.displayName,
      kind: l.kind,
      parentId: ids[l.group],
      experimentId: l.exp ? (expId[l.exp] ?? null) : null,
      position: i,
      url: null, // no page of their own: the demo's monitors are the mock endpoints
      probe: l.probe as object,
      status: l.now,
      statusDetail: l.detail,
      recentResults: [l.now, l.now],
      lastCheckedAt: new Date(t0 - MINUTE),
      lastGoodReadAt: new Date(t0 - MINUTE),
      lastValue: l.name === "dcache-pool-dune" ? 0.93 : l.name === "dcache-pool-nova" ? 0.84 : null,
    })),
  });
  for (const s of await db.service.findMany({ where: { name: { in: DEMO_LEAF_NAMES } }, select: { id: true, name: true } })) ids[s.name] = s.id;

  // Leaf timelines, then the groups replayed through the same roll-up at every change.
  const timelines = new Map(LEAVES.map((l) => [ids[l.name], leafTimeline(l, start, t0, rand)]));
  const events: { serviceId: number; fromStatus: ServiceStatus | null; status: ServiceStatus; detail: string; createdAt: Date }[] = [];
  const current = new Map<number, ServiceStatus>();
  const groupIds = [root.id, ...GROUPS.map((g) => ids[g.name])];
  const groupName = new Map([[root.id, "All services"], ...GROUPS.map((g) => [ids[g.name], g.displayName] as [number, string])]);
  const nodes = (): TreeNode[] => [
    ...groupIds.map((id) => ({ id, parentId: id === root.id ? null : root.id, name: groupName.get(id)!, active: true, status: "UNKNOWN" as const, goodShare: null, badShare: null, isGroup: true })),
    ...LEAVES.map((l) => ({ id: ids[l.name], parentId: ids[l.group], name: l.displayName, active: true, status: current.get(ids[l.name]) ?? "UNKNOWN", goodShare: null, badShare: null, isGroup: false })),
  ];
  // Changes at the same moment are applied together, then the groups rolled up once (as one refresh run would).
  const byTime = new Map<number, { id: number; status: ServiceStatus; detail: string }[]>();
  for (const [id, list] of timelines) for (const c of list) byTime.set(c.at, [...(byTime.get(c.at) ?? []), { id, status: c.status, detail: c.detail }]);
  const statusChangedAt = new Map<number, number>();
  for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
    for (const c of byTime.get(at)!.sort((a, b) => a.id - b.id)) {
      const from = current.get(c.id) ?? null;
      if (from === c.status) continue;
      current.set(c.id, c.status);
      events.push({ serviceId: c.id, fromStatus: from, status: c.status, detail: c.detail, createdAt: new Date(at) });
      statusChangedAt.set(c.id, at);
    }
    for (const [gid, g] of rollUp(nodes())) {
      const gFrom = current.get(gid) ?? null;
      if (gFrom === g.status) continue;
      current.set(gid, g.status);
      events.push({ serviceId: gid, fromStatus: gFrom, status: g.status, detail: g.detail, createdAt: new Date(at) });
      statusChangedAt.set(gid, at);
    }
  }
  await db.serviceStatusEvent.createMany({ data: events });

  // ACTUAL downtimes: every stretch of BAD in the events, open if it lasts until now.
  const downtimes: { serviceId: number; kind: "ACTUAL"; startsAt: Date; endsAt: Date | null; reason: string }[] = [];
  const open = new Map<number, { at: Date; reason: string }>();
  for (const e of events) {
    if (e.status === "BAD" && e.fromStatus !== "BAD") open.set(e.serviceId, { at: e.createdAt, reason: e.detail });
    else if (e.fromStatus === "BAD" && e.status !== "BAD") {
      const o = open.get(e.serviceId)!;
      downtimes.push({ serviceId: e.serviceId, kind: "ACTUAL", startsAt: o.at, endsAt: e.createdAt, reason: o.reason });
      open.delete(e.serviceId);
    }
  }
  for (const [serviceId, o] of open) downtimes.push({ serviceId, kind: "ACTUAL", startsAt: o.at, endsAt: null, reason: o.reason });
  await db.serviceDowntime.createMany({ data: downtimes });

  // The groups' status now is the last of their replayed history; every service's change time its last event.
  const finalNodes = rollUp(nodes());
  for (const gid of groupIds) {
    const g = finalNodes.get(gid)!;
    await db.service.update({ where: { id: gid }, data: { status: g.status, statusDetail: g.detail, statusChangedAt: new Date(statusChangedAt.get(gid) ?? start) } });
  }
  await db.$executeRaw`
    UPDATE "Service" s SET "statusChangedAt" = x.at FROM unnest(${[...statusChangedAt.keys()]}::int[], ${[...statusChangedAt.values()].map((t) => new Date(t))}::timestamp(3)[]) AS x(id, at)
    WHERE s.id = x.id AND s.probe IS NOT NULL`;

  const watches = [
    { username: "olga", service: "storage" },
    { username: "dev", service: DEMO_BAD_SERVICE },
  ].filter((w) => personId[w.username] && ids[w.service]);
  await db.watch.createMany({ data: watches.map((w) => ({ personId: personId[w.username], serviceId: ids[w.service] })) });
  return ids;
}
