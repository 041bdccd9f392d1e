import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { incidentAfterUpdate } from "../maintenance";
import type { PostIncidentUpdateInput } from "./input";
import { auditData, mustBeAllowed, staleError } from "./access";

/**
 * Posts an update to an incident's timeline at the version the person read; the update's status becomes the
 * incident's (resolving stamps resolvedAt, reopening clears it). Two people posting at once: the second is told.
 */
export async function postIncidentUpdate(actor: Actor, incidentId: number, input: PostIncidentUpdateInput, requestId?: string, now = new Date()) {
  mustBeAllowed(actor, "service.manage");
  return db.$transaction(async (tx) => {
    const row = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true, status: true, resolvedAt: true, version: true } });
    if (!row) throw notFound("Incident");
    if (row.version !== input.version) throw await staleError(tx, "Incident", incidentId, input.version, row.version);
    const state = incidentAfterUpdate(row, input.status, now);
    const n = await tx.incident.updateMany({ where: { id: incidentId, version: input.version }, data: { ...state, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "Incident", incidentId, input.version, (await tx.incident.findUnique({ where: { id: incidentId }, select: { version: true } }))?.version ?? null);
    const update = await tx.incidentUpdate.create({ data: { incidentId, status: state.status, message: input.message, createdById: actor.id, createdAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: state.status === "RESOLVED" && row.status !== "RESOLVED" ? "incident.resolved" : row.status === "RESOLVED" && state.status !== "RESOLVED" ? "incident.reopened" : "incident.updated",
      entityType: "Incident",
      entityId: incidentId,
      data: auditData(input.version + 1, { from: row.status, to: state.status, updateId: update.id }),
      requestId,
    });
    return { incident: await tx.incident.findUniqueOrThrow({ where: { id: incidentId } }), update };
  });
}
