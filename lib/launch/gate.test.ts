import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeGate, NO_HOLD } from "./gate";

const open = { hold: false, holdReason: "", heldAt: null };

test("the gate is open when nothing is held", () => {
  assert.deepEqual(judgeGate({ global: NO_HOLD, stage: open }), { open: true, warnings: [] });
});

test("the global hold closes it for every stage, with its reason", () => {
  const d = judgeGate({ global: { held: true, reason: "dCache maintenance", since: null, by: "ops" }, stage: open });
  assert.deepEqual(d, { open: false, reason: "All launches are on hold: dCache maintenance", serviceIds: [], warnings: [] });
});

test("a held stage closes it for that stage; the global hold is named first", () => {
  assert.deepEqual(judgeGate({ global: NO_HOLD, stage: { hold: true, holdReason: "", heldAt: new Date() } }), { open: false, reason: "This stage is on hold.", serviceIds: [], warnings: [] });
  const both = judgeGate({ global: { held: true, reason: "", since: null, by: null }, stage: { hold: true, holdReason: "x", heldAt: null } });
  assert.equal(both.open, false);
  assert.match(!both.open ? both.reason : "", /^All launches/);
});

// ─── Services ─────────────────────────────────────────────────────────────────
import type { GateService, GateDowntime } from "./gate";
import { downtimeInForce } from "./gate";

const NOW = new Date("2026-11-29T10:00:00Z");
const svc = (over: Partial<GateService> & { id: number; name: string }): GateService => ({
  status: "GOOD", statusDetail: "", statusChangedAt: new Date("2026-11-29T08:00:00Z"), staleSince: null, downtimes: [], ...over,
});
const window = (startsAt: string, endsAt: string, over: Partial<GateDowntime> = {}): GateDowntime => ({
  title: "dCache upgrade", startsAt: new Date(startsAt), endsAt: new Date(endsAt), cancelledAt: null, onServiceName: "dcache", ...over,
});
const judge = (needed: GateService[], enabled = true) => judgeGate({ global: NO_HOLD, stage: open, services: { enabled, needed }, now: NOW });

test("good services leave the gate open without warnings", () => {
  assert.deepEqual(judge([svc({ id: 1, name: "sam" }), svc({ id: 2, name: "dcache" })]), { open: true, warnings: [] });
});

test("a bad needed service holds the launch, naming it, why and since when", () => {
  const d = judge([svc({ id: 7, name: "dcache-pool-dune", status: "BAD", statusDetail: "HTTP 503" })]);
  assert.equal(d.open, false);
  if (d.open) return;
  assert.deepEqual(d.serviceIds, [7]);
  assert.equal(d.reason, "Needed service unavailable: dcache-pool-dune is down since 2026-11-29 08:00 UTC: HTTP 503");
});

test("a scheduled downtime holds from its start (inclusive) to its end (exclusive)", () => {
  const s = (startsAt: string, endsAt: string) => svc({ id: 3, name: "dcache", downtimes: [window(startsAt, endsAt)] });
  const starting = judge([s("2026-11-29T10:00:00Z", "2026-11-29T12:00:00Z")]);
  assert.equal(starting.open, false);
  assert.match(!starting.open ? starting.reason : "", /dcache is in scheduled maintenance until 2026-11-29 12:00 UTC: dCache upgrade/);
  assert.equal(judge([s("2026-11-29T08:00:00Z", "2026-11-29T10:00:00Z")]).open, true, "ends exactly now: over");
  assert.equal(judge([s("2026-11-29T10:00:01Z", "2026-11-29T12:00:00Z")]).open, true, "not started yet");
  assert.equal(judge([s("2026-11-29T09:59:59Z", "2026-11-29T10:00:01Z")]).open, false, "one second left");
});

test("a cancelled downtime does not hold; a downtime of a group above the service names that group", () => {
  const cancelled = svc({ id: 3, name: "dcache", downtimes: [window("2026-11-29T09:00:00Z", "2026-11-29T11:00:00Z", { cancelledAt: new Date("2026-11-29T08:00:00Z") })] });
  assert.equal(judge([cancelled]).open, true);
  const underGroup = svc({ id: 4, name: "dcache-pool-dune", downtimes: [window("2026-11-29T09:00:00Z", "2026-11-29T11:00:00Z", { onServiceName: "Storage", title: "" })] });
  const d = judge([underGroup]);
  assert.equal(!d.open && d.reason, "Needed service unavailable: dcache-pool-dune is in scheduled maintenance (maintenance of Storage) until 2026-11-29 11:00 UTC");
});

test("unknown, degraded and a failing probe warn but never hold", () => {
  const d = judge([
    svc({ id: 1, name: "sam", status: "UNKNOWN" }),
    svc({ id: 2, name: "fts", status: "DEGRADED", statusDetail: "slow transfers" }),
    svc({ id: 3, name: "ifdh", staleSince: new Date("2026-11-29T09:30:00Z") }),
  ]);
  assert.equal(d.open, true);
  assert.deepEqual(d.warnings, [
    "fts is degraded: slow transfers.",
    "ifdh's monitor has not answered since 2026-11-29 09:30 UTC; its last known state is good.",
    "sam's state is not known yet.",
  ]);
});

test("a stale service whose last known state is bad still holds, and warns that its monitor is silent", () => {
  const d = judge([svc({ id: 9, name: "sam", status: "BAD", staleSince: new Date("2026-11-29T09:30:00Z") })]);
  assert.equal(d.open, false);
  assert.equal(d.warnings.length, 1);
});

test("with service gating off nothing is held by services, but bad ones are still said", () => {
  const d = judge([svc({ id: 7, name: "dcache", status: "BAD" }), svc({ id: 8, name: "sam", downtimes: [window("2026-11-29T09:00:00Z", "2026-11-29T11:00:00Z")] })], false);
  assert.equal(d.open, true);
  assert.equal(d.warnings.length, 2);
  assert.match(d.warnings[0], /dcache is down since .*service gating is off/);
});

test("several services: every one that holds is named, each once, in name order", () => {
  const bad = svc({ id: 2, name: "sam", status: "BAD" });
  const d = judge([bad, svc({ id: 1, name: "dcache", status: "BAD", statusDetail: "pool offline" }), svc({ id: 3, name: "fts" }), bad]);
  assert.equal(d.open, false);
  if (d.open) return;
  assert.deepEqual(d.serviceIds, [1, 2]);
  assert.match(d.reason, /^Needed services unavailable: dcache is down .*: pool offline; sam is down since/);
});

test("the holds come before the services: the global hold is named, with no service ids", () => {
  const d = judgeGate({ global: { held: true, reason: "x", since: null, by: null }, stage: open, services: { enabled: true, needed: [svc({ id: 1, name: "sam", status: "BAD" })] }, now: NOW });
  assert.equal(!d.open && d.serviceIds.length, 0);
});

test("downtimeInForce picks the one ending first among overlapping windows", () => {
  const a = window("2026-11-29T09:00:00Z", "2026-11-29T13:00:00Z", { title: "long" });
  const b = window("2026-11-29T09:30:00Z", "2026-11-29T11:00:00Z", { title: "short" });
  assert.equal(downtimeInForce([a, b], NOW)?.title, "short");
  assert.equal(downtimeInForce([], NOW), null);
});
