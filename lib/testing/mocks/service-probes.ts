/**
 * Mock monitoring endpoints for the service probes (lib/services/probes), on the harness (lib/testing/mock-server.ts):
 *   GET  /status/:name                  an HTTP status endpoint: 200 "OK" when up, 503 when down
 *   GET  /health/:name                  a JSON health endpoint: {"service", "status", "value", "time"} (unix seconds)
 *   GET  /page/:name                    an HTML status page with a row "<name> UP|DEGRADED|DOWN"
 *   GET  /metrics                       a Prometheus exporter (text format 0.0.4): poms_mock_service_value and
 *                                       poms_mock_service_up per service, for a REAL Prometheus to scrape
 *   GET  /prometheus/api/v1/query       a small stand-in for Prometheus's instant-query API over the same gauges
 *                                       (`name` or `name{service="x"}`), for the demo where no Prometheus runs
 *   POST /control/:name                 {up?, degraded?, value?, fault?} changes a service's state or content fault
 * Transport faults (timeout, hang, reset, 5xx HTML, 401/403, truncated, wrong content type, empty 200) come from the
 * harness, per route key ("GET /health/:name") or per request (x-mock-fault). Content faults are per service:
 * `out-of-range` (an impossible value), `future-clock` (a timestamp an hour ahead), `partial` (the value missing),
 * `malformed` (JSON cut short, still labelled JSON), `slow` (answers after `slowMs`, past a short run budget).
 * A timeline (`timeline(name, t)`) changes states over time; `realTime` reads the wall clock instead of the mock's.
 */
import { startMockServer, type MockHandler, type MockServer } from "@/lib/testing/mock-server";

export const CONTENT_FAULTS = ["out-of-range", "future-clock", "partial", "malformed", "slow"] as const;
export type ContentFault = (typeof CONTENT_FAULTS)[number];
export type MockServiceState = { up: boolean; degraded?: boolean; value: number; fault?: ContentFault | null };
export type ProbeScenario = {
  services: Record<string, MockServiceState>;
  /** Changes over time (seconds since the epoch): what differs from the service's own state at `t`. */
  timeline?: (name: string, t: number) => Partial<MockServiceState> | undefined;
  realTime?: boolean;
  /** How long a `slow` service takes to answer (ms). */
  slowMs?: number;
};

const OUT_OF_RANGE = 1e9;

/** A service's state at `t`: its own, overlaid by the timeline. */
export function serviceStateAt(s: ProbeScenario, name: string, t: number): MockServiceState | null {
  const own = s.services[name];
  if (!own) return null;
  return { ...own, ...(s.timeline?.(name, t) ?? {}) };
}

const word = (st: MockServiceState) => (!st.up ? "DOWN" : st.degraded ? "DEGRADED" : "UP");
const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** The exporter's text (Prometheus exposition format 0.0.4) at `t`. */
export function exposition(s: ProbeScenario, t: number): string {
  const lines = ["# HELP poms_mock_service_value A service's measured value (fill ratio, latency…).", "# TYPE poms_mock_service_value gauge"];
  const names = Object.keys(s.services).sort();
  for (const n of names) {
    const st = serviceStateAt(s, n, t)!;
    if (st.fault === "partial") continue;
    lines.push(`poms_mock_service_value{service="${escapeLabel(n)}"} ${st.fault === "out-of-range" ? OUT_OF_RANGE : st.value}`);
  }
  lines.push("# HELP poms_mock_service_up Whether the service answers (1) or not (0).", "# TYPE poms_mock_service_up gauge");
  for (const n of names) lines.push(`poms_mock_service_up{service="${escapeLabel(n)}"} ${serviceStateAt(s, n, t)!.up ? 1 : 0}`);
  return `${lines.join("\n")}\n`;
}

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{\s*service\s*=\s*"([^"]*)"\s*\})?\s*$/;

/** The stand-in instant query: a metric name, optionally with service="…", over the exporter's gauges. */
export function instantQuery(s: ProbeScenario, query: string, t: number): { status: number; json: unknown } {
  const m = SELECTOR.exec(query);
  if (!m) return { status: 400, json: { status: "error", errorType: "bad_data", error: `1:1: parse error: this stand-in answers only name{service="…"}, not ${JSON.stringify(query.slice(0, 60))}` } };
  const [, metric, only] = m;
  const result: { metric: Record<string, string>; value: [number, string] }[] = [];
  if (metric === "poms_mock_service_value" || metric === "poms_mock_service_up") {
    for (const n of Object.keys(s.services).sort()) {
      if (only !== undefined && n !== only) continue;
      const st = serviceStateAt(s, n, t)!;
      if (metric === "poms_mock_service_value" && st.fault === "partial") continue;
      const v = metric === "poms_mock_service_up" ? (st.up ? 1 : 0) : st.fault === "out-of-range" ? OUT_OF_RANGE : st.value;
      result.push({ metric: { __name__: metric, job: "mock", service: n }, value: [st.fault === "future-clock" ? t + 3600 : t, String(v)] });
    }
  }
  return { status: 200, json: { status: "success", data: { resultType: "vector", result } } };
}

