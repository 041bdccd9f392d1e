// The demo's probes against the demo scenario of the mock endpoints (what `npm start` serves): every leaf's probe is
// well-formed and answers, and the states the refresh finds are the ones the seed shows, with the DUNE pool bad.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { demoProbeScenario, startServiceProbeMock } from "@/lib/testing/mocks/service-probes";
import { refreshServices } from "@/lib/services/refresh/services-step";
import { applyProbeResults } from "@/lib/services/refresh/apply-probe-results";
import { DEMO_BAD_SERVICE, DEMO_LEAF_NAMES, HISTORY_DAYS } from "./services";

const scenario = demoProbeScenario(DEMO_LEAF_NAMES);
scenario.realTime = false; // the mock's clock, set below to a moment when nothing flaps
// Seven minutes past the next half hour: after everything the seed wrote (relative to the wall clock), and a moment
// when neither the Data Dispatcher (4 minutes in every 10) nor jobsub02 (5 minutes in every 30) is down.
const HALF_HOUR = 1800;
const nextHalfHour = (Math.floor(Date.now() / 1000 / HALF_HOUR) + 1) * HALF_HOUR;
const mock = await startServiceProbeMock(scenario, { startAt: nextHalfHour + 7 * 60 });
after(() => mock.close());

test("the seeded history is consistent: every BAD stretch is one ACTUAL downtime, the open ones are the services bad now", async () => {
  const services = await db.service.findMany({ where: { OR: [{ name: { in: DEMO_LEAF_NAMES } }, { parentId: null, name: "all" }] }, select: { id: true, name: true, status: true } });
  const ids = services.map((s) => s.id);
  const events = await db.serviceStatusEvent.findMany({ where: { serviceId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const downtimes = await db.serviceDowntime.findMany({ where: { serviceId: { in: ids }, kind: "ACTUAL" } });
  const oldest = Math.min(...events.map((e) => e.createdAt.getTime()));
  assert.ok(Date.now() - oldest >= (HISTORY_DAYS - 1) * 86_400_000, "30 days of history");
  for (const s of services) {
    const mine = events.filter((e) => e.serviceId === s.id);
    for (let i = 1; i < mine.length; i++) assert.equal(mine[i].fromStatus, mine[i - 1].status, `${s.name}: each event starts where the last ended`);
    if (mine.length) assert.equal(mine.at(-1)!.status, s.status, `${s.name}: the last event is the status now`);
    const badStarts = mine.filter((e) => e.status === "BAD").length;
    const dts = downtimes.filter((d) => d.serviceId === s.id);
    assert.equal(dts.length, badStarts, `${s.name}: one downtime per bad stretch`);
    assert.equal(dts.filter((d) => d.endsAt === null).length, s.status === "BAD" ? 1 : 0, `${s.name}: open downtime iff bad now`);
  }
  assert.equal(services.find((s) => s.name === DEMO_BAD_SERVICE)?.status, "BAD");
});

test("every demo probe answers the demo scenario, and the refresh agrees with the seed", async () => {
  const leaves = await db.service.findMany({ where: { name: { in: DEMO_LEAF_NAMES } }, select: { id: true, name: true, status: true } });
  // Other tests share this database: put the demo's services back as they were.
  const saved = await db.service.findMany({ where: { name: { in: DEMO_LEAF_NAMES } } });
  const since = new Date();
  after(async () => {
    const ids = saved.map((s) => s.id);
    await db.serviceStatusEvent.deleteMany({ where: { serviceId: { in: ids }, createdAt: { gte: since } } });
    await db.serviceDowntime.deleteMany({ where: { serviceId: { in: ids }, createdAt: { gte: since } } });
    for (const { id, status, statusDetail, statusChangedAt, recentResults, lastCheckedAt, lastGoodReadAt, lastValue, staleSince, staleReason, probeFailures, nextProbeAt } of saved)
      await db.service.update({ where: { id }, data: { status, statusDetail, statusChangedAt, recentResults, lastCheckedAt, lastGoodReadAt, lastValue, staleSince, staleReason, probeFailures, nextProbeAt } });
    await db.$transaction((tx) => applyProbeResults(tx, [], since)); // the groups follow their leaves again
    await db.serviceStatusEvent.deleteMany({ where: { createdAt: { gte: since }, service: { name: { in: ["all", "batch"] } } } });
  });
  assert.equal(leaves.length, DEMO_LEAF_NAMES.length);
  const now = new Date(mock.clock.now() * 1000 + 3600_000);
  const r = await refreshServices({ now, serviceIds: leaves.map((l) => l.id), budgetMs: 5000, environment: { baseUrl: mock.url, allowLoopback: true, now: new Date(mock.clock.now() * 1000) } });
  assert.deepEqual(r.stale, [], "no probe fails");
  assert.deepEqual(r.abandoned, []);
  assert.equal(r.due, DEMO_LEAF_NAMES.length);
  assert.deepEqual(r.changes, [], "the live states are the seeded ones");
  // jobsub02 goes down for five minutes every half hour: two probes in that window turn it bad.
  mock.clock.set(nextHalfHour + HALF_HOUR + 60);
  const jobsub02 = leaves.find((l) => l.name === "jobsub02")!;
  for (const minutes of [1, 2]) await refreshServices({ now: new Date(now.getTime() + minutes * 60_000), serviceIds: [jobsub02.id], environment: { baseUrl: mock.url, allowLoopback: true } });
  assert.equal((await db.service.findUniqueOrThrow({ where: { id: jobsub02.id } })).status, "BAD");
});
