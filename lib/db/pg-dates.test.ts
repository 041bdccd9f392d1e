import test from "node:test";
import assert from "node:assert/strict";
import { utcDate } from "./pg-dates";

test("PostgreSQL's dates and timestamps read as UTC whatever the process's time zone", () => {
  const cases: [string, string][] = [
    ["2026-11-29", "2026-11-29T00:00:00.000Z"],
    ["2026-11-29 16:31:03", "2026-11-29T16:31:03.000Z"],
    ["2026-11-29 16:31:03.1", "2026-11-29T16:31:03.100Z"],
    ["2026-11-29 16:31:03.12", "2026-11-29T16:31:03.120Z"],
    ["2026-11-29 16:31:03.123", "2026-11-29T16:31:03.123Z"],
    ["2026-11-29 16:31:03.123456", "2026-11-29T16:31:03.123Z"],
    ["0099-01-01 00:00:00", "0099-01-01T00:00:00.000Z"],
  ];
  for (const [text, iso] of cases) assert.equal(utcDate(text).toISOString(), iso, text);
});
