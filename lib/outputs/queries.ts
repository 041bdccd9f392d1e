/**
 * The submission page's files: inputs consumed, failed and not processed (with the jobs' words), outputs as the
 * dropbox and the catalogue see them (stuck ones first, with their reason), the dropbox's health, and where the
 * submission stands on its way to Located (the completion rule as launched). A few statements; lists bounded.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import type { CompletionType, FileStatus, TransferState } from "@/lib/generated/prisma/enums";
import { effectiveStage } from "@/lib/campaigns/effective";
import { judgeLocated } from "./located-rule";
import { shownLocation } from "./labels";
import { readHealth } from "./fts-dropbox";
import { LOCATE_FACT_COLUMNS, LOCATE_FACT_JOINS } from "./located-facts";
import { TIE_WINDOW_DAYS } from "./tie-by-name";
import { env } from "@/lib/env";
import { localSpoolRoot } from "@/lib/batch/registry";

export const FILE_LIST_LIMIT = 200;


export type InputFileRow = { name: string; status: FileStatus; detail: string };
export type OutputFileRow = { name: string; state: TransferState; rawState: string; reason: string; stuckSince: Date | null; firstSeenAt: Date; location: string | null; parent: string | null };

export async function submissionFiles(person: SignedInPerson, id: number) {
  const s = await db.submission.findUnique({
    where: { id },
    select: {
      id: true, status: true, experimentId: true, monitorDone: true, isTest: true, statusChangedAt: true, locatedAt: true, locatedBy: true,
      experiment: { select: { ftsUrl: true } },
      campaign: { select: { creatorId: true, creatorRole: true, defaults: true } },
      stage: { select: { completionType: true, completionPct: true } },
      stageSnapshot: { select: { data: true } },
    },
  });
  if (!s) throw notFound("Submission");
  mustSeeExperiment(person, s.experimentId, "Submission");
  const [counts] = await db.$queryRaw<{ inputs: number; consumed: number; reported: number; jobSucceeded: boolean; outputsSeen: number; outputsLocated: number }[]>`
    SELECT ${LOCATE_FACT_COLUMNS} FROM "Submission" s ${LOCATE_FACT_JOINS} WHERE s.id = ${id}`;
  const failed = counts.reported - counts.consumed;
  const notProcessed = await db.$queryRaw<InputFileRow[]>`
    SELECT f."name", sf."status", sf."detail" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId"
     WHERE sf."submissionId" = ${id} AND sf."role" = 'INPUT' AND sf."status" <> 'CONSUMED'
     ORDER BY (sf."status" = 'FAILED') DESC, f."name" LIMIT ${FILE_LIST_LIMIT}`;
  const outputs = await db.$queryRaw<OutputFileRow[]>`
    SELECT t."fileName" AS name, t."state", t."rawState", t."reason", t."stuckSince", t."firstSeenAt", f."location",
           (SELECT p."name" FROM "FileParentage" fp JOIN "DataFile" p ON p.id = fp."parentId" WHERE fp."childId" = f.id ORDER BY p."name" LIMIT 1) AS parent
      FROM "OutputTransfer" t LEFT JOIN "DataFile" f ON f."experimentId" = t."experimentId" AND f."name" = t."fileName"
     WHERE t."submissionId" = ${id}
     ORDER BY CASE t."state" WHEN 'STUCK' THEN 0 WHEN 'WAITING' THEN 1 WHEN 'TRANSFERRING' THEN 2 WHEN 'DECLARED' THEN 3 ELSE 4 END, t."fileName"
     LIMIT ${FILE_LIST_LIMIT}`;
  const byState = await db.$queryRaw<{ state: TransferState; n: number }[]>`
    SELECT "state", count(*)::int AS n FROM "OutputTransfer" WHERE "submissionId" = ${id} GROUP BY 1`;
  const outputCounts: Record<TransferState, number> = { WAITING: 0, TRANSFERRING: 0, DECLARED: 0, LOCATED: 0, STUCK: 0 };
  for (const r of byState) outputCounts[r.state] = r.n;

  const snap = (s.stageSnapshot?.data ?? null) as { effective?: { completionType?: CompletionType; completionPct?: number } } | null;
  const eff = effectiveStage({ softwareVersion: null, vomsRole: null, batchBackend: null, completionType: s.stage.completionType, completionPct: s.stage.completionPct, failedRatio: null, paramOverrides: [] }, s.campaign.defaults);
  const completionType = snap?.effective?.completionType ?? eff.completionType;
  const completionPct = snap?.effective?.completionPct ?? eff.completionPct;
  const verdict =
    s.status === "COMPLETED" && !s.isTest
      ? judgeLocated({ completionType, completionPct, ...counts, completedAt: s.statusChangedAt }, new Date())
      : null;
  const spool = localSpoolRoot(env());
  // Files the experiment's FTS holds that no submission explains: tried for TIE_WINDOW_DAYS after first seen, then given up.
  const tieSince = new Date(Date.now() - TIE_WINDOW_DAYS * 86_400_000);
  const [untied] = s.experiment.ftsUrl
    ? await db.$queryRaw<{ trying: number; givenUp: number }[]>`
        SELECT count(*) FILTER (WHERE "firstSeenAt" >= ${tieSince})::int AS trying, count(*) FILTER (WHERE "firstSeenAt" < ${tieSince})::int AS "givenUp"
          FROM "OutputTransfer" WHERE "experimentId" = ${s.experimentId} AND "submissionId" IS NULL AND "state" <> 'LOCATED'`
    : [{ trying: 0, givenUp: 0 }];
  const owner = { experimentId: s.experimentId, ownerId: s.campaign.creatorId, ownerRole: s.campaign.creatorRole };
  return {
    status: s.status,
    inputs: { total: counts.inputs, consumed: counts.consumed, failed, notProcessed: counts.inputs - counts.consumed, unreported: counts.inputs - counts.reported, jobsOver: s.monitorDone },
    notProcessed,
    outputs: outputs.map((o) => ({ ...o, location: shownLocation(o.location, spool) })),
    outputCounts,
    dropbox: { kind: s.experiment.ftsUrl ? ("fts" as const) : ("embedded" as const), health: s.experiment.ftsUrl ? await readHealth(s.experimentId) : null, untied, tieWindowDays: TIE_WINDOW_DAYS },
    located: { at: s.locatedAt, by: s.locatedBy, completionType, completionPct, isTest: s.isTest, waiting: verdict && !verdict.located ? verdict.reason : null },
    rights: { kick: s.status === "COMPLETED" && !s.isTest && decide(person, "campaign.act", owner).allowed },
  };
}
export type SubmissionFiles = Awaited<ReturnType<typeof submissionFiles>>;
