/**
 * Checks shared by the service commands: the policy (service.manage for OPOS and administrators, service.watch for
 * anyone signed in), and the refusal of a stale edit that says who changed it since and when.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { forbidden, type DomainError } from "@/lib/errors";
import { staleEdit } from "@/lib/audit/stale";
import { decide, type Actor, type Permission } from "@/lib/people/policy";

export type Tx = Prisma.TransactionClient;
export type ServiceEntity = "ServiceDowntime" | "Incident";
const WHAT: Record<ServiceEntity, string> = { ServiceDowntime: "scheduled downtime", Incident: "incident" };

export function mustBeAllowed(actor: Actor, permission: Permission): void {
  const d = decide(actor, permission);
  if (!d.allowed) throw forbidden(permission === "service.manage" ? "Only OPOS operators may schedule downtimes and manage incidents." : d.reason);
}

/** The refusal of an edit made on an old version: who changed it after the person read it, and when (from the audit). */
export function staleError(tx: Tx, entityType: ServiceEntity, id: number, readVersion: number, currentVersion: number | null): Promise<DomainError> {
  return staleEdit(tx, { entityType, id, what: WHAT[entityType], readVersion, currentVersion });
}

/** The audit record's data: the version the change produced lets a later stale edit say what happened since. */
export function auditData(version: number, extra: Record<string, unknown> = {}): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify({ version, ...extra }));
}