/**
 * `control: false` (the demo served by `npm start`): no POST /control/:name, no /__mock/* and no fault header, so
 * nobody on this machine can change what the demo's monitors say. On by default (the tests).
 */
export async function startServiceProbeMock(scenario: ProbeScenario, opts: { startAt?: number; slowMs?: number; port?: number; control?: boolean } = {}): Promise<MockServer<ProbeScenario>> {
  const control = opts.control ?? true;
  const clockOf = (now: number) => (scenario.realTime ? Math.floor(Date.now() / 1000) : now);
  const slow = async (st: MockServiceState | null) => {
    if (st?.fault === "slow") await new Promise((r) => setTimeout(r, scenario.slowMs ?? 3000));
  };
  const unknown = (name: string) => ({ status: 404, text: `No service ${name} in this mock.`, contentType: "text/plain" });
  return startMockServer<ProbeScenario>({
    scenario,
    startAt: opts.startAt,
    slowMs: opts.slowMs,
    port: opts.port,
    control,
    routes: {
      "GET /status/:name": async (req, { now, scenario: s }) => {
        const st = serviceStateAt(s, req.params.name, clockOf(now));
        if (!st) return unknown(req.params.name);
        await slow(st);
        return st.up ? { status: 200, text: "OK", contentType: "text/plain" } : { status: 503, text: "Service Unavailable", contentType: "text/plain" };
      },
      "GET /health/:name": async (req, { now, scenario: s }) => {
        const t = clockOf(now);
        const st = serviceStateAt(s, req.params.name, t);
        if (!st) return unknown(req.params.name);
        await slow(st);
        const body: Record<string, unknown> = { service: req.params.name, status: word(st).toLowerCase(), time: st.fault === "future-clock" ? t + 3600 : t };
        if (st.fault !== "partial") body.value = st.fault === "out-of-range" ? OUT_OF_RANGE : st.value;
        const text = JSON.stringify(body);
        return { status: 200, text: st.fault === "malformed" ? text.slice(0, Math.floor(text.length / 2)) : text, contentType: "application/json" };
      },
      "GET /page/:name": async (req, { now, scenario: s }) => {
        const st = serviceStateAt(s, req.params.name, clockOf(now));
        if (!st) return unknown(req.params.name);
        await slow(st);
        return { status: 200, text: `<!DOCTYPE html><html><body><h1>Service status</h1><table><tr><td>${req.params.name}</td><td>${word(st)}</td></tr></table></body></html>`, contentType: "text/html; charset=utf-8" };
      },
      "GET /metrics": (_req, { now, scenario: s }) => ({ status: 200, text: exposition(s, clockOf(now)), contentType: "text/plain; version=0.0.4; charset=utf-8" }),
      "GET /prometheus/api/v1/query": async (req, { now, scenario: s }) => {
        const only = SELECTOR.exec(req.query.get("query") ?? "")?.[2];
        await slow(only !== undefined ? serviceStateAt(s, only, clockOf(now)) : null);
        return instantQuery(s, req.query.get("query") ?? "", clockOf(now));
      },
      ...(control ? { "POST /control/:name": controlRoute } : {}),
    },
  });
}

/** POST /control/:name {up?, degraded?, value?, fault?}: changes a service's state or content fault (tests only). */
const controlRoute: MockHandler<ProbeScenario> = (req, { scenario: s }) => {
  let input: Partial<MockServiceState>;
  try {
    const parsed: unknown = JSON.parse(req.body || "{}");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { status: 400, json: { error: "body must be a JSON object" } };
    input = parsed as Partial<MockServiceState>;
  } catch {
    return { status: 400, json: { error: "body must be JSON" } };
  }
  if (input.fault != null && !CONTENT_FAULTS.includes(input.fault)) return { status: 400, json: { error: `fault must be one of ${CONTENT_FAULTS.join(", ")}` } };
  const cur = s.services[req.params.name] ?? { up: true, value: 0 };
  s.services[req.params.name] = { ...cur, ...input };
  return { json: s.services[req.params.name] };
};

const MINUTE = 60;

/**
 * The demo's scenario (npm start on the embedded default): steady services, with live changes on the wall clock:
 * the DUNE Data Dispatcher flaps slowly (degraded 4 minutes in every 10), jobsub02 goes down for 5 minutes every half
 * hour, and the DUNE persistent pool stays above 90 % (bad) until someone cleans it up.
 */
export function demoProbeScenario(names: readonly string[]): ProbeScenario {
  const services: Record<string, MockServiceState> = {};
  for (const n of names) services[n] = { up: true, value: n.startsWith("dcache-pool-") ? 0.62 : 0.2 };
  if (services["dcache-pool-dune"]) services["dcache-pool-dune"].value = 0.93;
  if (services["dcache-pool-nova"]) services["dcache-pool-nova"].value = 0.84;
  return {
    services,
    realTime: true,
    timeline: (name, t) => {
      if (name === "datadispatcher-dune") return t % (10 * MINUTE) < 4 * MINUTE ? { degraded: true, value: 4.2 } : { value: 0.8 };
      if (name === "jobsub02") return t % (30 * MINUTE) < 5 * MINUTE ? { up: false } : undefined;
      return undefined;
    },
  };
}
