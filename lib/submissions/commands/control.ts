/**
 * Job control at campaign, stage or submission level: kill, hold, release, cancel. The preview says what
 * each would hit; applying it calls the batch system per submission and records the actor.
 *  - kill: every job of the submissions still in the queue is removed (running ones stopped); the submission is
 *    Removed at once, by the person (the monitor never moves a Removed submission).
 *  - hold: queued jobs stay queued but do not start (running ones carry on, as on the batch systems).
 *  - release: held jobs may start again.
 *  - cancel: launches that have not reached the batch system: waiting held launches are deleted and
 *    submissions still New without a batch id become Cancelled.
 * The states themselves come from the next refresh (the batch system decides), except cancel, which never
 * involved the batch system.
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import type { BackendKind } from "@/lib/batch/types";
import type { SubmissionStatus } from "@/lib/generated/prisma/enums";
import { batchSystem } from "@/lib/batch/registry";
import { inBatches } from "@/lib/adapters/http";
import { mustSeeExperiment } from "@/lib/people/visibility";

export const CONTROL_VERBS = ["kill", "hold", "release", "cancel"] as const;
export type ControlVerb = (typeof CONTROL_VERBS)[number];
export const CONTROL_LEVELS = ["campaign", "stage", "submission"] as const;
export type ControlScope = { level: (typeof CONTROL_LEVELS)[number]; id: number };

export type ControlTarget = {
  id: number;
  stageId: number;
  stageName: string;
  campaignName: string;
  status: SubmissionStatus;
  batchId: string | null;
  batchBackend: BackendKind;
  jobsIdle: number;
  jobsRunning: number;
  jobsHeld: number;
  experiment: string;
  host: string;
  account: string;
  vomsRole: string | null;
};

export type ControlPreview = { verb: ControlVerb; scope: ControlScope; label: string; submissions: ControlTarget[]; heldLaunches: number; jobs: number; summary: string };

const QUEUED: SubmissionStatus[] = ["NEW", "IDLE", "RUNNING", "HELD", "COMPLETED", "LAUNCH_FAILED"];

async function scopeOwner(scope: ControlScope) {
  const rows = await db.$queryRaw<{ experimentId: number; creatorId: number; creatorRole: string; label: string }[]>`
    SELECT c."experimentId", c."creatorId", c."creatorRole"::text AS "creatorRole",
           CASE ${scope.level} WHEN 'campaign' THEN 'campaign ' || c."name" WHEN 'stage' THEN 'stage ' || c."name" || ' / ' || st."name" ELSE 'submission ' || s.id END AS label
      FROM "Campaign" c
      LEFT JOIN "CampaignStage" st ON ${scope.level} <> 'campaign' AND st."campaignId" = c.id
      LEFT JOIN "Submission" s ON ${scope.level} = 'submission' AND s."stageId" = st.id
     WHERE (${scope.level} = 'campaign' AND c.id = ${scope.id})
        OR (${scope.level} = 'stage' AND st.id = ${scope.id})
        OR (${scope.level} = 'submission' AND s.id = ${scope.id})
     LIMIT 1`;
  if (!rows.length) throw notFound(scope.level === "campaign" ? "Campaign" : scope.level === "stage" ? "Stage" : "Submission");
  return rows[0];
}

function targetsWhere(verb: ControlVerb): SubmissionStatus[] {
  return verb === "cancel" ? ["NEW"] : QUEUED;
}

export async function previewControl(person: SignedInPerson, scope: ControlScope, verb: ControlVerb): Promise<ControlPreview> {
  const owner = await scopeOwner(scope);
  mustSeeExperiment(person, owner.experimentId, scope.level === "campaign" ? "Campaign" : scope.level === "stage" ? "Stage" : "Submission");
  const d = decide(person, "campaign.act", { experimentId: owner.experimentId, ownerId: owner.creatorId, ownerRole: owner.creatorRole as never });
  if (!d.allowed) throw forbidden(d.reason);
  const rows = await db.$queryRaw<ControlTarget[]>`
    SELECT s.id, s."stageId", st."name" AS "stageName", c."name" AS "campaignName", s."status", s."batchId", s."batchBackend"::text AS "batchBackend",
           s."jobsIdle", s."jobsRunning", s."jobsHeld", e."name" AS experiment,
           COALESCE(ls."data"->>'launchHost', l."launchHost") AS host, COALESCE(ls."data"->>'launchAccount', l."launchAccount") AS account,
           ss."data"->'effective'->>'vomsRole' AS "vomsRole"
      FROM "Submission" s JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "Campaign" c ON c.id = s."campaignId"
      JOIN "Experiment" e ON e.id = s."experimentId" JOIN "LoginSetup" l ON l.id = st."loginSetupId"
      LEFT JOIN "ConfigSnapshot" ls ON ls.id = s."loginSetupSnapshotId" LEFT JOIN "ConfigSnapshot" ss ON ss.id = s."stageSnapshotId"
     WHERE ((${scope.level} = 'campaign' AND s."campaignId" = ${scope.id}) OR (${scope.level} = 'stage' AND s."stageId" = ${scope.id}) OR (${scope.level} = 'submission' AND s.id = ${scope.id}))
       AND s."status"::text = ANY(${targetsWhere(verb)}::text[])
       AND (${verb} = 'cancel' AND s."batchId" IS NULL OR ${verb} <> 'cancel' AND s."batchId" IS NOT NULL AND NOT s."monitorDone")
     ORDER BY s.id`;
  const submissions = rows.filter((r) => (verb === "hold" ? r.jobsIdle > 0 || r.status === "NEW" : verb === "release" ? r.jobsHeld > 0 || r.status === "HELD" : true));
  const heldLaunches =
    verb === "cancel"
      ? (
          await db.$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM "HeldLaunch" h JOIN "CampaignStage" st ON st.id = h."stageId"
             WHERE h."releasedAt" IS NULL AND ((${scope.level} = 'campaign' AND st."campaignId" = ${scope.id}) OR (${scope.level} = 'stage' AND st.id = ${scope.id}))`
        )[0].n
      : 0;
  const jobs = submissions.reduce((n, s) => n + (verb === "kill" ? s.jobsIdle + s.jobsRunning + s.jobsHeld : verb === "hold" ? s.jobsIdle : verb === "release" ? s.jobsHeld : 0), 0);
  const what = { kill: "killed", hold: "held", release: "released", cancel: "cancelled" }[verb];
  const summary =
    verb === "cancel"
      ? `${heldLaunches} held launch(es) deleted and ${submissions.length} submission(s) not yet on the batch system cancelled.`
      : `${submissions.length} submission(s) ${what}, about ${jobs.toLocaleString("en")} job(s) as last read.`;
  return { verb, scope, label: owner.label, submissions, heldLaunches, jobs, summary };
}

export type ControlResult = { preview: ControlPreview; results: { submissionId: number; ok: boolean; message: string }[] };

export async function applyControl(person: SignedInPerson, scope: ControlScope, verb: ControlVerb): Promise<ControlResult> {
  const preview = await previewControl(person, scope, verb);
  const owner = await scopeOwner(scope);
  if (verb === "cancel") {
    await db.$transaction(async (tx) => {
      const ids = preview.submissions.map((s) => s.id);
      const cancelled = await tx.$queryRaw<{ id: number }[]>`
        UPDATE "Submission" SET "status" = 'CANCELLED', "statusChangedAt" = now(), "monitorDone" = true, "updatedAt" = now()
         WHERE id = ANY(${ids}::int[]) AND "status" = 'NEW' AND "batchId" IS NULL RETURNING id`;
      if (cancelled.length)
        await tx.$executeRaw`INSERT INTO "SubmissionEvent" ("submissionId", "status", "actorId", "actorKind", "reason") SELECT id, 'CANCELLED', ${person.id}, 'PERSON', 'Cancelled before it reached the batch system' FROM unnest(${cancelled.map((c) => c.id)}::int[]) AS id`;
      await tx.$executeRaw`
        DELETE FROM "HeldLaunch" h USING "CampaignStage" st WHERE st.id = h."stageId" AND h."releasedAt" IS NULL
           AND ((${scope.level} = 'campaign' AND st."campaignId" = ${scope.id}) OR (${scope.level} = 'stage' AND st.id = ${scope.id}))`;
      await recordAudit(tx, { actorId: person.id, action: "control.cancel", entityType: scope.level, entityId: scope.id, experimentId: owner.experimentId, data: { submissions: cancelled.map((c) => c.id), heldLaunches: preview.heldLaunches } });
    });
    return { preview, results: preview.submissions.map((s) => ({ submissionId: s.id, ok: true, message: "Cancelled." })) };
  }
  if (!preview.submissions.length) throw new DomainError("conflict", `Nothing to ${verb}: no submission of this ${scope.level} has jobs it applies to.`);
  const results = await inBatches(preview.submissions, 4, async (s) => {
    const r = await batchSystem(s.batchBackend).control(verb, { submissionId: s.id, batchId: s.batchId!, experiment: s.experiment, login: { host: s.host, account: s.account }, ...(s.vomsRole ? { vomsRole: s.vomsRole } : {}) });
    return { submissionId: s.id, ok: r.ok, message: r.ok ? r.value.log.trim() || "Done." : r.message };
  });
  await db.$transaction(async (tx) => {
    await recordAudit(tx, { actorId: person.id, action: `control.${verb}`, entityType: scope.level, entityId: scope.id, experimentId: owner.experimentId, data: { results } });
    // A kill the batch system accepted is final: Removed at once, by the person (the monitor never moves it out). A
    // submission already Completed (or further) keeps its state: killing its stragglers must not undo it.
    const killed = verb === "kill" ? results.filter((r) => r.ok).map((r) => r.submissionId) : [];
    if (killed.length) {
      await tx.$executeRaw`
        WITH k AS (UPDATE "Submission" SET "status" = 'REMOVED', "statusChangedAt" = now(), "updatedAt" = now() WHERE id = ANY(${killed}::int[]) AND "status" NOT IN ('REMOVED', 'COMPLETED', 'LOCATED', 'FAILED') RETURNING id)
        INSERT INTO "SubmissionEvent" ("submissionId", "status", "actorId", "actorKind", "reason") SELECT id, 'REMOVED', ${person.id}, 'PERSON', ${`Killed by ${person.username}`} FROM k`;
    }
    // Make the next refresh read these at once (a backoff must not delay what a person just did).
    await tx.$executeRaw`UPDATE "Submission" SET "nextPollAt" = NULL WHERE id = ANY(${preview.submissions.map((s) => s.id)}::int[])`;
  });
  return { preview, results };
}
