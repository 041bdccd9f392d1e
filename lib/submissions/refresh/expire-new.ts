/**
 * Refresh step "stale-new": a submission still New 4 hours after it was created, with no batch id, never reached
 * the batch system: it becomes LaunchFailed (not final: a late report would revive it). One statement.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Step } from "@/lib/background/runner";
import { STALE_NEW_MS } from "@/lib/submissions/lifecycle";

const HOURS = STALE_NEW_MS / 3_600_000;

export const staleNewStep: Step = {
  name: "stale-new",
  timeoutMs: 30_000,
  async run({ now }) {
    const before = new Date(now.getTime() - STALE_NEW_MS); // the rule of lifecycle.ts staleNew, in one statement
    const failed = await db.$executeRaw`
      WITH gone AS (
        UPDATE "Submission" SET "status" = 'LAUNCH_FAILED', "statusChangedAt" = ${now}, "updatedAt" = now()
         WHERE "status" = 'NEW' AND COALESCE("batchId", '') = '' AND "createdAt" < ${before} RETURNING id)
      INSERT INTO "SubmissionEvent" ("submissionId", "status", "actorKind", "reason", "createdAt")
      SELECT id, 'LAUNCH_FAILED', 'SYSTEM', ${`Still New after ${HOURS} hours with no batch id: the launch never reached the batch system.`}, ${now} FROM gone`;
    return { launchFailed: failed };
  },
};
