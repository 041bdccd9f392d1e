import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditInput = {
  actorId: number | null; // null: the system
  action: string;
  entityType: string;
  entityId: string | number;
  experimentId?: number | null;
  data?: Prisma.InputJsonValue;
  requestId?: string;
};

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/** Records who did what, in the same transaction as the change itself. */
export async function recordAudit(tx: Tx, e: AuditInput) {
  await tx.auditEvent.create({
    data: {
      actorId: e.actorId,
      actorKind: e.actorId === null ? "SYSTEM" : "PERSON",
      action: e.action,
      entityType: e.entityType,
      entityId: String(e.entityId),
      experimentId: e.experimentId ?? null,
      data: e.data ?? {},
      requestId: e.requestId,
    },
  });
}
