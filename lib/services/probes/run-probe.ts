/**
 * Running one leaf probe: resolve and check its address, call it within its time limit with a bounded body, and
 * judge the answer. Never throws: a verdict, or a failed read with a reason (which the refresh records as "stale
 * since …", never as a status). Addresses follow the catalogue's outside-address rules (lib/catalogue/service-address.ts):
 * https to public hosts; plain http only to this machine, and only when POMS_PROBE_ALLOW_LOOPBACK=1 (the demo's and
 * the tests' mock endpoints).
 */
import { httpJson, httpText, remoteExcerpt } from "@/lib/adapters/http";
import { refuseServiceAddress } from "@/lib/catalogue/service-address";
import { z } from "zod";
import { promInstant } from "../prometheus";
import type { ProbeConfig } from "./config";
import { judgeValue, monitorNumber, monitorTime, refuseFutureClock, valueAtPath, type ProbeOutcome } from "./judge";

export type ProbeEnvironment = { baseUrl?: string; allowLoopback: boolean; now: Date };

const BODY_LIMIT = 1024 * 1024;
/** More series than this in one answer is a query that matches far too much (a missing label filter): a failed read. */
export const MAX_PROMETHEUS_SERIES = 10_000;

/** The address a probe calls, or why it may not be called. */
export function probeAddress(url: string, env: Pick<ProbeEnvironment, "baseUrl" | "allowLoopback">): { ok: true; url: string } | { ok: false; reason: string } {
  let full = url;
  if (url.startsWith("/")) {
    if (!env.baseUrl) return { ok: false, reason: "The probe's address is a path, and this server has no base address for probes (POMS_PROBE_BASE_URL)." };
    full = `${env.baseUrl.replace(/\/+$/, "")}${url}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(full);
  } catch {
    return { ok: false, reason: "The probe's address is not a valid address." };
  }
  // The rules judge the server; a probe may carry a path and a query of its own.
  const refused = refuseServiceAddress(`${parsed.protocol}//${parsed.host}${parsed.pathname}`, "The probe's address", { allowHttpLoopback: env.allowLoopback });
  if (refused) return { ok: false, reason: refused };
  if (parsed.username || parsed.password) return { ok: false, reason: "The probe's address must not contain a user name or password." };
  return { ok: true, url: parsed.toString() };
}

const failed = (reason: string): ProbeOutcome => ({ ok: false, reason });
/** The detail of a Prometheus query that matched no series (the refresh recognises it). */
export const NO_SERIES = "no data: the query matched no series";

/** Never throws: anything unexpected while probing is a failed read of this probe alone. */
export async function runProbe(config: ProbeConfig, env: ProbeEnvironment): Promise<ProbeOutcome> {
  try {
    return await probeOnce(config, env);
  } catch (err) {
    return failed(`The probe failed unexpectedly: ${remoteExcerpt(err instanceof Error ? err.message : String(err), 120)}`);
  }
}

/** The worst of the values (the highest, or the lowest when lower is worse), by a loop: no spread of a huge array. */
export function worstIndex(values: readonly number[], direction: "higherIsWorse" | "lowerIsWorse"): number {
  let worst = 0;
  for (let i = 1; i < values.length; i++) if (direction === "higherIsWorse" ? values[i] > values[worst] : values[i] < values[worst]) worst = i;
  return worst;
}

async function probeOnce(config: ProbeConfig, env: ProbeEnvironment): Promise<ProbeOutcome> {
  const address = probeAddress(config.url, env);
  if (!address.ok) return failed(address.reason);
  const req = { url: address.url, timeoutMs: config.timeoutMs, maxBytes: BODY_LIMIT };
  switch (config.type) {
    case "http": {
      const r = await httpText(req);
      // An HTTP error is an answer for this kind of probe: the service said how it is.
      const status = r.ok ? r.value.status : r.kind === "http" || r.kind === "auth" || r.kind === "not_found" ? r.status : undefined;
      if (status === undefined) return failed(r.ok ? "No status code." : r.message);
      const good = config.expect.includes(status);
      return { ok: true, verdict: good ? "GOOD" : "BAD", value: status, detail: good ? `HTTP ${status}` : `HTTP ${status} (expected ${config.expect.join(" or ")})` };
    }
    case "page": {
      // What a status page says is shown on the public status page: never its text, only a short neutral reason.
      const r = await httpText(req);
      if (!r.ok) return failed(r.kind === "http" ? `The page answered HTTP ${r.status}.` : r.message);
      if (!r.value.text.trim()) return failed("The page was empty.");
      if (new RegExp(config.pattern).test(r.value.text)) return { ok: true, verdict: "GOOD", value: null, detail: "the page says it is up" };
      if (config.degradedPattern && new RegExp(config.degradedPattern).test(r.value.text)) return { ok: true, verdict: "DEGRADED", value: null, detail: "the page says it is degraded" };
      return { ok: true, verdict: "BAD", value: null, detail: "the page does not say it is up" };
    }
    case "json": {
      const r = await httpJson(req, z.unknown());
      if (!r.ok) return failed(r.message);
      if (config.timePath) {
        const at = monitorTime(valueAtPath(r.value, config.timePath));
        if (at === null) return failed(`The answer has no time at ${config.timePath}.`);
        const ahead = refuseFutureClock(at, env.now.getTime());
        if (ahead) return ahead;
      }
      const raw = valueAtPath(r.value, config.path);
      if (raw === undefined || raw === null) return failed(`The answer has no value at ${config.path} (partial data?).`);
      const value = monitorNumber(raw);
      if (value === null) return failed(`The value at ${config.path} is not a number.`);
      return judgeValue(config, value, config.path.split(".").at(-1));
    }
    case "prometheus": {
      const r = await promInstant(address.url, config.query, { timeoutMs: config.timeoutMs });
      if (!r.ok) return failed(r.message);
      // No series: UNKNOWN here; the refresh keeps a known status and records it as a failed read (apply-probe-results).
      if (!r.value.length) return { ok: true, verdict: "UNKNOWN", value: null, detail: NO_SERIES };
      if (r.value.length > MAX_PROMETHEUS_SERIES) return failed(`The query matched ${r.value.length} series (at most ${MAX_PROMETHEUS_SERIES}): narrow it with labels.`);
      for (const s of r.value) {
        const ahead = refuseFutureClock(s.at * 1000, env.now.getTime());
        if (ahead) return ahead;
      }
      // Several series (one per pool, say): the worst one decides.
      const values = r.value.map((s) => s.value);
      const unusable = values.find((v) => !Number.isFinite(v));
      if (unusable !== undefined) return failed(`Prometheus sent no usable number (${unusable}).`);
      const series = r.value[worstIndex(values, config.direction)];
      const worst = series.value;
      const label = Object.entries(series.labels)
        .filter(([k]) => k !== "__name__" && k !== "job" && k !== "instance")
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      const judged = judgeValue(config, worst, "value");
      return judged.ok && label && r.value.length > 1 ? { ...judged, detail: `${judged.detail} [${label}]` } : judged;
    }
  }
}
