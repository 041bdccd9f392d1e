// The probe round against the mock monitoring endpoints: every probe gets at most the time left in the budget (a
// hang ends as a timeout failed read, never an abandon without trace), the longest-waiting go first (so a few
// hanging monitors cannot starve the rest), and a leaf abandoned by every run for minutes gets a failed read.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startServiceProbeMock, type ProbeScenario } from "@/lib/testing/mocks/service-probes";
import type { MockServer } from "@/lib/testing/mock-server";
import { ABANDONED_FAILS_AFTER_MS, overdueAbandoned, probeOrder, probeWithinBudget, type DueProbe } from "./probe-due";

const mocks: MockServer<ProbeScenario>[] = [];
after(() => Promise.all(mocks.map((m) => m.close())));

async function hangingAndHealthy() {
  const scenario: ProbeScenario = { services: { healthy: { up: true, value: 0 } }, slowMs: 20_000 };
  for (let i = 0; i < 8; i++) scenario.services[`hang${i}`] = { up: true, value: 0, fault: "slow" };
  const mock = await startServiceProbeMock(scenario);
  mocks.push(mock);
  await fetch(`${mock.url}/status/healthy`); // the first fetch of a process loads its client: not the round's time
  // The hanging ones have the lowest ids (the old order put them first in every run); each allows 5 s, the budget 2 s.
  const due: DueProbe[] = [...Array.from({ length: 8 }, (_, i) => `hang${i}`), "healthy"].map((name, i) => ({
    serviceId: i + 1,
    name,
    config: { type: "http", url: `${mock.url}/status/${name}`, timeoutMs: 5000, expect: [200] },
    lastCheckedAt: null,
  }));
  return due;
}

test("a probe allowed longer than the budget ends as a timeout failed read within the budget, and the rest are reached next run", async () => {
  const due = await hangingAndHealthy();
  const env = { allowLoopback: true, now: new Date() };
  const t0 = Date.now();
  const first = await probeWithinBudget(due, env, 2000);
  const took = Date.now() - t0;
  assert.ok(took < 2000 + 1500, `the round keeps to its budget (took ${took} ms)`);
  assert.deepEqual(first.results.map((r) => r.name).sort(), due.slice(0, 8).map((p) => p.name).sort(), "each hanging probe is recorded");
  for (const r of first.results) assert.match(!r.outcome.ok ? r.outcome.reason : "answered?", /No complete answer within \d+ ms/);
  assert.deepEqual(first.abandoned, ["healthy"], "no time was left to start the healthy one");
  assert.deepEqual(first.abandonedIds, [9]);

  // The refresh records those failed reads (lastCheckedAt = this run): the healthy one has waited longest and leads.
  const checked = due.map((p) => (first.abandonedIds.includes(p.serviceId) ? p : { ...p, lastCheckedAt: env.now }));
  assert.equal(probeOrder(checked)[0].name, "healthy");
  const second = await probeWithinBudget(checked, { ...env, now: new Date() }, 2000);
  const healthy = second.results.find((r) => r.name === "healthy");
  assert.deepEqual(healthy?.outcome, { ok: true, verdict: "GOOD", value: 200, detail: "HTTP 200" });
});

test("order: never probed first, then the oldest last check, then by id", () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 29, 12, m));
  const p = (serviceId: number, lastCheckedAt: Date | null): DueProbe => ({ serviceId, name: `s${serviceId}`, config: { invalid: "x" }, lastCheckedAt });
  assert.deepEqual(probeOrder([p(1, at(5)), p(2, null), p(3, at(1)), p(4, at(5)), p(5, null)]).map((x) => x.serviceId), [2, 5, 3, 1, 4]);
});

test("a leaf abandoned by every run for five minutes gets a failed read saying so; one abandoned briefly does not", () => {
  const now = new Date(Date.UTC(2026, 10, 29, 12, 30));
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const due: DueProbe[] = [
    { serviceId: 1, name: "long", config: { invalid: "x" }, lastCheckedAt: ago(ABANDONED_FAILS_AFTER_MS + 60_000) },
    { serviceId: 2, name: "brief", config: { invalid: "x" }, lastCheckedAt: ago(60_000) },
    { serviceId: 3, name: "never", config: { invalid: "x" }, lastCheckedAt: null, createdAt: ago(ABANDONED_FAILS_AFTER_MS) },
    { serviceId: 4, name: "answered", config: { invalid: "x" }, lastCheckedAt: ago(ABANDONED_FAILS_AFTER_MS * 3) },
  ];
  assert.deepEqual(overdueAbandoned(due, [1, 2, 3], now), [
    { serviceId: 1, name: "long", outcome: { ok: false, reason: "Not probed for 6 minutes: every run's time for probes ran out before reaching it." } },
    { serviceId: 3, name: "never", outcome: { ok: false, reason: "Not probed for 5 minutes: every run's time for probes ran out before reaching it." } },
  ]);
});

test("a stopped step abandons what is still out at once", async () => {
  const due = await hangingAndHealthy();
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 200);
  const t0 = Date.now();
  const r = await probeWithinBudget(due, { allowLoopback: true, now: new Date() }, 10_000, stop.signal);
  assert.ok(Date.now() - t0 < 1500, "it does not wait for the budget");
  assert.deepEqual(r.results, []);
  assert.equal(r.abandoned.length, 9);
});
