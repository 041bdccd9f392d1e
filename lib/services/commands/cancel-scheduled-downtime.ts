import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { checkDowntimeEditable } from "../maintenance";
import { auditData, mustBeAllowed, staleError } from "./access";

/**
 * Withdraws a scheduled downtime. The row stays (cancelledAt set, version raised) so the iCal feed can tell
 * subscribed calendars it is CANCELLED; the gate and the status page ignore it from now on.
 */
export async function cancelScheduledDowntime(actor: Actor, id: number, readVersion: number, requestId?: string, now = new Date()) {
  mustBeAllowed(actor, "service.manage");
  return db.$transaction(async (tx) => {
    const row = await tx.serviceDowntime.findUnique({ where: { id } });
    if (!row || row.kind !== "SCHEDULED") throw notFound("Scheduled downtime");
    if (row.version !== readVersion) throw await staleError(tx, "ServiceDowntime", id, readVersion, row.version);
    checkDowntimeEditable(row, now);
    const n = await tx.serviceDowntime.updateMany({ where: { id, version: readVersion, cancelledAt: null }, data: { cancelledAt: now, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "ServiceDowntime", id, readVersion, (await tx.serviceDowntime.findUnique({ where: { id }, select: { version: true } }))?.version ?? null);
    await recordAudit(tx, { actorId: actor.id, action: "downtime.cancelled", entityType: "ServiceDowntime", entityId: id, data: auditData(readVersion + 1, { title: row.title }), requestId });
    return tx.serviceDowntime.findUniqueOrThrow({ where: { id } });
  });
}
