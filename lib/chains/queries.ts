/**
 * A submission's place in its chain, for its page: what the wrap-up decided (each queued launch with its outcome),
 * the submissions launched from it, and whether a person may launch a recovery by hand now. Two statements.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { RETRYABLE_OUTCOMES } from "./recovery";

const FINISHED = new Set(["COMPLETED", "LOCATED", "FAILED", "REMOVED", "CANCELLED"]);

export async function submissionChain(person: SignedInPerson, submissionId: number) {
  const sub = await db.submission.findUnique({
    where: { id: submissionId },
    select: {
      id: true, status: true, isTest: true, wrappedUpAt: true, wrapUpError: true, recoveryPosition: true, recoveryOverrides: true,
      campaign: { select: { experimentId: true, creatorId: true, creatorRole: true } },
      children: { orderBy: { id: "asc" }, take: 50, select: { id: true, status: true, trigger: true, recoveryPosition: true, stage: { select: { id: true, name: true } } } },
    },
  });
  if (!sub) throw notFound("Submission");
  const c = sub.campaign;
  mustSeeExperiment(person, c.experimentId, "Submission");
  const launches = await db.chainLaunch.findMany({ where: { parentId: submissionId }, orderBy: { id: "asc" }, include: { stage: { select: { id: true, name: true } } } });
  const act = decide(person, "campaign.act", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole }).allowed;
  const liveChild = sub.children.some((k) => k.recoveryPosition > 0 && k.status !== "LAUNCH_FAILED");
  const retryable = (l: (typeof launches)[number]) => l.trigger === "RECOVERY" && l.finishedAt !== null && RETRYABLE_OUTCOMES.includes(l.outcome) && !liveChild;
  const recovered = launches.some((l) => l.trigger === "RECOVERY") || liveChild;
  return {
    submission: { id: sub.id, status: sub.status, isTest: sub.isTest, wrappedUpAt: sub.wrappedUpAt, wrapUpError: sub.wrapUpError, recoveryPosition: sub.recoveryPosition, recoveryOverrides: sub.recoveryOverrides },
    launches: launches.map((l) => ({
      id: l.id, trigger: l.trigger, stage: l.stage, dataset: l.dataset, fileCount: l.fileCount, recoveryPosition: l.recoveryPosition, recoveryType: l.recoveryType,
      outcome: l.outcome, submissionId: l.submissionId, heldLaunchId: l.heldLaunchId, error: l.error, createdAt: l.createdAt, finishedAt: l.finishedAt,
      canRetry: act && FINISHED.has(sub.status) && retryable(l),
    })),
    children: sub.children.map((k) => ({ id: k.id, status: k.status, trigger: k.trigger, recoveryPosition: k.recoveryPosition, stage: k.stage })),
    canRecover: act && FINISHED.has(sub.status) && !recovered,
    rights: { act },
  };
}
export type SubmissionChain = Awaited<ReturnType<typeof submissionChain>>;
