import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { checkDowntimeEditable, checkDowntimeWindow } from "../maintenance";
import type { EditDowntimeInput } from "./input";
import { auditData, mustBeAllowed, staleError } from "./access";

/**
 * Moves, resizes or edits a scheduled downtime at the version the person read (the calendar's drag sends the new
 * start and end; the form any field). A stale version is refused and explained; the new window is checked whole.
 */
export async function editScheduledDowntime(actor: Actor, id: number, input: EditDowntimeInput, requestId?: string, now = new Date()) {
  mustBeAllowed(actor, "service.manage");
  return db.$transaction(async (tx) => {
    const row = await tx.serviceDowntime.findUnique({ where: { id } });
    if (!row || row.kind !== "SCHEDULED") throw notFound("Scheduled downtime");
    if (row.version !== input.version) throw await staleError(tx, "ServiceDowntime", id, input.version, row.version);
    checkDowntimeEditable(row, now);
    const next = {
      serviceId: input.serviceId ?? row.serviceId,
      startsAt: input.startsAt ?? row.startsAt,
      endsAt: input.endsAt ?? row.endsAt!,
      title: input.title ?? row.title,
      reason: input.reason ?? row.reason,
    };
    checkDowntimeWindow(next.startsAt, next.endsAt, now);
    if (next.serviceId !== row.serviceId) {
      const s = await tx.service.findUnique({ where: { id: next.serviceId }, select: { active: true } });
      if (!s || !s.active) throw new DomainError("invalid_input", "There is no such service.", { field: "serviceId" });
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ["serviceId", "startsAt", "endsAt", "title", "reason"] as const) {
      const before = row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k];
      const after = next[k] instanceof Date ? (next[k] as Date).toISOString() : next[k];
      if (before !== after) changes[k] = { from: before, to: after };
    }
    if (!Object.keys(changes).length) return row;
    const n = await tx.serviceDowntime.updateMany({ where: { id, version: input.version }, data: { ...next, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "ServiceDowntime", id, input.version, (await tx.serviceDowntime.findUnique({ where: { id }, select: { version: true } }))?.version ?? null);
    const onlyTimes = Object.keys(changes).every((k) => k === "startsAt" || k === "endsAt");
    const sameLength = next.endsAt.getTime() - next.startsAt.getTime() === row.endsAt!.getTime() - row.startsAt.getTime();
    const action = onlyTimes ? (sameLength ? "downtime.moved" : "downtime.resized") : "downtime.edited";
    await recordAudit(tx, { actorId: actor.id, action, entityType: "ServiceDowntime", entityId: id, data: auditData(input.version + 1, { changes }), requestId });
    return tx.serviceDowntime.findUniqueOrThrow({ where: { id } });
  });
}
