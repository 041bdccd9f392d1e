import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFailureWindow, windowEnding } from "./failure-window";

test("the window in the address: known values kept, anything else the default week", () => {
  assert.equal(parseFailureWindow("30d"), "30d");
  assert.equal(parseFailureWindow(["1d", "90d"]), "1d");
  for (const bad of [undefined, "", "7", "365d", "-1d", "1d; drop"]) assert.equal(parseFailureWindow(bad), "7d");
});

test("a window ends now and reaches back its number of days", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  assert.deepEqual(windowEnding("1d", now), { from: new Date("2026-11-28T12:00:00Z"), to: new Date(now) });
  assert.equal(windowEnding("90d", now).from.toISOString(), "2026-08-31T12:00:00.000Z");
});
