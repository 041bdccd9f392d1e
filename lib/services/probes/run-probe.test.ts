// Every probe kind against the mock monitoring endpoints (lib/testing/mocks/service-probes.ts), with every fault of
// shared/monitors.md: a fault is a failed read with a reason (never a verdict), except where the answer IS the
// status (an HTTP status probe reads a 503 as BAD).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServiceProbeMock, type ProbeScenario } from "@/lib/testing/mocks/service-probes";
import type { MockServer } from "@/lib/testing/mock-server";
import { parseProbeConfig, type ProbeConfig } from "./config";
import { probeAddress, runProbe, worstIndex } from "./run-probe";

let mock: MockServer<ProbeScenario>;
const scenario: ProbeScenario = { services: { pool: { up: true, value: 0.5 }, down: { up: false, value: 0 } }, slowMs: 1500 };
before(async () => {
  mock = await startServiceProbeMock(scenario, { slowMs: 1500 });
});
after(() => mock.close());

const env = () => ({ baseUrl: mock.url, allowLoopback: true, now: new Date(mock.clock.now() * 1000) });
const cfg = (raw: unknown): ProbeConfig => {
  const r = parseProbeConfig(raw);
  if (!r.ok) throw new Error(r.message);
  return r.config;
};
const probes = {
  http: cfg({ type: "http", url: "/status/pool", timeoutMs: 2000 }),
  json: cfg({ type: "json", url: "/health/pool", path: "value", timePath: "time", degradedAt: 0.8, badAt: 0.9, range: [0, 1], timeoutMs: 2000 }),
  prometheus: cfg({ type: "prometheus", url: "/prometheus", query: 'poms_mock_service_value{service="pool"}', degradedAt: 0.8, badAt: 0.9, range: [0, 1], timeoutMs: 2000 }),
  page: cfg({ type: "page", url: "/page/pool", pattern: "<td>UP</td>", degradedPattern: "<td>DEGRADED</td>", timeoutMs: 2000 }),
};
const routeOf: Record<keyof typeof probes, string> = { http: "GET /status/:name", json: "GET /health/:name", prometheus: "GET /prometheus/api/v1/query", page: "GET /page/:name" };

test("each kind gives a verdict from a healthy, a degraded and a bad service", async () => {
  const at = async (value: number, up = true, degraded = false) => {
    scenario.services.pool = { up, value, degraded };
    return Object.fromEntries(await Promise.all(Object.entries(probes).map(async ([k, p]) => [k, await runProbe(p, env())])));
  };
  const good = await at(0.5);
  for (const k of Object.keys(probes)) assert.equal(good[k].ok && good[k].verdict, "GOOD", k);
  assert.equal(good.json.ok && good.json.value, 0.5);
  const mid = await at(0.85, true, true);
  assert.equal(mid.json.ok && mid.json.verdict, "DEGRADED");
  assert.equal(mid.prometheus.ok && mid.prometheus.verdict, "DEGRADED");
  assert.equal(mid.page.ok && mid.page.verdict, "DEGRADED");
  const bad = await at(0.95, false);
  assert.equal(bad.http.ok && bad.http.verdict, "BAD");
  assert.match(bad.http.ok ? bad.http.detail : "", /HTTP 503 \(expected 200\)/);
  assert.equal(bad.json.ok && bad.json.verdict, "BAD");
  assert.equal(bad.prometheus.ok && bad.prometheus.verdict, "BAD");
  assert.equal(bad.page.ok && bad.page.verdict, "BAD");
  scenario.services.pool = { up: true, value: 0.5 };
});

test("prometheus: no series is UNKNOWN, never 0; a refused query is a failed read with Prometheus's words", async () => {
  const none = await runProbe(cfg({ type: "prometheus", url: "/prometheus", query: 'poms_mock_service_value{service="nosuch"}', badAt: 0.9 }), env());
  assert.deepEqual(none, { ok: true, verdict: "UNKNOWN", value: null, detail: "no data: the query matched no series" });
  const refused = await runProbe(cfg({ type: "prometheus", url: "/prometheus", query: "rate(x[", badAt: 0.9 }), env());
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.reason : "", /Prometheus refused the query: 1:1: parse error/);
});

