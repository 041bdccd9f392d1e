import "server-only";
import { db } from "@/lib/db";
import { decide, type Actor } from "@/lib/people/policy";

export type BulkOutcome = { id: number; ok: boolean; message: string };

/**
 * Marks many campaigns active or inactive in one statement. Each campaign answers for itself: changed,
 * already so, not found, or refused with the policy's reason. Bulk: one read, one update, one audit insert.
 */
export async function setCampaignsActive(actor: Actor, ids: number[], active: boolean, requestId?: string): Promise<BulkOutcome[]> {
  const unique = [...new Set(ids)];
  return db.$transaction(async (tx) => {
    const rows = await tx.campaign.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, experimentId: true, creatorId: true, creatorRole: true, active: true, version: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const outcomes: BulkOutcome[] = [];
    const toChange: typeof rows = [];
    for (const id of unique) {
      const r = byId.get(id);
      if (!r || !decide(actor, "experiment.view", { experimentId: r.experimentId }).allowed) {
        outcomes.push({ id, ok: false, message: "Campaign was not found." });
        continue;
      }
      const d = decide(actor, "campaign.modify", { experimentId: r.experimentId, ownerId: r.creatorId, ownerRole: r.creatorRole });
      if (!d.allowed) outcomes.push({ id, ok: false, message: `${r.name}: ${d.reason}` });
      else if (r.active === active) outcomes.push({ id, ok: true, message: `${r.name} was already ${active ? "active" : "inactive"}.` });
      else {
        toChange.push(r);
        outcomes.push({ id, ok: true, message: `${r.name} is now ${active ? "active" : "inactive"}.` });
      }
    }
    if (toChange.length) {
      await tx.campaign.updateMany({ where: { id: { in: toChange.map((r) => r.id) }, active: !active }, data: { active, version: { increment: 1 } } });
      await tx.auditEvent.createMany({
        data: toChange.map((r) => ({
          actorId: actor.id,
          actorKind: "PERSON" as const,
          action: active ? "campaign.reactivated" : "campaign.deactivated",
          entityType: "Campaign",
          entityId: String(r.id),
          experimentId: r.experimentId,
          data: { version: r.version + 1, changes: { active: { from: !active, to: active } }, bulk: true },
          requestId,
        })),
      });
    }
    return outcomes;
  });
}
