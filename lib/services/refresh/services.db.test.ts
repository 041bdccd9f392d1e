// The services step against the real database: damping, the roll-up, history events (from → to), ACTUAL downtimes,
// storm-controlled notifications, backoff; item 8 of issue #10: every fault mode of the monitors leaves known states
// alone and is recorded (stale since + reason, on the service and in the run's summary), slow probes past the budget
// end as timeout failed reads within the budget, and the same results applied twice (concurrently, the run lock bypassed) change nothing the second time.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db";
import { runJob, type Step } from "@/lib/background/runner";
import { startServiceProbeMock, type ProbeScenario } from "@/lib/testing/mocks/service-probes";
import type { Fault, MockServer } from "@/lib/testing/mock-server";
import type { ServiceStatus } from "@/lib/generated/prisma/enums";
import { applyProbeResults, type ProbeResult } from "./apply-probe-results";
import { dueProbes, refreshServices, servicesStepSummary } from "./services-step";
import type { Verdict } from "../probes/judge";

const suffix = `${process.pid}-${Date.now() % 100000}`;
const mocks: MockServer<ProbeScenario>[] = [];
after(async () => {
  await Promise.all(mocks.map((m) => m.close()));
});

const person = (username: string) => db.person.findUniqueOrThrow({ where: { username } });
const leafProbe = { type: "http", url: "/status/x" };

async function tree(label: string) {
  const g = await db.service.create({ data: { name: `t-${label}-${suffix}`, displayName: `Group ${label}`, kind: "GROUP" } });
  const a = await db.service.create({ data: { name: `t-${label}-a-${suffix}`, displayName: `Leaf A ${label}`, kind: "STORAGE", parentId: g.id, probe: leafProbe } });
  const b = await db.service.create({ data: { name: `t-${label}-b-${suffix}`, displayName: `Leaf B ${label}`, kind: "STORAGE", parentId: g.id, probe: leafProbe } });
  return { g, a, b };
}
const verdict = (serviceId: number, at: Date, v: Verdict, detail = v.toLowerCase()): ProbeResult => ({ serviceId, probedAt: at, outcome: { ok: true, verdict: v, detail, value: null } });
const apply = (results: ProbeResult[], now: Date) => db.$transaction((tx) => applyProbeResults(tx, results, now));
const statusOf = async (id: number) => (await db.service.findUniqueOrThrow({ where: { id } })).status;
const T = (n: number) => new Date(Date.UTC(2026, 10, 29, 12, n));