test("every transport fault is a failed read for the kinds that read a body", async () => {
  const faults = ["timeout", "hang", "reset", "http500", "http502", "http503", "auth401", "auth403", "truncated", "wrong-content-type", "empty"] as const;
  for (const kind of ["json", "prometheus", "page"] as const) {
    for (const f of faults) {
      if (kind === "page" && (f === "truncated" || f === "wrong-content-type")) continue; // a page is any text
      mock.fault(routeOf[kind], f, 1);
      const r = await runProbe(f === "timeout" || f === "hang" ? { ...probes[kind], timeoutMs: 300 } : probes[kind], env());
      assert.equal(r.ok, false, `${kind} ${f}: ${JSON.stringify(r)}`);
    }
  }
  mock.clearFaults();
});

test("http status probe: a 5xx or 401 is the service's answer (BAD); no answer at all is a failed read", async () => {
  for (const f of ["http500", "http503", "auth401"] as const) {
    mock.fault(routeOf.http, f, 1);
    const r = await runProbe(probes.http, env());
    assert.equal(r.ok && r.verdict, "BAD", f);
  }
  for (const f of ["timeout", "hang", "reset"] as const) {
    mock.fault(routeOf.http, f, 1);
    const r = await runProbe({ ...probes.http, timeoutMs: 300 }, env());
    assert.equal(r.ok, false, f);
  }
});

test("content faults: out of range, clock in the future, partial data, malformed JSON are failed reads", async () => {
  const expect: Record<string, RegExp> = { "out-of-range": /outside what it can be/, "future-clock": /clock is \d+ s ahead/, partial: /no value at value|no series/, malformed: /not valid JSON/ };
  for (const [fault, reason] of Object.entries(expect)) {
    scenario.services.pool = { up: true, value: 0.5, fault: fault as "partial" };
    const r = await runProbe(probes.json, env());
    assert.equal(r.ok, false, fault);
    assert.match(!r.ok ? r.reason : "", reason, fault);
    if (fault !== "malformed") {
      const p = await runProbe(probes.prometheus, env());
      if (fault === "partial") assert.equal(p.ok && p.verdict, "UNKNOWN", "a series that is not there is unknown");
      else assert.equal(p.ok, false, `prometheus ${fault}`);
    }
  }
  scenario.services.pool = { up: true, value: 0.5 };
});

test("addresses: paths need a base; plain http only to loopback and only when allowed; no private hosts", () => {
  assert.match((probeAddress("/status/x", { allowLoopback: true }) as { reason: string }).reason, /no base address/);
  assert.equal(probeAddress("/status/x?fmt=1", { baseUrl: "http://127.0.0.1:4000/", allowLoopback: true }).ok, true);
  assert.equal(probeAddress("http://127.0.0.1:4000/x", { allowLoopback: false }).ok, false);
  assert.equal(probeAddress("http://samweb.example.org/x", { allowLoopback: true }).ok, false);
  assert.equal(probeAddress("https://10.0.0.4/x", { allowLoopback: true }).ok, false);
  assert.equal(probeAddress("https://169.254.169.254/latest", { allowLoopback: false }).ok, false);
  assert.equal(probeAddress("https://samnova.fnal.gov:8483/sam/nova/api/files/count?dims=x", { allowLoopback: false }).ok, true);
});

