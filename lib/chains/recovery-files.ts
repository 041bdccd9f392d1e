/**
 * The files a recovery type takes, per submission, as SQL over many submissions at once (the wrap-up counts and
 * copies them in bulk; nothing is loaded file by file). Each fragment selects ("submissionId", "fileId").
 * The wording of each type is lib/chains/recovery.ts RECOVERY_TYPES; docs/decisions.md says how each follows the
 * original POMS (webservice/SAMSpecifics.py create_recovery_dataset).
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RecoveryType } from "./recovery";

export function recoveryFilesSql(type: RecoveryType, ids: readonly number[]): Prisma.Sql {
  const list = [...ids];
  switch (type) {
    case "consumed_status":
      // "snapshot minus consumed": every input the jobs did not report consumed (failed, skipped, delivered, pending).
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT' AND sf."status" <> 'CONSUMED'`;
    case "proj_status":
      // The project's (the jobs' per-file reports') failures only: files that were tried and failed.
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT' AND sf."status" = 'FAILED'`;
    case "added_files":
      // "defname minus snapshot": files in the input dataset now that no submission of the stage has taken (a slice
      // of a split dataset is not "added": the stage's other submissions took it or will).
      return Prisma.sql`
        SELECT s.id AS "submissionId", df."fileId" FROM "Submission" s
          JOIN "Dataset" d ON d."experimentId" = s."experimentId" AND d."name" = s."inputDataset"
          JOIN "DatasetFile" df ON df."datasetId" = d.id
         WHERE s.id = ANY(${list}::int[])
           AND NOT EXISTS (SELECT 1 FROM "SubmissionFile" x JOIN "Submission" o ON o.id = x."submissionId"
                            WHERE x."fileId" = df."fileId" AND x."role" = 'INPUT' AND o."stageId" = s."stageId")`;
    case "pending_files":
      // "snapshot minus isparentof(outputs since the launch)": inputs with no child file declared since the
      // submission was created whose name matches the job type's output patterns (any child when it has none).
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf
          JOIN "Submission" s ON s.id = sf."submissionId"
          JOIN "CampaignStage" st ON st.id = s."stageId"
          JOIN "JobType" jt ON jt.id = st."jobTypeId"
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT'
           AND NOT EXISTS (SELECT 1 FROM "FileParentage" fp JOIN "DataFile" c ON c.id = fp."childId"
                            WHERE fp."parentId" = sf."fileId" AND c."createdAt" >= s."createdAt"
                              AND (cardinality(jt."outputFilePatterns") = 0 OR c."name" LIKE ANY(jt."outputFilePatterns")))`;
  }
}
