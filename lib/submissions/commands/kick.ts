/**
 * Kick: a person marks a Completed submission Located by hand (its outputs are known to be in place, or not
 * worth waiting for), with a reason. Needs `campaign.act` on the campaign. One guarded statement ("still Completed
 * and not Located"), its history entry and the audit event in one transaction; kicking twice is refused, never a
 * second change. A test launch cannot be kicked (it stays Completed). Recovery and dependent stages then follow from the wrap-up, as for any Located submission.
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { SUBMISSION_STATUS_LABEL } from "@/lib/submissions/labels";

export const KICK_REASON_MAX = 500;

export async function kickSubmission(person: SignedInPerson, id: number, reason: string, requestId?: string): Promise<{ id: number; status: "LOCATED"; locatedAt: Date }> {
  const s = await db.submission.findUnique({ where: { id }, select: { id: true, status: true, experimentId: true, isTest: true, campaign: { select: { creatorId: true, creatorRole: true } } } });
  if (!s) throw notFound("Submission");
  mustSeeExperiment(person, s.experimentId, "Submission");
  const d = decide(person, "campaign.act", { experimentId: s.experimentId, ownerId: s.campaign.creatorId, ownerRole: s.campaign.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  const why = reason.trim();
  if (!why) throw new DomainError("invalid_input", "Say why the submission is marked located.", { field: "reason" });
  if (s.status !== "COMPLETED") throw new DomainError("conflict", `Only a Completed submission can be marked located; submission ${id} is ${SUBMISSION_STATUS_LABEL[s.status]}.`);
  if (s.isTest) throw new DomainError("conflict", `Submission ${id} is a test launch: it stays Completed and never feeds recoveries or dependent stages, so it cannot be marked located.`);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const n = await tx.submission.updateMany({ where: { id, status: "COMPLETED", locatedAt: null, isTest: false }, data: { status: "LOCATED", locatedAt: now, locatedBy: "kick", statusChangedAt: now } });
    if (!n.count) throw new DomainError("conflict", `Submission ${id} changed meanwhile (it may already be Located): nothing was done.`);
    await tx.submissionEvent.create({ data: { submissionId: id, status: "LOCATED", actorId: person.id, actorKind: "PERSON", reason: `Marked located by hand: ${why}`, createdAt: now } });
    await recordAudit(tx, { actorId: person.id, action: "submission.kick", entityType: "submission", entityId: id, experimentId: s.experimentId, data: { reason: why }, requestId });
    return { id, status: "LOCATED" as const, locatedAt: now };
  });
}