test("damping, roll-up, events from → to, downtimes opened and closed, one notification per bad parent", async () => {
  const { g, a, b } = await tree("life");
  const [ned, nora] = [await person("ned"), await person("nora")];
  await db.watch.createMany({ data: [{ personId: ned.id, serviceId: g.id }, { personId: nora.id, serviceId: a.id }] });

  await apply([verdict(a.id, T(1), "GOOD"), verdict(b.id, T(1), "GOOD")], T(1));
  assert.deepEqual([await statusOf(a.id), await statusOf(g.id)], ["UNKNOWN", "UNKNOWN"], "one verdict is not enough");
  await apply([verdict(a.id, T(2), "GOOD"), verdict(b.id, T(2), "GOOD")], T(2));
  assert.deepEqual([await statusOf(a.id), await statusOf(b.id), await statusOf(g.id)], ["GOOD", "GOOD", "GOOD"]);

  await apply([verdict(a.id, T(3), "BAD", "HTTP 503"), verdict(b.id, T(3), "BAD", "HTTP 503")], T(3));
  assert.equal(await statusOf(a.id), "GOOD", "one bad answer does not move it");
  const s4 = await apply([verdict(a.id, T(4), "BAD", "HTTP 503"), verdict(b.id, T(4), "BAD", "HTTP 503")], T(4));
  assert.deepEqual([await statusOf(a.id), await statusOf(b.id), await statusOf(g.id)], ["BAD", "BAD", "BAD"]);
  assert.equal(s4.downtimesOpened, 3);
  const events = await db.serviceStatusEvent.findMany({ where: { serviceId: { in: [g.id, a.id, b.id] } }, orderBy: [{ createdAt: "asc" }, { serviceId: "asc" }] });
  assert.deepEqual(
    events.map((e) => [e.serviceId, e.fromStatus, e.status, e.createdAt.getTime()]),
    [
      [g.id, "UNKNOWN", "GOOD", T(2).getTime()],
      [a.id, "UNKNOWN", "GOOD", T(2).getTime()],
      [b.id, "UNKNOWN", "GOOD", T(2).getTime()],
      [g.id, "GOOD", "BAD", T(4).getTime()],
      [a.id, "GOOD", "BAD", T(4).getTime()],
      [b.id, "GOOD", "BAD", T(4).getTime()],
    ],
  );
  const notes = await db.notification.findMany({ where: { serviceId: { in: [g.id, a.id, b.id] } }, orderBy: { personId: "asc" } });
  assert.deepEqual(
    notes.map((n) => [n.personId, n.serviceId, n.message]),
    [ned.id, nora.id].sort((x, y) => x - y).map((p) => [p, g.id, `Group life is bad: Leaf A life, Leaf B life are bad.`]),
    "the parent speaks once, to its watchers and to the watchers of its children that went bad with it",
  );

  // The same results again: nothing is applied twice.
  const before = await snapshot([g.id, a.id, b.id]);
  const again = await apply([verdict(a.id, T(4), "BAD"), verdict(b.id, T(4), "BAD")], T(4));
  assert.equal(again.skipped, 2);
  assert.deepEqual(await snapshot([g.id, a.id, b.id]), before);

  // A recovers: its downtime and the group's close; the group's one notification says so.
  await apply([verdict(a.id, T(5), "GOOD")], T(5));
  const s6 = await apply([verdict(a.id, T(6), "GOOD")], T(6));
  assert.deepEqual([await statusOf(a.id), await statusOf(b.id), await statusOf(g.id)], ["GOOD", "BAD", "DEGRADED"]);
  assert.equal(s6.downtimesClosed, 2);
  const down = await db.serviceDowntime.findMany({ where: { serviceId: { in: [g.id, a.id, b.id] } }, orderBy: { serviceId: "asc" } });
  assert.deepEqual(
    down.map((d) => [d.serviceId, d.kind, d.startsAt.getTime(), d.endsAt?.getTime() ?? null]),
    [
      [g.id, "ACTUAL", T(4).getTime(), T(6).getTime()],
      [a.id, "ACTUAL", T(4).getTime(), T(6).getTime()],
      [b.id, "ACTUAL", T(4).getTime(), null],
    ],
  );
  assert.equal(await db.notification.count({ where: { serviceId: g.id, message: "Group life is no longer bad: it is degraded now. No longer bad either: Leaf A life." } }), 2);
  assert.equal(await db.notification.count({ where: { serviceId: a.id } }), 0);

  // A failed read keeps the status, marks it stale since the first failure and backs off.
  await apply([{ serviceId: b.id, probedAt: T(7), outcome: { ok: false, reason: "No complete answer within 500 ms." } }], T(7));
  await apply([{ serviceId: b.id, probedAt: T(8), outcome: { ok: false, reason: "HTTP 502 (an HTML error page)" } }], T(8));
  const stale = await db.service.findUniqueOrThrow({ where: { id: b.id } });
  assert.equal(stale.status, "BAD");
  assert.equal(stale.staleSince?.getTime(), T(7).getTime());
  assert.equal(stale.staleReason, "HTTP 502 (an HTML error page)");
  assert.equal(stale.probeFailures, 2);
  assert.equal(stale.nextProbeAt?.getTime(), T(8).getTime() + 60_000);
  assert.deepEqual(await dueProbes(new Date(T(8).getTime() + 30_000), [b.id]), [], "backing off");
  assert.equal((await dueProbes(new Date(T(8).getTime() + 60_000), [b.id])).length, 1);
  // The next answer clears the staleness.
  await apply([verdict(b.id, T(10), "BAD")], T(10));
  const fresh = await db.service.findUniqueOrThrow({ where: { id: b.id } });
  assert.deepEqual([fresh.staleSince, fresh.staleReason, fresh.probeFailures, fresh.nextProbeAt], [null, "", 0, null]);
});

async function snapshot(ids: number[]) {
  const [services, events, downtimes, notes] = await Promise.all([
    db.service.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, omit: { updatedAt: true } }),
    db.serviceStatusEvent.count({ where: { serviceId: { in: ids } } }),
    db.serviceDowntime.findMany({ where: { serviceId: { in: ids } }, orderBy: { id: "asc" }, omit: { updatedAt: true } }),
    db.notification.count({ where: { serviceId: { in: ids } } }),
  ]);
  return { services, events, downtimes, notes };
}

