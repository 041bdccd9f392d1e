import type { Prisma } from "@/lib/generated/prisma/client";
import { DomainError, notFound } from "@/lib/errors";

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/**
 * The refusal of an edit made on an old version (optimistic versions): who changed the record after the person read
 * it, when, and which fields, from the audit events, which carry the version each change produced. `what` names the
 * record in words ("stage", "incident"); `fieldWords` words a changed field's name. A record gone since is a 404.
 */
export async function staleEdit(
  tx: Tx,
  target: { entityType: string; id: number; what: string; readVersion: number; currentVersion: number | null },
  fieldWords: (field: string) => string = (f) => f,
): Promise<DomainError> {
  const { entityType, id, what, readVersion, currentVersion } = target;
  if (currentVersion === null) return notFound(what[0].toUpperCase() + what.slice(1));
  const events = await tx.auditEvent.findMany({
    where: { entityType, entityId: String(id) },
    orderBy: { id: "desc" },
    take: 20,
    select: { createdAt: true, data: true, actor: { select: { name: true, username: true } } },
  });
  const since = events.filter((e) => Number((e.data as { version?: unknown })?.version ?? 0) > readVersion);
  const last = since[0] ?? events[0];
  const fields = [...new Set(since.flatMap((e) => Object.keys(((e.data as { changes?: object })?.changes ?? {}) as object)))];
  const who = last?.actor?.name ?? "someone else";
  const when = last?.createdAt;
  const message =
    `${who[0].toUpperCase()}${who.slice(1)} changed this ${what} after you opened it` +
    (when ? ` (${when.toISOString().slice(0, 16).replace("T", " ")} UTC)` : "") +
    (fields.length ? `: ${fields.map(fieldWords).join(", ")}.` : ".") +
    " Nothing of yours was saved; reload to see their version, then make your change again.";
  return new DomainError("stale", message, {
    currentVersion,
    yourVersion: readVersion,
    changedBy: last?.actor?.username ?? null,
    changedByName: last?.actor?.name ?? null,
    changedAt: when?.toISOString() ?? null,
    fields,
  });
}
