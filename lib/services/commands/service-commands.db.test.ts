import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { loadActor } from "@/lib/people/actor";
import { createDowntimeInput, createIncidentInput, editDowntimeInput, postIncidentUpdateInput } from "./input";
import { createScheduledDowntime } from "./create-scheduled-downtime";
import { editScheduledDowntime } from "./edit-scheduled-downtime";
import { cancelScheduledDowntime } from "./cancel-scheduled-downtime";
import { createIncident } from "./create-incident";
import { postIncidentUpdate } from "./post-incident-update";
import { setServiceWatch } from "./watch-service";
import { availabilityByService, downtimesIn, feedDowntimes, incidentDetail, listIncidents, listServices, upcomingMaintenance } from "../queries";

const HOUR = 3_600_000;
const actor = async (username: string) => {
  const p = await db.person.findUniqueOrThrow({ where: { username } });
  return (await loadActor(p.id))!;
};
const anyService = async (name?: string) => db.service.findFirstOrThrow({ where: { active: true, ...(name ? { name } : { probe: { not: undefined } }) }, orderBy: { id: "asc" } });
const refusedWith = (code: string, pattern?: RegExp) => (e: unknown) => e instanceof DomainError && e.code === code && (!pattern || pattern.test(e.message));
const base = Math.ceil(Date.now() / HOUR) * HOUR; // whole hours, so lengths compare exactly
const later = (h: number) => new Date(base + h * HOUR).toISOString();

test("OPOS schedules, moves, resizes and cancels a downtime; each change is audited with its version", async () => {
  const olga = await actor("olga");
  const svc = await anyService();
  const created = await createScheduledDowntime(olga, createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(24), endsAt: later(26), title: "Kernel update", reason: "Security fix" }));
  assert.equal(created.version, 1);
  assert.equal(created.kind, "SCHEDULED");
  assert.equal(created.createdById, olga.id);

  const moved = await editScheduledDowntime(olga, created.id, editDowntimeInput.parse({ version: 1, startsAt: later(48), endsAt: later(50) }));
  assert.equal(moved.version, 2);
  const resized = await editScheduledDowntime(olga, created.id, editDowntimeInput.parse({ version: 2, endsAt: later(52) }));
  assert.equal(resized.version, 3);
  assert.equal(resized.endsAt!.getTime() - resized.startsAt.getTime(), 4 * HOUR);
  const unchanged = await editScheduledDowntime(olga, created.id, editDowntimeInput.parse({ version: 3, title: "Kernel update" }));
  assert.equal(unchanged.version, 3, "an edit that changes nothing writes nothing");

  const upcoming = await upcomingMaintenance(new Date(), 30);
  assert.ok(upcoming.some((d) => d.id === created.id && d.title === "Kernel update"));

  const cancelled = await cancelScheduledDowntime(olga, created.id, 3);
  assert.ok(cancelled.cancelledAt);
  assert.equal(cancelled.version, 4);
  assert.equal((await upcomingMaintenance(new Date(), 30)).some((d) => d.id === created.id), false, "cancelled maintenance is not upcoming");
  const feed = await feedDowntimes();
  assert.ok(feed.some((d) => d.id === created.id && d.cancelledAt), "the feed keeps it, as cancelled");

  const audit = await db.auditEvent.findMany({ where: { entityType: "ServiceDowntime", entityId: String(created.id) }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => a.action), ["downtime.scheduled", "downtime.moved", "downtime.resized", "downtime.cancelled"]);
  assert.ok(audit.every((a) => a.actorId === olga.id));
  assert.deepEqual(audit.map((a) => (a.data as { version: number }).version), [1, 2, 3, 4]);
});

test("a stale version is refused with who changed it and nothing is saved", async () => {
  const olga = await actor("olga");
  const oscar = await actor("oscar");
  const svc = await anyService();
  const d = await createScheduledDowntime(olga, createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(30), endsAt: later(31), title: "Reboot", reason: "" }));
  await editScheduledDowntime(oscar, d.id, editDowntimeInput.parse({ version: 1, title: "Reboot of the head node" }));
  await assert.rejects(
    editScheduledDowntime(olga, d.id, editDowntimeInput.parse({ version: 1, startsAt: later(40), endsAt: later(41) })),
    (e: unknown) => refusedWith("stale", /Oscar|oscar|changed this scheduled downtime/)(e) && (e as DomainError).status === 409,
  );
  await assert.rejects(cancelScheduledDowntime(olga, d.id, 1), refusedWith("stale"));
  const row = await db.serviceDowntime.findUniqueOrThrow({ where: { id: d.id } });
  assert.equal(row.version, 2);
  assert.equal(row.cancelledAt, null);
  assert.equal(row.title, "Reboot of the head node");
});

