import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { mustBeAllowed } from "./access";

/**
 * Watching a service: its watchers are told when it goes bad or recovers (lib/services/notify.ts). Idempotent both
 * ways. The unique index on Watch cannot stop duplicates here (its other columns are NULL, and NULLs differ in
 * PostgreSQL), so the person's row is locked while we look.
 */
export async function setServiceWatch(actor: Actor, serviceId: number, watching: boolean, requestId?: string): Promise<{ watching: boolean; changed: boolean }> {
  mustBeAllowed(actor, "service.watch");
  return db.$transaction(async (tx) => {
    const service = await tx.service.findUnique({ where: { id: serviceId }, select: { id: true, active: true, displayName: true } });
    if (!service || !service.active) throw notFound("Service");
    await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${actor.id} FOR UPDATE`;
    const existing = await tx.watch.findMany({ where: { personId: actor.id, serviceId }, select: { id: true } });
    if (watching === existing.length > 0) return { watching, changed: false };
    if (watching) await tx.watch.create({ data: { personId: actor.id, serviceId } });
    else await tx.watch.deleteMany({ where: { personId: actor.id, serviceId } });
    await recordAudit(tx, { actorId: actor.id, action: watching ? "service.watched" : "service.unwatched", entityType: "Service", entityId: serviceId, data: { service: service.displayName }, requestId });
    return { watching, changed: true };
  });
}
