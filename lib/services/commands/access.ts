/**
 * Checks shared by the service commands: the policy (service.manage for OPOS and administrators, service.watch for
 * anyone signed in), and the refusal of a stale edit that says who changed it since and when.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, type Actor, type Permission } from "@/lib/people/policy";

export type Tx = Prisma.TransactionClient;
export type ServiceEntity = "ServiceDowntime" | "Incident";
const WHAT: Record<ServiceEntity, string> = { ServiceDowntime: "scheduled downtime", Incident: "incident" };

export function mustBeAllowed(actor: Actor, permission: Permission): void {
  const d = decide(actor, permission);
  if (!d.allowed) throw forbidden(permission === "service.manage" ? "Only OPOS operators may schedule downtimes and manage incidents." : d.reason);
}

/** The refusal of an edit made on an old version: who changed it after the person read it, and when (from the audit). */
export async function staleError(tx: Tx, entityType: ServiceEntity, id: number, readVersion: number, currentVersion: number | null): Promise<DomainError> {
  if (currentVersion === null) return notFound(WHAT[entityType][0].toUpperCase() + WHAT[entityType].slice(1));
  const events = await tx.auditEvent.findMany({
    where: { entityType, entityId: String(id) },
    orderBy: { id: "desc" },
    take: 20,
    select: { createdAt: true, action: true, data: true, actor: { select: { name: true, username: true } } },
  });
  const since = events.filter((e) => Number((e.data as { version?: unknown })?.version ?? 0) > readVersion);
  const last = since[0] ?? events[0];
  const who = last?.actor?.name ?? "Someone else";
  const when = last?.createdAt;
  const message =
    `${who[0].toUpperCase()}${who.slice(1)} changed this ${WHAT[entityType]} after you opened it` +
    (when ? ` (${when.toISOString().slice(0, 16).replace("T", " ")} UTC)` : "") +
    ". Nothing of yours was saved; reload to see their version, then make your change again.";
  return new DomainError("stale", message, { currentVersion, yourVersion: readVersion, changedBy: last?.actor?.username ?? null, changedAt: when?.toISOString() ?? null });
}

/** The audit record's data: the version the change produced lets a later stale edit say what happened since. */
export function auditData(version: number, extra: Record<string, unknown> = {}): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify({ version, ...extra }));
}
