import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { incidentAfterUpdate } from "../maintenance";
import type { CreateIncidentInput } from "./input";
import { auditData, mustBeAllowed } from "./access";

/** OPOS opens an incident on the services it affects, with its first update (the start of its timeline). */
export async function createIncident(actor: Actor, input: CreateIncidentInput, requestId?: string, now = new Date()) {
  mustBeAllowed(actor, "service.manage");
  const serviceIds = [...new Set(input.serviceIds)];
  return db.$transaction(async (tx) => {
    const found = await tx.service.findMany({ where: { id: { in: serviceIds }, active: true }, select: { id: true, displayName: true } });
    if (found.length !== serviceIds.length) {
      const missing = serviceIds.filter((id) => !found.some((s) => s.id === id));
      throw new DomainError("invalid_input", `There is no service with id ${missing.join(", ")}.`, { field: "serviceIds" });
    }
    const state = incidentAfterUpdate({ status: "INVESTIGATING", resolvedAt: null }, input.status, now);
    const incident = await tx.incident.create({
      data: {
        title: input.title,
        impact: input.impact,
        status: state.status,
        resolvedAt: state.resolvedAt,
        startedAt: now,
        createdById: actor.id,
        services: { createMany: { data: serviceIds.map((serviceId) => ({ serviceId })) } },
        updates: { create: { status: state.status, message: input.message, createdById: actor.id, createdAt: now } },
      },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "incident.opened",
      entityType: "Incident",
      entityId: incident.id,
      data: auditData(incident.version, { title: incident.title, impact: incident.impact, status: incident.status, services: found.map((s) => s.displayName) }),
      requestId,
    });
    return incident;
  });
}