test("bad windows, unknown services and people who are not OPOS change nothing", async () => {
  const olga = await actor("olga");
  const svc = await anyService();
  const before = await db.serviceDowntime.count();
  await assert.rejects(createScheduledDowntime(olga, createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(5), endsAt: later(4), title: "x", reason: "" })), refusedWith("invalid_input", /after the start/));
  await assert.rejects(createScheduledDowntime(olga, createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(-5), endsAt: later(-4), title: "x", reason: "" })), refusedWith("invalid_input", /already over/));
  await assert.rejects(createScheduledDowntime(olga, createDowntimeInput.parse({ serviceId: 2_000_000_000, startsAt: later(5), endsAt: later(6), title: "x", reason: "" })), refusedWith("invalid_input", /no such service/));
  assert.throws(() => createDowntimeInput.parse({ serviceId: svc.id, startsAt: "tomorrow", endsAt: later(6), title: "x", reason: "" }), /date and time/);
  assert.throws(() => createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(5), endsAt: later(6), title: "x", reason: "", extra: 1 }), /extra/);
  const coordinator = await db.person.findFirstOrThrow({ where: { memberships: { some: { role: "COORDINATOR" } }, globalRoles: { isEmpty: true } } });
  const notOpos = (await loadActor(coordinator.id))!;
  await assert.rejects(createScheduledDowntime(notOpos, createDowntimeInput.parse({ serviceId: svc.id, startsAt: later(5), endsAt: later(6), title: "x", reason: "" })), refusedWith("forbidden", /OPOS/));
  assert.equal(await db.serviceDowntime.count(), before);
  const actual = await db.serviceDowntime.findFirst({ where: { kind: "ACTUAL" } });
  if (actual) await assert.rejects(editScheduledDowntime(olga, actual.id, editDowntimeInput.parse({ version: actual.version, title: "x" })), refusedWith("not_found"));
});

