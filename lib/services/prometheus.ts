/**
 * The Prometheus HTTP API client (FIFEmon is Prometheus + Grafana): instant and range queries. Never throws; a
 * failure is an AdapterFailure. Values arrive as strings and are parsed here ("NaN", "+Inf" included); an empty
 * result is a success with no series (the caller decides: a probe reads it as UNKNOWN, never as 0).
 * Tested against a real Prometheus (prometheus.prom.test.ts, scripts/prometheus/up.sh).
 */
import { z } from "zod";
import { httpJson, httpText } from "@/lib/adapters/http";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import { monitorNumber } from "./probes/judge";

export type PromSample = { labels: Record<string, string>; at: number; value: number };
export type PromSeries = { labels: Record<string, string>; points: { at: number; value: number }[] };

const point = z.tuple([z.number(), z.string()]);
const success_ = <T extends z.ZodTypeAny>(data: T) => z.object({ status: z.literal("success"), data, warnings: z.array(z.string()).optional() });
const vectorAnswer = success_(
  z.discriminatedUnion("resultType", [
    z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: point })) }),
    z.object({ resultType: z.literal("scalar"), result: point }),
  ]),
);
const matrixAnswer = success_(z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(point) })) }));

export type PromOptions = { timeoutMs?: number; maxBytes?: number };

const base = (url: string) => url.replace(/\/+$/, "");
const number = (s: string) => monitorNumber(s) ?? NaN;

/** Prometheus answers errors as JSON ({"status":"error","errorType":"bad_data","error":"…"}): say what it said. */
function explainError<T>(fallback: AdapterResult<T>): AdapterResult<T> {
  if (fallback.ok || fallback.kind !== "http" || !fallback.status || fallback.status >= 500) return fallback;
  // The message holds a bounded excerpt of the body, which may cut the error text short.
  const m = /"error":"((?:[^"\\]|\\.)*)/.exec(fallback.message);
  if (m) return failure("http", `Prometheus refused the query: ${m[1].replace(/\\"/g, '"')}`, fallback.status);
  return fallback;
}

/** GET /api/v1/query: the value of `query` now (or at `at`, unix seconds). */
export async function promInstant(prometheusUrl: string, query: string, opts: PromOptions & { at?: number } = {}): Promise<AdapterResult<PromSample[]>> {
  const q = new URLSearchParams({ query });
  if (opts.at !== undefined) q.set("time", String(opts.at));
  const url = `${base(prometheusUrl)}/api/v1/query?${q}`;
  const r = await httpJson({ url, timeoutMs: opts.timeoutMs ?? 5000, maxBytes: opts.maxBytes ?? 4 * 1024 * 1024 }, vectorAnswer);
  if (!r.ok) return explainError(r);
  const data = r.value.data;
  if (data.resultType === "scalar") return success([{ labels: {}, at: data.result[0], value: number(data.result[1]) }]);
  return success(data.result.map((s) => ({ labels: s.metric, at: s.value[0], value: number(s.value[1]) })));
}

/** GET /api/v1/query_range: the values of `query` from `start` to `end` (unix seconds) every `stepS` seconds. */
export async function promRange(prometheusUrl: string, query: string, range: { start: number; end: number; stepS: number }, opts: PromOptions = {}): Promise<AdapterResult<PromSeries[]>> {
  const q = new URLSearchParams({ query, start: String(range.start), end: String(range.end), step: String(range.stepS) });
  const url = `${base(prometheusUrl)}/api/v1/query_range?${q}`;
  const r = await httpJson({ url, timeoutMs: opts.timeoutMs ?? 5000, maxBytes: opts.maxBytes ?? 8 * 1024 * 1024 }, matrixAnswer);
  if (!r.ok) return explainError(r);
  return success(r.value.data.result.map((s) => ({ labels: s.metric, points: s.values.map(([at, v]) => ({ at, value: number(v) })) })));
}

/** GET /-/ready: whether the server is up and ready to answer queries. */
export async function promReady(prometheusUrl: string, timeoutMs = 2000): Promise<boolean> {
  const r = await httpText({ url: `${base(prometheusUrl)}/-/ready`, timeoutMs, maxBytes: 4096 });
  return r.ok;
}
