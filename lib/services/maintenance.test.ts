import { test } from "node:test";
import assert from "node:assert/strict";
import { DomainError } from "@/lib/errors";
import { checkDowntimeEditable, checkDowntimeWindow, incidentAfterUpdate } from "./maintenance";

const now = new Date("2026-11-29T10:00:00Z");
const h = (n: number) => new Date(now.getTime() + n * 3_600_000);
const refused = (f: () => void, field: string | null, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DomainError && pattern.test(e.message) && (field === null || (e.details as { field?: string })?.field === field));

test("a downtime window must be a sane stretch of time to come", () => {
  checkDowntimeWindow(h(1), h(3), now);
  checkDowntimeWindow(h(-1), h(1), now); // under way: allowed
  refused(() => checkDowntimeWindow(h(3), h(3), now), "endsAt", /after the start/);
  refused(() => checkDowntimeWindow(h(3), h(2), now), "endsAt", /after the start/);
  refused(() => checkDowntimeWindow(h(1), new Date(h(1).getTime() + 60_000), now), "endsAt", /at least 5 minutes/);
  refused(() => checkDowntimeWindow(h(1), h(1 + 15 * 24), now), "endsAt", /at most 14 days/);
  refused(() => checkDowntimeWindow(h(-5), h(-1), now), "endsAt", /already over/);
  refused(() => checkDowntimeWindow(h(400 * 24), h(400 * 24 + 2), now), "startsAt", /a year ahead/);
});

test("only scheduled downtimes still to come or under way can change", () => {
  checkDowntimeEditable({ kind: "SCHEDULED", endsAt: h(2), cancelledAt: null }, now);
  refused(() => checkDowntimeEditable({ kind: "ACTUAL", endsAt: null, cancelledAt: null }, now), null, /monitors recorded/);
  refused(() => checkDowntimeEditable({ kind: "SCHEDULED", endsAt: h(2), cancelledAt: now }, now), null, /cancelled/);
  refused(() => checkDowntimeEditable({ kind: "SCHEDULED", endsAt: h(-1), cancelledAt: null }, now), null, /over/);
});

test("resolving stamps the time once; reopening clears it", () => {
  const r = incidentAfterUpdate({ status: "MONITORING", resolvedAt: null }, "RESOLVED", now);
  assert.deepEqual(r, { status: "RESOLVED", resolvedAt: now });
  assert.equal(incidentAfterUpdate({ status: "RESOLVED", resolvedAt: h(-3) }, "RESOLVED", now).resolvedAt?.getTime(), h(-3).getTime());
  assert.deepEqual(incidentAfterUpdate({ status: "RESOLVED", resolvedAt: h(-3) }, "INVESTIGATING", now), { status: "INVESTIGATING", resolvedAt: null });
});
