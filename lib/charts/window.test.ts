import { test } from "node:test";
import assert from "node:assert/strict";
import { DomainError } from "@/lib/errors";
import { bucketStarts, parseChartWindow, windowQuery } from "./window";

const now = new Date("2026-11-29T10:17:42Z");

test("presets end with the bucket in progress: hours up to 7 days, days beyond", () => {
  const day = parseChartWindow({ window: "24h" }, now);
  assert.equal(day.bucket, "hour");
  assert.equal(day.to.toISOString(), "2026-11-29T11:00:00.000Z");
  assert.equal(day.from.toISOString(), "2026-11-28T11:00:00.000Z");
  assert.equal(bucketStarts(day).length, 24);

  const week = parseChartWindow({}, now);
  assert.equal(week.name, "7d");
  assert.equal(week.bucket, "hour");
  assert.equal(bucketStarts(week).length, 168);

  const month = parseChartWindow({ window: "30d" }, now);
  assert.equal(month.bucket, "day");
  assert.equal(month.to.toISOString(), "2026-11-30T00:00:00.000Z");
  const starts = bucketStarts(month);
  assert.equal(starts.length, 30);
  assert.equal(new Date(starts[0]).toISOString(), "2026-10-31T00:00:00.000Z");
  assert.equal(new Date(starts[29]).toISOString(), "2026-11-29T00:00:00.000Z");
});

test("a custom window: whole days, to inclusive; hours when short, days when long", () => {
  const w = parseChartWindow({ window: "custom", from: "2026-11-01", to: "2026-11-10" }, now);
  assert.equal(w.bucket, "day");
  assert.equal(w.from.toISOString(), "2026-11-01T00:00:00.000Z");
  assert.equal(w.to.toISOString(), "2026-11-11T00:00:00.000Z");
  assert.equal(bucketStarts(w).length, 10);

  const short = parseChartWindow({ window: "custom", from: "2026-11-20T06:30Z", to: "2026-11-21T06:00" }, now);
  assert.equal(short.bucket, "hour");
  assert.equal(short.from.toISOString(), "2026-11-20T06:00:00.000Z");
  assert.equal(short.to.toISOString(), "2026-11-21T06:00:00.000Z");
  assert.equal(bucketStarts(short).length, 24);
});

test("bad windows are refused with words a person can act on", () => {
  const refuse = (fields: Record<string, string>, message: RegExp) =>
    assert.throws(() => parseChartWindow(fields, now), (e: unknown) => e instanceof DomainError && e.status === 400 && message.test(e.message));
  refuse({ window: "1y" }, /must be one of 24h, 7d, 30d, custom/);
  refuse({ window: "custom", from: "2026-11-01" }, /needs both "from" and "to"/);
  refuse({ window: "custom", from: "yesterday", to: "2026-11-02" }, /"from" must be a date/);
  refuse({ window: "custom", from: "2026-02-30", to: "2026-03-02" }, /"from" is not a real date/);
  refuse({ window: "custom", from: "2026-11-10", to: "2026-11-01" }, /"from" must be before "to"/);
  refuse({ window: "custom", from: "2020-01-01", to: "2026-01-01" }, /at most 400 days/);
  refuse({ window: "custom", from: "2026-11-01'; DROP TABLE", to: "2026-11-02" }, /"from" must be a date/);
});

test("the window's query string round-trips", () => {
  const w = parseChartWindow({ window: "custom", from: "2026-11-01", to: "2026-11-03" }, now);
  const q = new URLSearchParams(windowQuery(w));
  const again = parseChartWindow(Object.fromEntries(q), now);
  assert.deepEqual([again.from, again.to, again.bucket], [w.from, w.to, w.bucket]);
  assert.equal(windowQuery({ name: "30d" }), "window=30d");
});

test("years outside 2000–2100 are refused in words, never handed to PostgreSQL (year 0 is no timestamp there)", () => {
  const now = new Date("2026-11-29T10:00:00Z");
  for (const [from, to] of [["0000-01-01", "0000-02-01"], ["1999-12-01", "2000-01-02"], ["2100-12-01", "2101-01-02"]])
    assert.throws(() => parseChartWindow({ window: "custom", from, to }, now), (e: unknown) => e instanceof DomainError && /between the years 2000 and 2100/.test(e.message));
});
