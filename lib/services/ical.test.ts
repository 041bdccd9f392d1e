import { test } from "node:test";
import assert from "node:assert/strict";
import { buildDowntimeCalendar, escapeText, foldLine, readEvents, unfoldLines, type FeedDowntime } from "./ical";

const base: FeedDowntime = {
  id: 7,
  serviceName: "enstore",
  serviceDisplayName: "Enstore tape",
  title: "Firmware upgrade",
  reason: "Library A; robots, drives\nand the \\ tape path",
  startsAt: new Date("2026-12-02T08:00:00Z"),
  endsAt: new Date("2026-12-02T16:00:00Z"),
  version: 3,
  cancelledAt: null,
  updatedAt: new Date("2026-11-29T10:00:00Z"),
  createdAt: new Date("2026-11-28T10:00:00Z"),
};
const opts = { uidDomain: "poms.example.org", now: new Date("2026-11-29T11:00:00Z") };

test("text values escape backslash, semicolon, comma and newlines", () => {
  assert.equal(escapeText("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
});

test("lines are folded at 75 octets, never inside a multi-byte character, and unfold to the original", () => {
  const long = `SUMMARY:${"é".repeat(60)}${"x".repeat(50)}`;
  const folded = foldLine(long);
  for (const l of folded.split("\r\n")) assert.ok(new TextEncoder().encode(l).length <= 75, `line of ${new TextEncoder().encode(l).length} octets`);
  assert.ok(folded.split("\r\n").slice(1).every((l) => l.startsWith(" ")));
  assert.equal(unfoldLines(folded + "\r\n")[0], long);
  assert.equal(foldLine("SHORT:x"), "SHORT:x");
});

test("the feed is CRLF throughout, with stable UIDs, SEQUENCE from the version and DTSTAMP", () => {
  const text = buildDowntimeCalendar([base], opts);
  assert.ok(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  assert.ok(text.endsWith("END:VCALENDAR\r\n"));
  assert.equal(text.replace(/\r\n/g, "").includes("\n"), false, "no bare LF");
  const [e] = readEvents(text);
  assert.equal(e.UID, "downtime-7@poms.example.org");
  assert.equal(e.SEQUENCE, "2");
  assert.equal(e.DTSTART, "20261202T080000Z");
  assert.equal(e.DTEND, "20261202T160000Z");
  assert.equal(e.DTSTAMP, "20261129T110000Z");
  assert.equal(e.STATUS, "CONFIRMED");
  assert.equal(e.SUMMARY, "Enstore tape: Firmware upgrade");
  assert.match(e.DESCRIPTION, /^Library A; robots, drives\nand the \\ tape path\n/);
  const again = readEvents(buildDowntimeCalendar([{ ...base, version: 4, startsAt: new Date("2026-12-03T08:00:00Z") }], opts))[0];
  assert.equal(again.UID, e.UID, "a moved downtime keeps its UID");
  assert.equal(again.SEQUENCE, "3", "and its sequence grows");
});

test("a cancelled downtime stays in the feed as CANCELLED", () => {
  const [e] = readEvents(buildDowntimeCalendar([{ ...base, cancelledAt: new Date("2026-11-29T10:30:00Z"), version: 5 }], opts));
  assert.equal(e.STATUS, "CANCELLED");
  assert.equal(e.SEQUENCE, "4");
});
