import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketDays, clipToUtcDays, dayBand, dayRange, describeDay, overallUpShare, unionMs } from "./availability";

const at = (s: string) => new Date(s);
const HOUR = 3_600_000;

test("the range is the last N UTC days ending today, oldest first", () => {
  assert.deepEqual(dayRange(3, at("2026-11-29T00:30:00Z")), ["2026-11-27", "2026-11-28", "2026-11-29"]);
  assert.equal(dayRange(90, at("2026-11-29T23:59:59Z")).length, 90);
  assert.equal(dayRange(90, at("2026-11-29T23:59:59Z"))[0], "2026-09-01");
});

test("a downtime crossing midnight UTC is cut at the day boundary", () => {
  const now = at("2026-11-29T12:00:00Z");
  const pieces = clipToUtcDays([{ kind: "ACTUAL", startsAt: at("2026-11-27T22:00:00Z"), endsAt: at("2026-11-28T02:00:00Z") }], at("2026-11-27T00:00:00Z"), now);
  assert.deepEqual(pieces.map((p) => [p.day, p.endsAt.getTime() - p.startsAt.getTime()]), [["2026-11-27", 2 * HOUR], ["2026-11-28", 2 * HOUR]]);
  const b = bucketDays(pieces, ["2026-11-27", "2026-11-28"], now);
  assert.equal(b[0].downMinutes, 120);
  assert.ok(Math.abs(b[0].upShare! - 22 / 24) < 1e-9);
  assert.ok(Math.abs(b[1].upShare! - 22 / 24) < 1e-9);
});

test("overlapping downtimes count their common time once", () => {
  const now = at("2026-11-29T12:00:00Z");
  const pieces = clipToUtcDays(
    [
      { kind: "ACTUAL", startsAt: at("2026-11-28T01:00:00Z"), endsAt: at("2026-11-28T04:00:00Z") },
      { kind: "ACTUAL", startsAt: at("2026-11-28T03:00:00Z"), endsAt: at("2026-11-28T05:00:00Z") },
      { kind: "ACTUAL", startsAt: at("2026-11-28T02:00:00Z"), endsAt: at("2026-11-28T02:30:00Z") },
    ],
    at("2026-11-28T00:00:00Z"),
    now,
  );
  const [b] = bucketDays(pieces, ["2026-11-28"], now);
  assert.equal(b.downMinutes, 240);
  assert.equal(unionMs([{ startsAt: at("2026-01-01T00:00:00Z"), endsAt: at("2026-01-01T01:00:00Z") }, { startsAt: at("2026-01-01T01:00:00Z"), endsAt: at("2026-01-01T02:00:00Z") }]), 2 * HOUR);
});

test("an open downtime runs to now, and today counts only the time so far", () => {
  const now = at("2026-11-29T12:00:00Z");
  const pieces = clipToUtcDays([{ kind: "ACTUAL", startsAt: at("2026-11-29T06:00:00Z"), endsAt: null }], at("2026-11-28T00:00:00Z"), now);
  const [yesterday, today] = bucketDays(pieces, ["2026-11-28", "2026-11-29"], now);
  assert.equal(yesterday.upShare, 1);
  assert.equal(yesterday.downMinutes, 0);
  assert.equal(today.downMinutes, 360);
  assert.equal(today.upShare, 0.5, "6 h down of the 12 h so far");
});

test("scheduled maintenance marks the day but is not counted as down; days before the service existed have no data", () => {
  const now = at("2026-11-29T12:00:00Z");
  const pieces = clipToUtcDays([{ kind: "SCHEDULED", startsAt: at("2026-11-28T08:00:00Z"), endsAt: at("2026-11-28T10:00:00Z") }], at("2026-11-26T00:00:00Z"), now);
  const b = bucketDays(pieces, ["2026-11-26", "2026-11-27", "2026-11-28"], now, at("2026-11-27T12:00:00Z"));
  assert.equal(b[0].upShare, null);
  assert.equal(dayBand(b[0]), "none");
  assert.equal(b[1].upShare, 1);
  assert.equal(b[2].scheduled, true);
  assert.equal(b[2].upShare, 1);
  assert.match(describeDay(b[2]), /scheduled maintenance/);
});

test("the overall share weights days by counted time and bands say how bad a day was", () => {
  const now = at("2026-11-29T12:00:00Z");
  const pieces = clipToUtcDays([{ kind: "ACTUAL", startsAt: at("2026-11-28T00:00:00Z"), endsAt: at("2026-11-28T12:00:00Z") }], at("2026-11-28T00:00:00Z"), now);
  const b = bucketDays(pieces, ["2026-11-28", "2026-11-29"], now);
  assert.ok(Math.abs(overallUpShare(b, now)! - (1 - 12 / 36)) < 1e-9);
  assert.equal(dayBand(b[0]), "major");
  assert.equal(dayBand(b[1]), "up");
  const minor = bucketDays(clipToUtcDays([{ kind: "ACTUAL", startsAt: at("2026-11-28T00:00:00Z"), endsAt: at("2026-11-28T00:30:00Z") }], at("2026-11-28T00:00:00Z"), now), ["2026-11-28"], now);
  assert.equal(dayBand(minor[0]), "minor");
  assert.match(describeDay(minor[0]), /down 30 min/);
});
