import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchedule, formatInZone, nextRunAfter, readTimeZone } from "./cron";

const NOW = new Date("2026-11-29T07:00:00Z");

test("the next run is read in the schedule's zone, across daylight saving", () => {
  const rome = checkSchedule("0 3 * * *", "Europe/Rome", NOW);
  assert.ok(rome.ok);
  if (rome.ok) assert.equal(rome.nextRun.toISOString(), "2026-11-30T02:00:00.000Z", "03:00 in Rome is 02:00 UTC in winter");
  const chicago = checkSchedule("0  3 * * *", "America/Chicago", NOW);
  assert.ok(chicago.ok && chicago.cronExpression === "0 3 * * *", "spaces collapse");
  if (chicago.ok) assert.equal(chicago.nextRun.toISOString(), "2026-11-29T09:00:00.000Z", "01:00 in Chicago now: today at 03:00");
  // Summer time: 03:00 in Rome is 01:00 UTC.
  assert.equal(nextRunAfter("0 3 * * *", "Europe/Rome", new Date("2026-07-01T12:00:00Z"))?.toISOString(), "2026-07-02T01:00:00.000Z");
  assert.equal(formatInZone(new Date("2026-11-30T02:00:00Z"), "Europe/Rome"), "Mon, 30 Nov 2026, 03:00 Europe/Rome");
});

test("bad expressions and unknown zones get messages that say what to write", () => {
  const bad = checkSchedule("every night", "UTC", NOW);
  assert.deepEqual(bad.ok ? null : bad.field, "cronExpression");
  if (!bad.ok) assert.match(bad.message, /2 fields.*Five fields/);
  const range = checkSchedule("61 * * * *", "UTC", NOW);
  if (range.ok) assert.fail("61 minutes accepted");
  assert.match(range.message, /minute/);
  const seconds = checkSchedule("* * * * * *", "UTC", NOW);
  assert.ok(!seconds.ok, "seconds are refused");
  const never = checkSchedule("0 0 30 2 *", "UTC", NOW);
  if (never.ok) assert.fail("never runs");
  assert.match(never.message, /never runs/);
  const zone = checkSchedule("0 3 * * *", "Mars/Olympus_Mons", NOW);
  if (zone.ok) assert.fail("unknown zone");
  assert.equal(zone.field, "timeZone");
  assert.match(zone.message, /not a time zone/);
  assert.ok(checkSchedule("@daily", "utc", NOW).ok);
  assert.ok(!checkSchedule("@sometimes", "UTC", NOW).ok);
  assert.equal(readTimeZone("utc"), "UTC");
  assert.equal(readTimeZone(""), null);
});
