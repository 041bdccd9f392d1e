/**
 * Launching what the wrap-up decided (ChainLaunch rows), oldest first, each through launchStage: the same
 * authorisation (the person the system acts for must still be allowed to launch), the same gate (a closed gate
 * makes a held launch, drained when it opens), trigger RECOVERY or DEPENDENCY, parent = the Located submission.
 * A row is claimed by one statement (claimedAt set, SKIP LOCKED) before its launch, so two wrap-ups never launch it
 * twice; its outcome is written after. A claim left without an outcome (the process died mid-launch) is settled
 * after 15 minutes: linked to what its launch made, if anything (a submission, else a held launch) — found by
 * everything the launch wrote from the row: parent, stage, trigger, recovery position and dataset, made after the
 * claim — else launched again (docs/decisions.md says which gap is left).
 * A self-edge (the stage's next slice) meeting an empty slice that the cursor skipped tries the next one, up to
 * MAX_EMPTY_SLICES in a row, then waits for the next refresh; a slice that is "not yet" there (files not delivered,
 * keep-up window not closed) also waits for the next refresh instead of ending the chain.
 */
import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { loadActor, type SignedInPerson } from "@/lib/people/actor";
import { readPairs } from "@/lib/campaigns/effective";
import { EmptySlice, isSplitExhausted, launchStage, type LaunchOutcome, type LaunchRequest } from "@/lib/launch/launch-stage";
import type { LaunchTrigger } from "@/lib/generated/prisma/client";

const STALE_CLAIM_MS = 15 * 60_000;
/** Empty slices a self-edge skips in one refresh before it waits for the next (each skip moves the cursor on). */
export const MAX_EMPTY_SLICES = 5;

type Row = {
  id: number;
  parentId: number;
  stageId: number;
  trigger: LaunchTrigger;
  dependencyId: number | null;
  dataset: string;
  fileCount: number;
  recoveryPosition: number;
  recoveryType: string;
  recoveryOverrides: unknown;
  onBehalfOfId: number | null;
};

export type QueuedResult = { launched: number; held: number; failed: number; refused: number; ended: number; waiting: number; errors: string[] };

export async function settleStaleClaims(now: Date) {
  const before = new Date(now.getTime() - STALE_CLAIM_MS);
  // The submission the launch made: the same parent, stage and trigger (a recovery and a self-edge share parent and
  // stage), the same recovery position, on the row's dataset when it has one; the first one made after the claim.
  await db.$executeRaw`
    UPDATE "ChainLaunch" c SET "finishedAt" = ${now}, "outcome" = m.outcome, "submissionId" = m.sid
      FROM (SELECT DISTINCT ON (c2.id) c2.id, s.id AS sid, CASE WHEN s."status" = 'LAUNCH_FAILED' THEN 'failed' ELSE 'launched' END AS outcome
              FROM "ChainLaunch" c2
              JOIN "Submission" s ON s."parentId" = c2."parentId" AND s."stageId" = c2."stageId" AND s."trigger" = c2."trigger"
               AND s."recoveryPosition" = c2."recoveryPosition" AND (c2."dataset" = '' OR s."inputDataset" = c2."dataset") AND s."createdAt" >= c2."claimedAt"
             WHERE c2."finishedAt" IS NULL AND c2."claimedAt" < ${before}
             ORDER BY c2.id, s.id) m
     WHERE c.id = m.id AND c."finishedAt" IS NULL`;
  // Else the held launch it made (a closed gate): linked, not launched a second time.
  await db.$executeRaw`
    UPDATE "ChainLaunch" c SET "finishedAt" = ${now}, "outcome" = 'held', "heldLaunchId" = m.hid
      FROM (SELECT DISTINCT ON (c2.id) c2.id, h.id AS hid
              FROM "ChainLaunch" c2
              JOIN "HeldLaunch" h ON h."stageId" = c2."stageId" AND h."trigger" = c2."trigger" AND h."createdAt" >= c2."claimedAt"
               AND h."params"->'parentId' = to_jsonb(c2."parentId")
               AND COALESCE(h."params"->'recovery'->'position', '0'::jsonb) = to_jsonb(c2."recoveryPosition")
               AND COALESCE(h."params"->'input'->>'dataset', '') = c2."dataset"
             WHERE c2."finishedAt" IS NULL AND c2."claimedAt" < ${before}
             ORDER BY c2.id, h.id) m
     WHERE c.id = m.id AND c."finishedAt" IS NULL`;
  await db.$executeRaw`UPDATE "ChainLaunch" SET "claimedAt" = NULL WHERE "finishedAt" IS NULL AND "claimedAt" < ${before}`;
}

