import { test } from "node:test";
import assert from "node:assert/strict";
import { parseProbeConfig } from "./config";
import { judgeValue, monitorNumber, refuseFutureClock, valueAtPath } from "./judge";

test("each probe kind parses with its defaults", () => {
  const http = parseProbeConfig({ type: "http", url: "/status/x" });
  assert.ok(http.ok && http.config.type === "http" && http.config.expect[0] === 200 && http.config.timeoutMs === 5000);
  const json = parseProbeConfig({ type: "json", url: "https://dcache.example.org/pools", path: "pools.0.fill", degradedAt: 0.8, badAt: 0.9, range: [0, 1] });
  assert.ok(json.ok && json.config.type === "json" && json.config.direction === "higherIsWorse");
  assert.ok(parseProbeConfig({ type: "prometheus", url: "/prometheus", query: 'up{job="samweb"}', direction: "lowerIsWorse", badAt: 0 }).ok);
  assert.ok(parseProbeConfig({ type: "page", url: "/page/fts", pattern: "UP" }).ok);
});

test("a bad probe configuration is a clear message, never a crash", () => {
  const cases: [unknown, RegExp][] = [
    [null, /no probe/],
    ["http://x", /type must be http, json, prometheus or page/],
    [{ type: "ping", url: "/x" }, /type must be/],
    [{ type: "http" }, /url/],
    [{ type: "http", url: "ftp://x" }, /url: must be a full http\(s\) address/],
    [{ type: "json", url: "/x", path: "a", badAt: 0.5, degradedAt: 0.9 }, /degradedAt: must not be above badAt/],
    [{ type: "json", url: "/x", path: "a", badAt: 0.5, range: [1, 0] }, /range/],
    [{ type: "page", url: "/x", pattern: "(" }, /pattern: is not a valid regular expression/],
    [{ type: "http", url: "/x", extra: 1 }, /misconfigured/],
    [{ type: "http", url: "/x", timeoutMs: 10 }, /timeoutMs/],
  ];
  for (const [raw, message] of cases) {
    const r = parseProbeConfig(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    if (!r.ok) assert.match(r.message, message, JSON.stringify(raw));
  }
});

test("thresholds: higher is worse, lower is worse; equal to a bound is on the worse side", () => {
  const fill = { direction: "higherIsWorse" as const, degradedAt: 0.8, badAt: 0.9, range: [0, 1] as [number, number], unit: "" };
  assert.deepEqual([0.5, 0.8, 0.89, 0.9, 1].map((v) => (judgeValue(fill, v) as { verdict: string }).verdict), ["GOOD", "DEGRADED", "DEGRADED", "BAD", "BAD"]);
  const live = { direction: "lowerIsWorse" as const, degradedAt: 2, badAt: 0, unit: "" };
  assert.deepEqual([3, 2, 1, 0].map((v) => (judgeValue(live, v) as { verdict: string }).verdict), ["GOOD", "DEGRADED", "DEGRADED", "BAD"]);
});

test("no number never passes a threshold: NaN, Inf and values out of range are failed reads", () => {
  const fill = { direction: "higherIsWorse" as const, badAt: 0.9, range: [0, 1] as [number, number], unit: "" };
  for (const v of [NaN, Infinity, -0.1, 250]) assert.equal(judgeValue(fill, v).ok, false, String(v));
  assert.equal(monitorNumber(null), null);
  assert.equal(monitorNumber(""), null);
  assert.equal(monitorNumber("abc"), null);
  assert.equal(monitorNumber("0.93"), 0.93);
  assert.equal(monitorNumber("+Inf"), Infinity);
  assert.ok(Number.isNaN(monitorNumber("NaN")));
});

test("values at paths, and a monitor's clock ahead of ours", () => {
  assert.equal(valueAtPath({ pools: [{ fill: 0.3 }] }, "pools.0.fill"), 0.3);
  assert.equal(valueAtPath({ pools: [] }, "pools.0.fill"), undefined);
  assert.equal(valueAtPath({ a: null }, "a.b"), undefined);
  assert.equal(valueAtPath({}, "__proto__"), undefined);
  const now = Date.UTC(2026, 10, 29);
  assert.equal(refuseFutureClock(now + 60_000, now), null);
  assert.match((refuseFutureClock(now + 3600_000, now) as { reason: string }).reason, /3600 s ahead/);
});
