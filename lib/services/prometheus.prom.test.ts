// Against a REAL Prometheus (Debian's package; scripts/prometheus/up.sh, started by `npm run test:unit`) scraping the
// mock exporter this test serves on its target port every second. Runs whenever POMS_PROMETHEUS_URL names a running
// server; under CI=true a missing server is a failure, never a skip.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServiceProbeMock, type ProbeScenario } from "@/lib/testing/mocks/service-probes";
import type { MockServer } from "@/lib/testing/mock-server";
import { promInstant, promRange, promReady } from "./prometheus";
import { parseProbeConfig } from "./probes/config";
import { runProbe } from "./probes/run-probe";

const url = process.env.POMS_PROMETHEUS_URL;
const exporterPort = Number(process.env.POMS_PROM_EXPORTER_PORT ?? 9392);
if (!url && process.env.CI === "true") throw new Error("CI=true but no Prometheus: POMS_PROMETHEUS_URL is unset (scripts/prometheus/up.sh starts one).");
const skip = url ? false : "no Prometheus here (not root, and it is not installed): run scripts/prometheus/up.sh and set POMS_PROMETHEUS_URL";
if (skip) console.log(`# skipping the Prometheus tests: ${skip}`);

const scenario: ProbeScenario = { services: { "dcache-pool-dune": { up: true, value: 0.93 }, "dcache-pool-nova": { up: true, value: 0.41 } } };
let exporter: MockServer<ProbeScenario> | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `query` until `ok` holds (Prometheus scrapes every second; the first sample lands after ~2 s). */
async function until(query: string, ok: (values: number[]) => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await promInstant(url!, query);
    if (r.ok && ok(r.value.map((s) => s.value))) return r.value;
    if (Date.now() > end) throw new Error(`Prometheus never answered ${query} as expected: ${JSON.stringify(r)}`);
    await sleep(250);
  }
}

before(async () => {
  if (skip) return;
  exporter = await startServiceProbeMock(scenario, { port: exporterPort });
  assert.ok(await promReady(url!));
  await until('poms_mock_service_value{service="dcache-pool-dune"}', (v) => v.length === 1);
});
after(() => exporter?.close());

test("an instant query reads the exporter's gauges, values parsed from Prometheus's strings", { skip }, async () => {
  const r = await promInstant(url!, "poms_mock_service_value");
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  const byService = Object.fromEntries(r.value.map((s) => [s.labels.service, s.value]));
  assert.deepEqual(byService, { "dcache-pool-dune": 0.93, "dcache-pool-nova": 0.41 });
  assert.equal(r.value[0].labels.job, "poms-test");
  assert.ok(Math.abs(r.value[0].at - Date.now() / 1000) < 30, "samples carry Prometheus's evaluation time");
});

test("no series is an empty success (never 0); bad PromQL is a failure in Prometheus's words", { skip }, async () => {
  const none = await promInstant(url!, 'poms_mock_service_value{service="nosuch"}');
  assert.deepEqual(none, { ok: true, value: [] });
  const bad = await promInstant(url!, "sum(rate(poms_mock_service_value[");
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.message : "", /Prometheus refused the query: .*parse error/);
  const scalar = await promInstant(url!, "scalar(vector(2))");
  assert.ok(scalar.ok && scalar.value[0].value === 2);
});

test("a range query returns the samples over time; a changed gauge shows up after the next scrape", { skip }, async () => {
  scenario.services["dcache-pool-nova"].value = 0.88;
  await until('poms_mock_service_value{service="dcache-pool-nova"}', (v) => v[0] === 0.88);
  // The instant query sees the new sample at once; a range's last step (whole seconds) may fall just before the scrape's
  // timestamp, so it is asked again until that step has passed (at most a few seconds).
  let values: number[] = [];
  for (let i = 0; i < 20 && values.at(-1) !== 0.88; i++) {
    if (i) await new Promise((res) => setTimeout(res, 250));
    const end = Math.floor(Date.now() / 1000);
    const r = await promRange(url!, 'poms_mock_service_value{service="dcache-pool-nova"}', { start: end - 30, end, stepS: 1 });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    values = r.value[0].points.map((p) => p.value);
  }
  assert.ok(values.includes(0.41) && values.at(-1) === 0.88, JSON.stringify(values));
});

test("the prometheus probe against the real server: the worst pool decides; no series is unknown", { skip }, async () => {
  const config = parseProbeConfig({ type: "prometheus", url: url!, query: "poms_mock_service_value", degradedAt: 0.8, badAt: 0.9, range: [0, 1] });
  assert.ok(config.ok);
  if (!config.ok || config.config.type !== "prometheus") return;
  const env = { allowLoopback: true, now: new Date() };
  const r = await runProbe(config.config, env);
  assert.equal(r.ok && r.verdict, "BAD");
  assert.match(r.ok ? r.detail : "", /0\.93 .*service=dcache-pool-dune/);
  const none = await runProbe({ ...config.config, query: 'poms_mock_service_value{service="nosuch"}' }, env);
  assert.equal(none.ok && none.verdict, "UNKNOWN");
  scenario.services["dcache-pool-dune"].fault = "out-of-range";
  await until('poms_mock_service_value{service="dcache-pool-dune"}', (v) => v[0] > 1);
  const broken = await runProbe(config.config, env);
  assert.equal(broken.ok, false, "a value outside what it can be is a failed read");
  scenario.services["dcache-pool-dune"].fault = null;
});