test("the mock's control endpoint changes a service's state and content fault; a wrong fault is refused", async () => {
  const post = (body: unknown) => fetch(`${mock.url}/control/pool`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.equal((await post({ up: false })).status, 200);
  const down = await runProbe(probes.http, env());
  assert.equal(down.ok && down.verdict, "BAD");
  assert.equal((await post({ up: true, value: 0.95 })).status, 200);
  const full = await runProbe(probes.json, env());
  assert.equal(full.ok && full.verdict, "BAD");
  assert.equal((await post({ fault: "gremlins" })).status, 400);
  assert.equal((await post({ value: 0.5, fault: "partial" })).status, 200);
  assert.equal((await runProbe(probes.json, env())).ok, false);
  assert.equal((await post({ fault: null })).status, 200);
  const back = await runProbe(probes.json, env());
  assert.equal(back.ok && back.verdict, "GOOD");
});

/** A one-route server answering `status` with `body` (a Prometheus or a status page as the test needs). */
async function serve(status: number, body: string, contentType: string) {
  const http = await import("node:http");
  const srv = http.createServer((_q, r) => {
    r.writeHead(status, { "content-type": contentType });
    r.end(body);
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as import("node:net").AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => srv.close(() => resolve())) };
}

test("prometheus: an answer with too many series (a query missing its label filter) is a failed read, never a throw", async () => {
  const series = '{"metric":{},"value":[1,"0"]}'; // short: 130 000 of them stay under the 4 MB cap
  const answer = (n: number) => `{"status":"success","data":{"resultType":"vector","result":[${Array(n).fill(series).join(",")}]}}`;
  const big = await serve(200, answer(130_000), "application/json");
  try {
    const config = cfg({ type: "prometheus", url: big.url, query: "up", badAt: 0.9, timeoutMs: 10_000 });
    const r = await runProbe(config, { allowLoopback: true, now: new Date(1764417600_000) });
    assert.deepEqual(r, { ok: false, reason: "The query matched 130000 series (at most 10000): narrow it with labels." });
  } finally {
    await big.close();
  }
  const many = await serve(200, answer(10_000), "application/json");
  try {
    const r = await runProbe(cfg({ type: "prometheus", url: many.url, query: "up", badAt: 0.9, timeoutMs: 10_000 }), { allowLoopback: true, now: new Date(1764417600_000) });
    assert.equal(r.ok && r.verdict, "GOOD", "10 000 series are still judged");
  } finally {
    await many.close();
  }
});

test("the worst series is found by a loop: no spread of a huge array (Math.max(...values) overflows the stack)", () => {
  const values = Array.from({ length: 300_000 }, (_, i) => (i === 123_456 ? 5 : i === 200_000 ? -5 : 0.5));
  assert.throws(() => Math.max(...values), RangeError, "the old way overflows on this many values");
  assert.equal(worstIndex(values, "higherIsWorse"), 123_456);
  assert.equal(worstIndex(values, "lowerIsWorse"), 200_000);
  assert.equal(worstIndex([0.3], "higherIsWorse"), 0);
});

test("a probe never throws: anything unexpected is a failed read of that probe", async () => {
  // A pattern that is no regular expression (the schema refuses it, but a probe must survive what it is given).
  const broken = { type: "page", url: "/page/pool", pattern: "(", timeoutMs: 2000 } as ProbeConfig;
  const r = await runProbe(broken, env());
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.reason : "", /^The probe failed unexpectedly: Invalid regular expression/);
});

test("a status page's text never reaches the detail or the stale reason (they are shown on the public status page)", async () => {
  const secret = "db-master-07.internal password=hunter2";
  const down = await serve(200, `<html><body><td>DOWN</td><p>${secret}</p></body></html>`, "text/html");
  const broken = await serve(500, `error: ${secret}`, "text/plain");
  try {
    const bad = await runProbe(cfg({ type: "page", url: `${down.url}/`, pattern: "<td>UP</td>" }), { allowLoopback: true, now: new Date() });
    assert.deepEqual(bad, { ok: true, verdict: "BAD", value: null, detail: "the page does not say it is up" });
    const failedRead = await runProbe(cfg({ type: "page", url: `${broken.url}/`, pattern: "<td>UP</td>" }), { allowLoopback: true, now: new Date() });
    assert.deepEqual(failedRead, { ok: false, reason: "The page answered HTTP 500." });
  } finally {
    await Promise.all([down.close(), broken.close()]);
  }
});