async function claim(max: number): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    WITH picked AS (
      -- Launches waiting for a slice that is not there yet (error set) go after fresh ones, so they never starve them.
      SELECT id FROM "ChainLaunch" WHERE "finishedAt" IS NULL AND "claimedAt" IS NULL ORDER BY ("error" <> ''), id LIMIT ${max} FOR UPDATE SKIP LOCKED),
    claimed AS (UPDATE "ChainLaunch" c SET "claimedAt" = now() FROM picked WHERE c.id = picked.id RETURNING c.*)
    SELECT c.id, c."parentId", c."stageId", c."trigger", c."dependencyId", c."dataset", c."fileCount", c."recoveryPosition", c."recoveryType",
           c."recoveryOverrides", c."onBehalfOfId"
      FROM claimed c ORDER BY c.id`;
}

/** The launch a queued row asks for, and why (for the launch log). Pure. */
export function requestOf(r: Pick<Row, "parentId" | "stageId" | "trigger" | "dataset" | "fileCount" | "recoveryPosition" | "recoveryType" | "recoveryOverrides">): { req: LaunchRequest; because: string } {
  const files = `${r.fileCount.toLocaleString("en")} file(s)`;
  if (r.trigger === "RECOVERY") {
    return {
      req: { stageId: r.stageId, mode: "normal", parentId: r.parentId, input: { dataset: r.dataset, label: `recovery ${r.recoveryPosition} of submission ${r.parentId} (${r.recoveryType}): ${files}` }, recovery: { position: r.recoveryPosition, type: r.recoveryType, overrides: readPairs(r.recoveryOverrides) } },
      because: `recovery ${r.recoveryPosition} of submission ${r.parentId}`,
    };
  }
  if (!r.dataset) return { req: { stageId: r.stageId, mode: "normal", parentId: r.parentId }, because: `next slice after submission ${r.parentId} (self-dependency)` };
  return { req: { stageId: r.stageId, mode: "normal", parentId: r.parentId, input: { dataset: r.dataset, label: `outputs of submission ${r.parentId}: ${files}` } }, because: `dependent stage of submission ${r.parentId}` };
}

async function finish(id: number, parentId: number, data: { outcome: string; submissionId?: number; heldLaunchId?: number; error?: string }, markParent: boolean) {
  await db.$transaction([
    db.chainLaunch.update({ where: { id }, data: { ...data, finishedAt: new Date() } }),
    ...(markParent && data.error ? [db.submission.update({ where: { id: parentId }, data: { wrapUpError: data.error.slice(0, 500) } })] : []),
  ]);
}

const cursorOf = async (stageId: number) => JSON.stringify((await db.splitCursor.findUnique({ where: { stageId }, select: { position: true } }))?.position ?? null);

/**
 * A self-edge's launch of the stage's next slice: an empty slice the cursor moved past is skipped and the next one
 * tried (at most MAX_EMPTY_SLICES); a slice not there yet, or too many empty ones, is "wait" (for the next refresh).
 * The end of the split, and any other refusal, are thrown as before.
 */
async function launchNextSlice(stageId: number, launch: () => Promise<LaunchOutcome>): Promise<LaunchOutcome | { kind: "wait"; message: string }> {
  let message = "";
  for (let i = 0; i < MAX_EMPTY_SLICES; i++) {
    const before = await cursorOf(stageId);
    try {
      return await launch();
    } catch (err) {
      if (isSplitExhausted(err)) throw err;
      // "Not yet" (nothing to take, the cursor stays): wait for the next refresh.
      if (err instanceof EmptySlice) return { kind: "wait", message: err.message };
      // An empty slice is skipped by launchStage, which moves the cursor and refuses; a moved cursor tells them apart.
      if (!(err instanceof DomainError) || (await cursorOf(stageId)) === before) throw err;
      message = err.message;
    }
  }
  return { kind: "wait", message: `${MAX_EMPTY_SLICES} empty slices in a row were skipped (${message}); the next refresh goes on.` };
}

/** Launches up to `max` queued chain launches (bounded by the signal too). */
export async function launchQueued(opts: { max?: number; signal?: AbortSignal; now?: Date } = {}): Promise<QueuedResult> {
  const result: QueuedResult = { launched: 0, held: 0, failed: 0, refused: 0, ended: 0, waiting: 0, errors: [] };
  await settleStaleClaims(opts.now ?? new Date());
  const rows = await claim(opts.max ?? 200);
  const people = new Map<number, SignedInPerson | null>();
  for (const [i, r] of rows.entries()) {
    if (opts.signal?.aborted) {
      // Not started: back in the queue for the next refresh.
      await db.chainLaunch.updateMany({ where: { id: { in: rows.slice(i).map((x) => x.id) }, finishedAt: null }, data: { claimedAt: null } });
      break;
    }
    const who = r.onBehalfOfId;
    if (who !== null && !people.has(who)) people.set(who, await loadActor(who));
    const person = who === null ? null : people.get(who)!;
    if (!person) {
      const error = "The person this chain launches for (the campaign's creator) is gone or deactivated; launch it by hand.";
      await finish(r.id, r.parentId, { outcome: "refused", error }, true);
      result.refused++;
      continue;
    }
    const { req, because } = requestOf(r);
    try {
      const selfEdge = r.trigger === "DEPENDENCY" && !r.dataset;
      const out = selfEdge ? await launchNextSlice(r.stageId, () => launchStage({ person, trigger: r.trigger, bySystem: true, because }, req)) : await launchStage({ person, trigger: r.trigger, bySystem: true, because }, req);
      if (out.kind === "wait") {
        // Back in the queue (not refused): the next refresh tries again.
        await db.chainLaunch.update({ where: { id: r.id }, data: { claimedAt: null, error: `Not launched yet: ${out.message}`.slice(0, 500) } });
        result.waiting++;
        continue;
      }
      if (out.kind === "held") {
        await finish(r.id, r.parentId, { outcome: "held", heldLaunchId: out.heldLaunchId }, false);
        result.held++;
      } else if (out.kind === "launched") {
        await finish(r.id, r.parentId, { outcome: "launched", submissionId: out.submissionId }, false);
        result.launched++;
      } else {
        await finish(r.id, r.parentId, { outcome: "failed", submissionId: out.submissionId, error: `Submission ${out.submissionId} could not be handed to the batch system.` }, true);
        result.failed++;
      }
    } catch (err) {
      if (isSplitExhausted(err)) {
        // A self-dependency reaching the end of the split: the chain ends here, as it should.
        await finish(r.id, r.parentId, { outcome: "ended", error: (err as Error).message }, false);
        result.ended++;
      } else if (err instanceof DomainError) {
        await finish(r.id, r.parentId, { outcome: "refused", error: err.message }, true);
        result.refused++;
      } else {
        const message = err instanceof Error ? err.message : String(err);
        await finish(r.id, r.parentId, { outcome: "failed", error: `The launch broke: ${message}` }, true);
        result.failed++;
        result.errors.push(`chain launch ${r.id}: ${message}`);
      }
    }
  }
  return result;
}
