import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { incidentDetail, statusPage } from "@/lib/services/queries";

test("the demo has an incident with two updates on a bad storage service, and one upcoming tape maintenance", async () => {
  const incident = await db.incident.findFirstOrThrow({ where: { title: { startsWith: "dCache persistent pool full" } } });
  const detail = await incidentDetail(incident.id);
  assert.equal(detail.updates.length, 2);
  assert.deepEqual(detail.updates.map((u) => u.status), ["IDENTIFIED", "INVESTIGATING"]);
  assert.ok(detail.services.some((s) => s.displayName.startsWith("dCache")));
  const enstore = await db.service.findUniqueOrThrow({ where: { name: "enstore" } });
  const upcoming = await db.serviceDowntime.findMany({ where: { serviceId: enstore.id, kind: "SCHEDULED", cancelledAt: null, endsAt: { gt: new Date() } } });
  assert.equal(upcoming.length, 1, "exactly one, whoever scheduled it first");
  assert.equal(upcoming[0].title, "Tape library firmware upgrade");
  const page = await statusPage();
  assert.ok(page.incidents.some((i) => i.id === incident.id), "the status page shows it as current");
  assert.ok(page.maintenance.some((m) => m.id === upcoming[0].id), "and the maintenance as upcoming");
  assert.ok(page.services.every((s) => s.availability === null || s.availability.days.length === 90));
});