test("an incident opens with its first update; updates move its status, resolving stamps the time, stale posts are refused", async () => {
  const olga = await actor("olga");
  const oscar = await actor("oscar");
  const [a, b] = await db.service.findMany({ where: { active: true }, orderBy: { id: "asc" }, take: 2 });
  const incident = await createIncident(olga, createIncidentInput.parse({ title: "Slow transfers", impact: "MAJOR", serviceIds: [a.id, b.id, a.id], message: "Transfers are slow; looking into it." }));
  assert.equal(incident.status, "INVESTIGATING");
  assert.equal(incident.version, 1);
  const r1 = await postIncidentUpdate(olga, incident.id, postIncidentUpdateInput.parse({ version: 1, status: "IDENTIFIED", message: "A full pool." }));
  assert.equal(r1.incident.status, "IDENTIFIED");
  await assert.rejects(postIncidentUpdate(oscar, incident.id, postIncidentUpdateInput.parse({ version: 1, status: "RESOLVED", message: "Done?" })), refusedWith("stale"));
  const r2 = await postIncidentUpdate(oscar, incident.id, postIncidentUpdateInput.parse({ version: 2, status: "RESOLVED", message: "Pool cleaned." }));
  assert.ok(r2.incident.resolvedAt);
  const detail = await incidentDetail(incident.id);
  assert.deepEqual(detail.updates.map((u) => u.status), ["RESOLVED", "IDENTIFIED", "INVESTIGATING"]);
  assert.equal(detail.updates[0].by, oscar.name);
  assert.deepEqual(detail.services.map((s) => s.id).sort((x, y) => x - y), [a.id, b.id]);
  assert.equal((await listIncidents("open")).some((i) => i.id === incident.id), false);
  assert.ok((await listIncidents("resolved", { serviceId: a.id })).some((i) => i.id === incident.id));
  const reopened = await postIncidentUpdate(olga, incident.id, postIncidentUpdateInput.parse({ version: 3, status: "MONITORING", message: "It came back." }));
  assert.equal(reopened.incident.resolvedAt, null);
  const audit = await db.auditEvent.findMany({ where: { entityType: "Incident", entityId: String(incident.id) }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((x) => x.action), ["incident.opened", "incident.updated", "incident.resolved", "incident.reopened"]);
  await assert.rejects(createIncident(olga, createIncidentInput.parse({ title: "x", serviceIds: [2_000_000_000], message: "m" })), refusedWith("invalid_input", /no service/));
  assert.throws(() => createIncidentInput.parse({ title: "x", serviceIds: [], message: "m" }), /at least one/);
  assert.throws(() => postIncidentUpdateInput.parse({ version: 1, status: "FIXED", message: "m" }), /status must be/);
});

test("anyone signed in may watch and unwatch a service, idempotently, audited once per change", async () => {
  const ned = await actor("ned");
  const svc = await anyService();
  await db.watch.deleteMany({ where: { personId: ned.id, serviceId: svc.id } });
  const audited = () => db.auditEvent.count({ where: { entityType: "Service", entityId: String(svc.id), actorId: ned.id } });
  const auditedBefore = await audited();
  const [w1, w2] = await Promise.all([setServiceWatch(ned, svc.id, true), setServiceWatch(ned, svc.id, true)]);
  assert.deepEqual([w1.changed, w2.changed].sort(), [false, true]);
  assert.equal(await db.watch.count({ where: { personId: ned.id, serviceId: svc.id } }), 1, "two clicks at once make one watch");
  assert.ok((await listServices(ned.id)).find((s) => s.id === svc.id)?.watching);
  assert.deepEqual(await setServiceWatch(ned, svc.id, false), { watching: false, changed: true });
  assert.deepEqual(await setServiceWatch(ned, svc.id, false), { watching: false, changed: false });
  await assert.rejects(setServiceWatch(ned, 2_000_000_000, true), refusedWith("not_found"));
  assert.equal((await audited()) - auditedBefore, 2);
});

test("availability in SQL matches the pure bucketing: an outage across midnight, overlaps counted once, an open one to now", async () => {
  const svc = await db.service.create({ data: { name: `avail-${Date.now()}`, displayName: "Availability probe", kind: "STORAGE", createdAt: new Date(Date.now() - 10 * 86_400_000) } });
  const now = new Date();
  const midnight = new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  const y = midnight.getTime() - 86_400_000; // yesterday 00:00
  await db.serviceDowntime.createMany({
    data: [
      { serviceId: svc.id, kind: "ACTUAL", startsAt: new Date(y - 2 * HOUR), endsAt: new Date(y + 2 * HOUR) }, // 22:00 → 02:00
      { serviceId: svc.id, kind: "ACTUAL", startsAt: new Date(y + 1 * HOUR), endsAt: new Date(y + 3 * HOUR) }, // overlaps → 03:00
      { serviceId: svc.id, kind: "SCHEDULED", startsAt: new Date(y + 10 * HOUR), endsAt: new Date(y + 11 * HOUR), cancelledAt: null },
      { serviceId: svc.id, kind: "SCHEDULED", startsAt: new Date(y - 30 * HOUR), endsAt: new Date(y - 29 * HOUR), cancelledAt: new Date() }, // cancelled: no mark
    ],
  });
  const av = (await availabilityByService(5, now, [svc.id])).get(svc.id)!;
  const day = (offset: number) => av.days[av.days.length - 1 + offset];
  assert.equal(day(-2).downMinutes, 120, "two hours before midnight");
  assert.equal(day(-2).scheduled, false, "a cancelled maintenance does not mark the day");
  assert.equal(day(-1).downMinutes, 180, "00:00 → 03:00 once, though two downtimes cover 01:00–02:00");
  assert.equal(day(-1).scheduled, true);
  assert.equal(day(0).downMinutes, 0);
  await db.serviceDowntime.create({ data: { serviceId: svc.id, kind: "ACTUAL", startsAt: new Date(now.getTime() - 30 * 60_000), endsAt: null } });
  const open = (await availabilityByService(5, now, [svc.id])).get(svc.id)!;
  assert.ok(Math.abs(open.days[4].downMinutes - 30) <= 1, "an open outage counts up to now");
  const cal = await downtimesIn({ from: new Date(y - 86_400_000), to: now, serviceIds: [svc.id], kinds: ["ACTUAL"] });
  assert.equal(cal.length, 3);
  await db.service.delete({ where: { id: svc.id } });
});