test("the same probe results applied twice at once (the run lock bypassed) change the tree once", async () => {
  const { g, a, b } = await tree("twice");
  await db.service.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { status: "GOOD", recentResults: ["GOOD", "BAD"] as ServiceStatus[] } });
  await db.service.update({ where: { id: g.id }, data: { status: "GOOD" } });
  const results = [verdict(a.id, T(20), "BAD", "HTTP 503"), verdict(b.id, T(20), "BAD", "HTTP 503")];
  const [r1, r2] = await Promise.all([apply(results, T(20)), apply(results, T(20))]);
  assert.deepEqual([r1.applied + r2.applied, r1.skipped + r2.skipped], [2, 2]);
  assert.deepEqual([await statusOf(a.id), await statusOf(g.id)], ["BAD", "BAD"]);
  assert.equal(await db.serviceStatusEvent.count({ where: { serviceId: { in: [g.id, a.id, b.id] } } }), 3);
  assert.equal(await db.serviceDowntime.count({ where: { serviceId: { in: [g.id, a.id, b.id] } } }), 3);
  const once = await snapshot([g.id, a.id, b.id]);
  await apply(results, T(21));
  assert.deepEqual(await snapshot([g.id, a.id, b.id]), once);
});

/** A port nothing listens on (connection refused). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test("fault test: every fault mode of the monitors is survived, recorded, and never changes a known state", async () => {
  const scenario: ProbeScenario = { services: {}, slowMs: 6000 };
  const content = await startServiceProbeMock(scenario, { slowMs: 5000 });
  mocks.push(content);
  const json = (base: string, name: string, timeoutMs = 1500) => ({ type: "json", url: `${base}/health/${name}`, path: "value", timePath: "time", degradedAt: 0.8, badAt: 0.9, range: [0, 1], timeoutMs });
  const withRouteFault = async (fault: Fault) => {
    const m = await startServiceProbeMock({ services: { svc: { up: true, value: 0.5 } } }, { slowMs: 2000 });
    mocks.push(m);
    m.fault("GET /health/:name", fault);
    return json(m.url, "svc", fault === "timeout" || fault === "hang" ? 300 : 1500);
  };
  const contentFault = (name: string, fault: "partial" | "out-of-range" | "future-clock" | "malformed" | "slow", timeoutMs = 1500) => {
    scenario.services[name] = { up: true, value: 0.5, fault };
    return json(content.url, name, timeoutMs);
  };
  const refused = await closedPort();
  const cases: { mode: string; probe: object; reason: RegExp }[] = [
    { mode: "timeout", probe: await withRouteFault("timeout"), reason: /No complete answer within 300 ms/ },
    { mode: "hang", probe: await withRouteFault("hang"), reason: /No complete answer within 300 ms/ },
    { mode: "connection refused", probe: json(`http://127.0.0.1:${refused}`, "svc"), reason: /Could not reach .*ECONNREFUSED/ },
    { mode: "connection reset", probe: await withRouteFault("reset"), reason: /Could not reach/ },
    { mode: "5xx with HTML", probe: await withRouteFault("http502"), reason: /HTTP 502 \(an HTML error page\)/ },
    { mode: "expired token", probe: await withRouteFault("auth401"), reason: /Refused credentials/ },
    { mode: "malformed JSON", probe: contentFault("malformed", "malformed"), reason: /not valid JSON/ },
    { mode: "partial data", probe: contentFault("partial", "partial"), reason: /no value at value/ },
    { mode: "empty result", probe: await withRouteFault("empty"), reason: /Expected JSON|empty/ },
    { mode: "wrong content type", probe: await withRouteFault("wrong-content-type"), reason: /Expected JSON, got text\/html/ },
    { mode: "value out of range", probe: contentFault("range", "out-of-range"), reason: /outside what it can be/ },
    { mode: "clock in the future", probe: contentFault("clock", "future-clock"), reason: /clock is \d+ s ahead/ },
    { mode: "misconfigured probe", probe: { type: "json", url: "/x", path: "v", badAt: 1, degradedAt: 2 }, reason: /misconfigured: degradedAt/ },
  ];
  const group = await db.service.create({ data: { name: `t-faults-${suffix}`, displayName: "Fault group", kind: "GROUP", status: "DEGRADED" } });
  const leaves: { id: number; name: string }[] = [];
  for (const [i, c] of cases.entries())
    leaves.push(
      await db.service.create({
        data: { name: `t-fault-${i}-${suffix}`, displayName: c.mode, kind: "STORAGE", parentId: group.id, probe: c.probe, status: i % 2 ? "GOOD" : "DEGRADED", statusDetail: "known", recentResults: i % 2 ? ["GOOD", "GOOD"] : ["DEGRADED", "DEGRADED"] },
      }),
    );
  const slow = await db.service.create({
    data: { name: `t-fault-slow-${suffix}`, displayName: "slow past the budget", kind: "STORAGE", parentId: group.id, probe: contentFault("slow", "slow", 10_000), status: "GOOD", recentResults: ["GOOD", "GOOD"] },
  });
  const ids = [...leaves.map((l) => l.id), slow.id];
  const before = await snapshot([group.id, ...ids]);

  const now = new Date();
  const step: Step = { name: "services", timeoutMs: 20_000, run: async (ctx) => servicesStepSummary(await refreshServices({ ...ctx, serviceIds: ids, budgetMs: 2500, environment: { allowLoopback: true } })) };
  const started = Date.now();
  const run = await runJob(`services-faults-${suffix}`, [step], "test", now);
  assert.ok(Date.now() - started < 6000, "the run keeps to its budget");
  assert.ok(run.ran && run.status === "OK", JSON.stringify(run));
  if (!run.ran) return;
  const summary = run.steps[0].result as { stale: { name: string; reason: string }[]; abandoned: string[]; changes: string[]; failedReads: number };
  assert.equal(summary.failedReads, cases.length + 1);
  assert.deepEqual(summary.abandoned, [], "a probe allowed longer than the budget gets the time left, and times out as a failed read");
  assert.deepEqual(summary.changes, [], "no fault is a status change");
  const row = await db.refreshRun.findUniqueOrThrow({ where: { id: run.runId } });
  const recorded = (row.summary as { steps: { result: { stale: { name: string; reason: string; since: string }[] } }[] }).steps[0].result.stale;

  for (const [i, c] of cases.entries()) {
    const s = await db.service.findUniqueOrThrow({ where: { id: leaves[i].id } });
    assert.equal(s.status, i % 2 ? "GOOD" : "DEGRADED", `${c.mode}: the known status stays`);
    assert.equal(s.statusDetail, "known", c.mode);
    assert.deepEqual(s.recentResults, i % 2 ? ["GOOD", "GOOD"] : ["DEGRADED", "DEGRADED"], `${c.mode}: a failed read is no verdict`);
    assert.equal(s.staleSince?.getTime(), now.getTime(), c.mode);
    assert.match(s.staleReason, c.reason, c.mode);
    assert.equal(s.probeFailures, 1, c.mode);
    assert.ok(recorded.some((r) => r.name === s.name && c.reason.test(r.reason) && r.since === now.toISOString()), `${c.mode} is in the run's summary, stale since the run`);
  }
  const slowRow = await db.service.findUniqueOrThrow({ where: { id: slow.id } });
  assert.deepEqual([slowRow.staleSince?.getTime(), slowRow.lastCheckedAt?.getTime(), slowRow.probeFailures, slowRow.status], [now.getTime(), now.getTime(), 1, "GOOD"], "a hang is recorded: stale, backing off");
  assert.match(slowRow.staleReason, /No complete answer within \d+ ms/);
  assert.equal(await db.serviceStatusEvent.count({ where: { serviceId: { in: ids } } }), 0);
  assert.equal(await db.serviceDowntime.count({ where: { serviceId: { in: ids } } }), 0);
  assert.equal((await db.service.findUniqueOrThrow({ where: { id: group.id } })).status, before.services[0].status);

  // The same run again at the same moment, the lock bypassed: the failing probes back off, nothing is applied twice.
  const after1 = await snapshot([group.id, ...leaves.map((l) => l.id)]);
  const again = await refreshServices({ now, serviceIds: leaves.map((l) => l.id), budgetMs: 2000, environment: { allowLoopback: true } });
  assert.equal(again.due, 0);
  assert.deepEqual(await snapshot([group.id, ...leaves.map((l) => l.id)]), after1);
});

test("Prometheus \"no series\" for a service with a known status is a failed read: a BAD pool stays BAD, its downtime open, nobody hears of a recovery", async () => {
  const { g, a, b } = await tree("quiet");
  const ned = await person("ned");
  await db.watch.createMany({ data: [{ personId: ned.id, serviceId: a.id }, { personId: ned.id, serviceId: g.id }] });
  const noSeries = (id: number, at: Date) => verdict(id, at, "UNKNOWN", "no data: the query matched no series");
  await apply([verdict(a.id, T(1), "BAD", "fill 95 %"), verdict(b.id, T(1), "BAD", "fill 95 %")], T(1));
  await apply([verdict(a.id, T(2), "BAD", "fill 95 %"), verdict(b.id, T(2), "BAD", "fill 95 %")], T(2));
  const notesBefore = await db.notification.count({ where: { personId: ned.id, serviceId: { in: [g.id, a.id, b.id] } } });
  for (const n of [3, 4, 5]) await apply([noSeries(a.id, T(n)), noSeries(b.id, T(n))], T(n));
  const leaf = await db.service.findUniqueOrThrow({ where: { id: a.id } });
  assert.equal(leaf.status, "BAD", "the exporter vanished; the pool did not recover");
  assert.equal(leaf.statusDetail, "fill 95 %");
  assert.deepEqual(leaf.recentResults, ["BAD", "BAD"], "no series is no verdict here");
  assert.equal(leaf.staleSince?.getTime(), T(3).getTime());
  assert.equal(leaf.probeFailures, 3);
  assert.match(leaf.staleReason, /no data now \(no data: the query matched no series\)/);
  assert.equal(await statusOf(g.id), "BAD");
  assert.equal(await db.serviceDowntime.count({ where: { serviceId: { in: [g.id, a.id, b.id] }, endsAt: null } }), 3, "the downtimes stay open");
  assert.equal(await db.notification.count({ where: { personId: ned.id, serviceId: { in: [g.id, a.id, b.id] } } }), notesBefore, "no recovery was sent");

  // Through the step, against the mock's Prometheus: the run's summary names it among the failed reads.
  const m = await startServiceProbeMock({ services: { pool: { up: true, value: 0.5 } } });
  mocks.push(m);
  const known = await db.service.create({
    data: { name: `t-quiet-step-${suffix}`, displayName: "Quiet pool", kind: "STORAGE", status: "BAD", recentResults: ["BAD", "BAD"], probe: { type: "prometheus", url: `${m.url}/prometheus`, query: 'poms_mock_service_value{service="gone"}', badAt: 0.9 } },
  });
  const step = await refreshServices({ now: T(9), serviceIds: [known.id], environment: { allowLoopback: true } });
  assert.deepEqual(step.stale, [{ name: known.name, reason: "The monitor has no data now (no data: the query matched no series).", since: T(9).toISOString() }]);
  assert.equal(await statusOf(known.id), "BAD");

  // A service that never had a status may be UNKNOWN from no series (two in a row), as before.
  const fresh = await db.service.create({ data: { name: `t-quiet-new-${suffix}`, displayName: "New pool", kind: "STORAGE", probe: leafProbe } });
  await apply([noSeries(fresh.id, T(6))], T(6));
  await apply([noSeries(fresh.id, T(7))], T(7));
  const f = await db.service.findUniqueOrThrow({ where: { id: fresh.id } });
  assert.deepEqual([f.status, f.probeFailures, f.recentResults], ["UNKNOWN", 0, ["UNKNOWN", "UNKNOWN"]]);
});

test("a service going BAD → UNKNOWN keeps its downtime open and tells nobody; back to GOOD it closes the downtime and is a recovery", async () => {
  const g = await db.service.create({ data: { name: `t-unk-${suffix}`, displayName: "Group unk", kind: "GROUP" } });
  const a = await db.service.create({ data: { name: `t-unk-a-${suffix}`, displayName: "Leaf unk", kind: "STORAGE", parentId: g.id, probe: leafProbe } });
  const nora = await person("nora");
  await db.watch.create({ data: { personId: nora.id, serviceId: a.id } });
  await apply([verdict(a.id, T(1), "BAD")], T(1));
  await apply([verdict(a.id, T(2), "BAD")], T(2));
  // The leaf's status is UNKNOWN some other way (made so by hand): the group goes BAD → UNKNOWN with it.
  await db.service.update({ where: { id: a.id }, data: { status: "UNKNOWN", recentResults: [] } });
  const quiet = await apply([], T(3));
  assert.equal(await statusOf(g.id), "UNKNOWN");
  assert.equal(quiet.downtimesClosed, 0);
  assert.equal(await db.serviceDowntime.count({ where: { serviceId: { in: [g.id, a.id] }, endsAt: null } }), 2);
  assert.equal(await db.notification.count({ where: { personId: nora.id, serviceId: { in: [g.id, a.id] }, message: { contains: "no longer bad" } } }), 0);
  await apply([verdict(a.id, T(4), "GOOD")], T(4));
  const back = await apply([verdict(a.id, T(5), "GOOD")], T(5));
  assert.deepEqual([await statusOf(a.id), await statusOf(g.id)], ["GOOD", "GOOD"]);
  assert.equal(back.downtimesClosed, 2);
  const notes = await db.notification.findMany({ where: { personId: nora.id, serviceId: { in: [g.id, a.id] } }, orderBy: { id: "asc" }, select: { message: true } });
  assert.deepEqual(notes.map((n) => n.message), ["Group unk is bad: Leaf unk is bad.", "Group unk is no longer bad: it is good now. No longer bad either: Leaf unk."]);
});

test("a BAD service made inactive becomes UNKNOWN once (no longer monitored) and its open ACTUAL downtime is closed", async () => {
  const { g, a, b } = await tree("retired");
  await apply([verdict(a.id, T(1), "BAD"), verdict(b.id, T(1), "GOOD")], T(1));
  await apply([verdict(a.id, T(2), "BAD"), verdict(b.id, T(2), "GOOD")], T(2));
  assert.deepEqual([await statusOf(a.id), await statusOf(g.id)], ["BAD", "DEGRADED"]);
  await db.service.update({ where: { id: a.id }, data: { active: false } });
  const s3 = await apply([verdict(a.id, T(3), "GOOD"), verdict(b.id, T(3), "GOOD")], T(3));
  const leaf = await db.service.findUniqueOrThrow({ where: { id: a.id } });
  assert.deepEqual([leaf.status, leaf.statusDetail, leaf.statusChangedAt?.getTime()], ["UNKNOWN", "no longer monitored", T(3).getTime()]);
  assert.equal(await statusOf(g.id), "GOOD", "its group is judged without it");
  assert.equal(s3.downtimesClosed, 1);
  const down = await db.serviceDowntime.findFirstOrThrow({ where: { serviceId: a.id } });
  assert.equal(down.endsAt?.getTime(), T(3).getTime());
  const ev = await db.serviceStatusEvent.findFirstOrThrow({ where: { serviceId: a.id }, orderBy: { id: "desc" } });
  assert.deepEqual([ev.fromStatus, ev.status, ev.detail], ["BAD", "UNKNOWN", "no longer monitored"]);
  // Once: later runs change nothing more.
  const events = await db.serviceStatusEvent.count({ where: { serviceId: a.id } });
  await apply([], T(4));
  await apply([], T(5));
  assert.equal(await db.serviceStatusEvent.count({ where: { serviceId: a.id } }), events);
});

test("the step: the longest-waiting leaves are probed first, and one abandoned by every run for minutes gets a failed read", async () => {
  const m = await startServiceProbeMock({ services: { ok: { up: true, value: 0 } } });
  mocks.push(m);
  const now = new Date(Date.UTC(2026, 10, 29, 13, 0));
  const make = (label: string, lastCheckedAt: Date | null, createdAt?: Date) =>
    db.service.create({ data: { name: `t-wait-${label}-${suffix}`, displayName: label, kind: "STORAGE", probe: { type: "http", url: `${m.url}/status/ok` }, lastCheckedAt, ...(createdAt ? { createdAt } : {}) } });
  const recent = await make("recent", new Date(now.getTime() - 60_000));
  const old = await make("old", new Date(now.getTime() - 120_000));
  const never = await make("never", null, new Date(now.getTime() - 10 * 60_000));
  const due = await dueProbes(now, [recent.id, old.id, never.id]);
  assert.deepEqual(due.map((d) => d.name), [never.name, old.name, recent.name]);

  // A step stopped before it starts: everything is abandoned; the one waiting 10 minutes gets a failed read.
  const stop = new AbortController();
  stop.abort();
  const r = await refreshServices({ now, serviceIds: [recent.id, old.id, never.id], signal: stop.signal, environment: { allowLoopback: true } });
  assert.deepEqual(r.abandoned.sort(), [never.name, old.name, recent.name].sort());
  assert.deepEqual(r.stale, [{ name: never.name, reason: "Not probed for 10 minutes: every run's time for probes ran out before reaching it.", since: now.toISOString() }]);
  const n = await db.service.findUniqueOrThrow({ where: { id: never.id } });
  assert.deepEqual([n.staleSince?.getTime(), n.probeFailures, n.status], [now.getTime(), 1, "UNKNOWN"]);
  assert.equal((await db.service.findUniqueOrThrow({ where: { id: old.id } })).probeFailures, 0, "two minutes abandoned is not yet a failure");
});
