import { test } from "node:test";
import assert from "node:assert/strict";
import { DomainError } from "@/lib/errors";
import { calendarQuery, historyWindow, parseWhen } from "./window";

const now = new Date("2026-11-29T10:00:00Z"); // a Sunday

test("dates and instants are read; anything else is a 400 naming the field", () => {
  assert.equal(parseWhen("2026-11-29", "from")?.toISOString(), "2026-11-29T00:00:00.000Z");
  assert.equal(parseWhen("2026-11-29T08:00+01:00", "from")?.toISOString(), "2026-11-29T07:00:00.000Z");
  assert.equal(parseWhen(undefined, "from"), undefined);
  for (const bad of ["2026-02-30", "yesterday", "2026-11-29T08:00", "1e12", "9999-01-01"]) {
    assert.throws(() => parseWhen(bad, "from"), (e: unknown) => e instanceof DomainError && e.status === 400 && (e.details as { field: string }).field === "from", bad);
  }
});

test("a history window defaults to the last 30 days and is bounded", () => {
  const w = historyWindow({}, now);
  assert.equal(w.to.getTime(), now.getTime());
  assert.equal(now.getTime() - w.from.getTime(), 30 * 86_400_000);
  assert.throws(() => historyWindow({ from: "2026-11-29", to: "2026-11-28" }, now), /after from/);
  assert.throws(() => historyWindow({ from: "2024-01-01", to: "2026-01-01" }, now), /at most 400 days/);
  assert.equal(historyWindow({ days: "7" }, now).from.toISOString(), "2026-11-22T10:00:00.000Z");
  for (const bad of ["0", "401", "7.5", "-1", "07"]) assert.throws(() => historyWindow({ days: bad }, now), /days must be/, bad);
});

test("the calendar defaults to this ISO week, scheduled only, and reads its filters", () => {
  const q = calendarQuery({}, now);
  assert.equal(q.from.toISOString(), "2026-11-23T00:00:00.000Z");
  assert.equal(q.to.toISOString(), "2026-11-30T00:00:00.000Z");
  assert.deepEqual(q.kinds, ["SCHEDULED"]);
  const f = calendarQuery({ from: "2026-11-01", to: "2026-12-07", service: "3,4", kind: "all", cancelled: "1" }, now);
  assert.deepEqual(f.serviceIds, [3, 4]);
  assert.deepEqual(f.kinds, ["ACTUAL", "SCHEDULED"]);
  assert.equal(f.includeCancelled, true);
  assert.throws(() => calendarQuery({ service: "3;DROP" }, now), /service ids/);
  assert.throws(() => calendarQuery({ kind: "both" }, now), /kind must be/);
  assert.throws(() => calendarQuery({ from: "2026-01-01", to: "2026-12-01" }, now), /at most 100 days/);
});
