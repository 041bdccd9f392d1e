import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { checkDowntimeWindow } from "../maintenance";
import type { CreateDowntimeInput } from "./input";
import { auditData, mustBeAllowed } from "./access";

/** OPOS schedules maintenance of one service (a launch needing it inside the window is held by the gate). */
export async function createScheduledDowntime(actor: Actor, input: CreateDowntimeInput, requestId?: string, now = new Date()) {
  mustBeAllowed(actor, "service.manage");
  checkDowntimeWindow(input.startsAt, input.endsAt, now);
  return db.$transaction(async (tx) => {
    const service = await tx.service.findUnique({ where: { id: input.serviceId }, select: { id: true, active: true, displayName: true } });
    if (!service || !service.active) throw new DomainError("invalid_input", "There is no such service.", { field: "serviceId" });
    const row = await tx.serviceDowntime.create({
      data: { serviceId: service.id, kind: "SCHEDULED", startsAt: input.startsAt, endsAt: input.endsAt, title: input.title, reason: input.reason, createdById: actor.id },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "downtime.scheduled",
      entityType: "ServiceDowntime",
      entityId: row.id,
      data: auditData(row.version, { service: service.displayName, startsAt: row.startsAt, endsAt: row.endsAt, title: row.title }),
      requestId,
    });
    return row;
  });
}
