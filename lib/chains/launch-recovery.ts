/**
 * "Launch recovery" by a person, on one submission whose jobs have finished: the next entry of the job type's
 * recovery list that has files to recover (as the wrap-up would choose), or, past the end of the list, a plain
 * recovery of the files not processed (consumed_status, with the overrides the submission already had). The
 * submission is marked wrapped up in the same transaction, so the wrap-up does not also recover it; a second
 * recovery of the same submission is refused, unless the first one was refused or could not be launched: then this
 * is its retry (the same ChainLaunch row, reused), so a refusal never ends the chain for good.
 * Lock order, as the wrap-up's: the Submission row first (FOR UPDATE), then the ChainLaunch row.
 */
import "server-only";
import { db } from "@/lib/db";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { readPairs } from "@/lib/campaigns/effective";
import { launchStage, type LaunchOutcome } from "@/lib/launch/launch-stage";
import { chooseRecovery, readRecoveryList, recoveryDatasetName, RETRYABLE_OUTCOMES, typesAfter, type RecoveryType } from "./recovery";
import { recoveryFilesSql } from "./recovery-files";
import { copyRecoveryFiles } from "./decide";

const FINISHED = ["COMPLETED", "LOCATED", "FAILED", "REMOVED", "CANCELLED"];

export async function launchRecoveryByHand(person: SignedInPerson, submissionId: number): Promise<LaunchOutcome & { recovery: { position: number; type: RecoveryType; files: number } }> {
  const sub = await db.submission.findUnique({
    where: { id: submissionId },
    include: { campaign: true, stage: { select: { jobTypeId: true } }, jobTypeSnapshot: { select: { data: true } } },
  });
  if (!sub) throw notFound("Submission");
  const c = sub.campaign;
  mustSeeExperiment(person, c.experimentId, "Submission");
  const d = decide(person, "campaign.act", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
  if (!FINISHED.includes(sub.status)) throw new DomainError("conflict", "Its jobs have not finished yet: recover it once it is Completed, Located or Failed.");
  const already = async (client: Pick<typeof db, "submission" | "chainLaunch">) => {
    // A recovery child that never reached the batch system (LAUNCH_FAILED) does not count: its row is retried.
    const earlier = await client.submission.findFirst({ where: { parentId: sub.id, recoveryPosition: { gt: 0 }, status: { not: "LAUNCH_FAILED" } }, select: { id: true } });
    const queued = await client.chainLaunch.findFirst({ where: { parentId: sub.id, trigger: "RECOVERY" }, select: { id: true, submissionId: true, finishedAt: true, outcome: true } });
    const retry = queued && queued.finishedAt && RETRYABLE_OUTCOMES.includes(queued.outcome) && !earlier ? queued.id : null;
    if (earlier || (queued && retry === null)) throw new DomainError("conflict", `This submission already has a recovery${earlier ? ` (submission ${earlier.id})` : queued?.submissionId ? ` (submission ${queued.submissionId})` : ""}; recover that one if files are still missing.`);
    return retry;
  };
  await already(db);

  const snap = sub.jobTypeSnapshot?.data as Record<string, unknown> | undefined;
  const list = readRecoveryList(snap && "recoveries" in snap ? snap.recoveries : await db.jobTypeRecovery.findMany({ where: { jobTypeId: sub.stage.jobTypeId }, orderBy: { position: "asc" } }));
  const types = new Set<RecoveryType>([...typesAfter(list, sub.recoveryPosition), "consumed_status"]);
  const counts: Partial<Record<RecoveryType, number>> = {};
  for (const t of types) {
    const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${await recoveryFilesSql(db, t, [sub.id])}) x`;
    counts[t] = row.n;
  }
  const parentOverrides = readPairs(sub.recoveryOverrides);
  const choice = chooseRecovery(list, sub.recoveryPosition, parentOverrides, counts) ?? (counts.consumed_status ? { entry: { position: Math.max(sub.recoveryPosition, list.at(-1)?.position ?? 0) + 1 }, type: "consumed_status" as const, overrides: parentOverrides } : null);
  if (!choice) throw new DomainError("conflict", "Every input file of this submission was processed: there is nothing to recover.");
  const position = choice.entry.position;

  const files = counts[choice.type]!;
  const dataset = recoveryDatasetName(sub.id, position);
  // The ChainLaunch row (unique per submission and kind) is the claim: two people at once get one recovery.
  const claimId = await db.$transaction(async (tx) => {
    // The Submission first, as the wrap-up locks it (claim) before it queues: no deadlock between the two.
    await tx.$queryRaw`SELECT id FROM "Submission" WHERE id = ${sub.id} FOR UPDATE`;
    const retry = await already(tx);
    const [row] =
      retry === null
        ? await tx.$queryRaw<{ id: number }[]>`
            INSERT INTO "ChainLaunch" ("parentId", "stageId", "trigger", "dataset", "fileCount", "recoveryPosition", "recoveryType", "recoveryOverrides", "onBehalfOfId", "claimedAt")
            VALUES (${sub.id}, ${sub.stageId}, 'RECOVERY', ${dataset}, ${files}, ${position}, ${choice.type}, ${JSON.stringify(choice.overrides)}::jsonb, ${person.id}, now())
            ON CONFLICT ("parentId", "stageId", "trigger") DO NOTHING RETURNING id`
        : await tx.$queryRaw<{ id: number }[]>`
            UPDATE "ChainLaunch" SET "dataset" = ${dataset}, "fileCount" = ${files}, "recoveryPosition" = ${position}, "recoveryType" = ${choice.type},
                   "recoveryOverrides" = ${JSON.stringify(choice.overrides)}::jsonb, "onBehalfOfId" = ${person.id}, "claimedAt" = now(),
                   "finishedAt" = NULL, "outcome" = '', "error" = '', "submissionId" = NULL, "heldLaunchId" = NULL
             WHERE id = ${retry} AND "finishedAt" IS NOT NULL AND "outcome" = ANY(${[...RETRYABLE_OUTCOMES]}::text[]) RETURNING id`;
    if (!row) throw new DomainError("conflict", "This submission already has a recovery; recover that one if files are still missing.");
    if (retry !== null) await tx.submission.update({ where: { id: sub.id }, data: { wrapUpError: "" } });
    await tx.submission.updateMany({ where: { id: sub.id, wrappedUpAt: null }, data: { wrappedUpAt: new Date() } });
    await copyRecoveryFiles(tx, [{ submissionId: sub.id, experimentId: sub.experimentId, position, type: choice.type }]);
    return row.id;
  });
  try {
    const out = await launchStage(
      { person, trigger: "RECOVERY" },
      {
        stageId: sub.stageId,
        mode: "normal",
        parentId: sub.id,
        input: { dataset, label: `recovery ${position} of submission ${sub.id} (${choice.type}): ${files.toLocaleString("en")} file(s)` },
        recovery: { position, type: choice.type, overrides: choice.overrides },
      },
    );
    await db.chainLaunch.update({
      where: { id: claimId },
      data: { finishedAt: new Date(), outcome: out.kind, ...(out.kind === "held" ? { heldLaunchId: out.heldLaunchId } : { submissionId: out.submissionId }) },
    });
    return { ...out, recovery: { position, type: choice.type, files } };
  } catch (err) {
    // Refused (rights, inactive stage…): nothing launched; the row stays, refused with the reason, and may be retried.
    const message = err instanceof Error ? err.message : String(err);
    await db.chainLaunch.update({ where: { id: claimId }, data: { finishedAt: new Date(), outcome: "refused", error: message.slice(0, 500) } });
    throw err;
  }
}
