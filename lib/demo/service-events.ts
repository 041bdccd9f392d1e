/**
 * The demo's incident and scheduled maintenance (issue #10, item 7), seeded after the service tree
 * (lib/demo/services.ts). Services are found by name, with fallbacks by kind, so a reshaped tree still gets both:
 * one incident with two updates on a storage service that is having trouble, and one upcoming tape maintenance.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedServiceEvents(db: PrismaClient, now: Date, operatorId: number | null): Promise<{ incidentId: number | null; downtimeId: number | null }> {
  const services = await db.service.findMany({ where: { active: true }, select: { id: true, name: true, kind: true, status: true, parentId: true } });
  const byName = (names: string[]) => names.map((n) => services.find((s) => s.name === n)).find(Boolean);
  const leaf = (kind: string) => services.find((s) => s.kind === kind && s.status === "BAD") ?? services.find((s) => s.kind === kind);

  // An incident on the storage that is bad now (the seeded full dCache pool), identified, with its two updates.
  const storage = services.find((s) => s.name.startsWith("dcache-pool-") && s.status === "BAD") ?? byName(["dcache-pool-dune", "dcache"]) ?? leaf("STORAGE");
  let incidentId: number | null = null;
  if (storage) {
    const group = services.find((s) => s.id === storage.parentId);
    const started = new Date(now.getTime() - 5 * HOUR);
    const incident = await db.incident.create({
      data: {
        title: "dCache persistent pool full: writes of new outputs fail",
        status: "IDENTIFIED",
        impact: "MAJOR",
        startedAt: started,
        createdById: operatorId,
        createdAt: started,
        services: { createMany: { data: [storage.id, ...(group ? [group.id] : [])].map((serviceId) => ({ serviceId })) } },
        updates: {
          createMany: {
            data: [
              { status: "INVESTIGATING", message: "Jobs writing to the persistent pool fail with 'No space left'. We are looking into it; launches that need the pool are held.", createdById: operatorId, createdAt: started },
              { status: "IDENTIFIED", message: "The pool is above 90 % after a large reprocessing output. Storage operations are migrating old files to tape; we expect room again within a few hours.", createdById: operatorId, createdAt: new Date(started.getTime() + 90 * 60_000) },
            ],
          },
        },
        version: 2,
      },
    });
    incidentId = incident.id;
  }

  // Exactly one upcoming tape maintenance: kept (and titled) if the tree's seed already scheduled it.
  const tape = byName(["enstore"]) ?? leaf("TAPE");
  let downtimeId: number | null = null;
  if (tape) {
    const title = "Tape library firmware upgrade";
    const reason = "The tape robots and drives are upgraded; reads from and writes to tape wait until the window ends.";
    const existing = await db.serviceDowntime.findFirst({ where: { serviceId: tape.id, kind: "SCHEDULED", cancelledAt: null, endsAt: { gt: now } }, orderBy: { startsAt: "asc" } });
    if (existing) {
      await db.serviceDowntime.update({ where: { id: existing.id }, data: { title: existing.title || title, reason: existing.reason || reason } });
      downtimeId = existing.id;
    } else {
      const startsAt = new Date(Math.floor((now.getTime() + 3 * DAY) / DAY) * DAY + 8 * HOUR);
      const d = await db.serviceDowntime.create({ data: { serviceId: tape.id, kind: "SCHEDULED", startsAt, endsAt: new Date(startsAt.getTime() + 8 * HOUR), title, reason, createdById: operatorId } });
      downtimeId = d.id;
    }
  }
  return { incidentId, downtimeId };
}
