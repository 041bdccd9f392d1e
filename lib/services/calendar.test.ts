import { test } from "node:test";
import assert from "node:assert/strict";
import { calendarHref, dragged, fromLocalField, instantAt, parseCalendarState, placeInDays, selectionWindow, SLOT_MS, DAY_MS, stepDate, toLocalField, viewTitle, visibleDays, visibleRange } from "./calendar";

test("the URL carries view, date and service; anything unreadable falls back", () => {
  assert.deepEqual(parseCalendarState({ view: "month", date: "2026-12-05", service: "7" }, "2026-11-29"), { view: "month", date: "2026-12-05", serviceId: 7 });
  assert.deepEqual(parseCalendarState({ view: "year", date: "2026-02-30", service: "x" }, "2026-11-29"), { view: "week", date: "2026-11-29", serviceId: null });
  assert.equal(calendarHref({ view: "week", date: "2026-11-29", serviceId: 3 }), "/services/calendar?view=week&date=2026-11-29&service=3");
  assert.equal(calendarHref({ view: "month", date: "2026-11-29", serviceId: null }), "/services/calendar?view=month&date=2026-11-29");
});

test("a week runs Monday to Sunday; a month shows six weeks from the Monday on or before the 1st", () => {
  assert.deepEqual(visibleDays("week", "2026-11-29"), ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]);
  const month = visibleDays("month", "2026-11-15");
  assert.equal(month.length, 42);
  assert.equal(month[0], "2026-10-26");
  const r = visibleRange("week", "2026-11-25");
  assert.equal(r.from.toISOString(), "2026-11-23T00:00:00.000Z");
  assert.equal(r.to.toISOString(), "2026-11-30T00:00:00.000Z");
  assert.equal(viewTitle("month", "2026-11-15"), "November 2026");
  assert.equal(viewTitle("week", "2026-11-29"), "Week of 23 Nov 2026");
});

test("stepping moves by a week or to the first of the next month (no day overflow)", () => {
  assert.equal(stepDate("week", "2026-12-29", 1), "2027-01-05");
  assert.equal(stepDate("month", "2026-01-31", 1), "2026-02-01");
  assert.equal(stepDate("month", "2026-01-15", -1), "2025-12-01");
});

test("a selection covers both cells whichever way it was dragged; slots are clamped to the grid", () => {
  const days = visibleDays("week", "2026-11-29");
  const a = instantAt(days, 2, 20); // Wed 10:00
  const b = instantAt(days, 2, 16); // Wed 08:00
  const w = selectionWindow(a, b, SLOT_MS);
  assert.equal(w.startsAt.toISOString(), "2026-11-25T08:00:00.000Z");
  assert.equal(w.endsAt.toISOString(), "2026-11-25T10:30:00.000Z");
  assert.equal(instantAt(days, 9, 99).toISOString(), "2026-11-29T23:30:00.000Z");
});

test("moving keeps the length; resizing moves the end and never below one cell", () => {
  const w = { startsAt: new Date("2026-11-25T08:00:00Z"), endsAt: new Date("2026-11-25T10:00:00Z") };
  const m = dragged("move", w, DAY_MS + 2 * SLOT_MS, SLOT_MS);
  assert.equal(m.startsAt.toISOString(), "2026-11-26T09:00:00.000Z");
  assert.equal(m.endsAt.toISOString(), "2026-11-26T11:00:00.000Z");
  assert.equal(dragged("resize", w, 2 * SLOT_MS, SLOT_MS).endsAt.toISOString(), "2026-11-25T11:00:00.000Z");
  assert.equal(dragged("resize", w, -10 * SLOT_MS, SLOT_MS).endsAt.toISOString(), "2026-11-25T08:30:00.000Z");
});

test("blocks are cut per day and overlapping ones share the column in lanes", () => {
  const days = ["2026-11-25", "2026-11-26"];
  const items = [
    { id: 1, startsAt: new Date("2026-11-25T08:00:00Z"), endsAt: new Date("2026-11-25T10:00:00Z") },
    { id: 2, startsAt: new Date("2026-11-25T09:00:00Z"), endsAt: new Date("2026-11-25T11:00:00Z") },
    { id: 3, startsAt: new Date("2026-11-25T12:00:00Z"), endsAt: new Date("2026-11-26T02:00:00Z") },
  ];
  const placed = placeInDays(items, days);
  const of = (id: number, day: string) => placed.find((p) => p.item.id === id && p.day === day)!;
  assert.deepEqual([of(1, days[0]).lane, of(1, days[0]).lanes], [0, 2]);
  assert.deepEqual([of(2, days[0]).lane, of(2, days[0]).lanes], [1, 2]);
  assert.deepEqual([of(3, days[0]).lane, of(3, days[0]).lanes, of(3, days[0]).endMin, of(3, days[0]).continuesAfter], [0, 1, 1440, true]);
  assert.deepEqual([of(3, days[1]).startMin, of(3, days[1]).endMin, of(3, days[1]).continuesBefore], [0, 120, true]);
});

test("the form's UTC fields read and write instants", () => {
  assert.equal(toLocalField(new Date("2026-11-25T08:30:00Z")), "2026-11-25T08:30");
  assert.equal(fromLocalField("2026-11-25T08:30")?.toISOString(), "2026-11-25T08:30:00.000Z");
  assert.equal(fromLocalField("25/11/2026"), null);
});

test("a date outside 2000–2100 in the address falls back to today", () => {
  assert.equal(parseCalendarState({ date: "0000-01-01" }, "2026-11-29").date, "2026-11-29");
  assert.equal(parseCalendarState({ date: "2101-01-01" }, "2026-11-29").date, "2026-11-29");
  assert.equal(parseCalendarState({ date: "2026-02-03" }, "2026-11-29").date, "2026-02-03");
});
