/**
 * The files a recovery type takes, per submission, as SQL over many submissions at once (the wrap-up counts and
 * copies them in bulk; nothing is loaded file by file). Each fragment selects ("submissionId", "fileId").
 * The wording of each type is lib/chains/recovery.ts RECOVERY_TYPES; docs/decisions.md says how each follows the
 * original POMS (webservice/SAMSpecifics.py create_recovery_dataset).
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { patternRegExp } from "@/lib/outputs/file-patterns";
import type { RecoveryType } from "./recovery";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/** Each submission's output file patterns as launched: the job-type snapshot's, else the job type's (as lib/outputs/tie-by-name.ts). */
const patternsOf = (ids: number[]) => Prisma.sql`
  SELECT s.id AS "submissionId",
         CASE WHEN js."data" ? 'outputFilePatterns' THEN ARRAY(SELECT jsonb_array_elements_text(js."data"->'outputFilePatterns')) ELSE jt."outputFilePatterns" END AS patterns
    FROM "Submission" s JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "JobType" jt ON jt.id = st."jobTypeId"
    LEFT JOIN "ConfigSnapshot" js ON js.id = s."jobTypeSnapshotId"
   WHERE s.id = ANY(${ids}::int[])`;

/**
 * The SQL of the files a recovery type takes for these submissions. pending_files reads the submissions' output
 * patterns first (one statement) and matches them in PostgreSQL as regular expressions made by the outputs' own rule
 * (lib/outputs/file-patterns.ts: globs or LIKE, on the base name), so both agree by construction.
 */
export async function recoveryFilesSql(client: Reader, type: RecoveryType, ids: readonly number[]): Promise<Prisma.Sql> {
  const list = [...ids];
  switch (type) {
    case "consumed_status":
      // "snapshot minus consumed": every input the jobs did not report consumed (failed, skipped, delivered, pending).
      // A submission whose jobs reported nothing per file (a backend that cannot read the lists back: jobsub, Slurm
      // through ssh) is judged by its jobs: every job finished well → nothing to recover; otherwise every input.
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf JOIN "Submission" s ON s.id = sf."submissionId"
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT' AND sf."status" <> 'CONSUMED'
           AND (s."jobsFailed" + s."jobsRemoved" + s."jobsCancelled" > 0 OR s."jobsCompleted" = 0
                OR EXISTS (SELECT 1 FROM "SubmissionFile" r WHERE r."submissionId" = sf."submissionId" AND r."role" = 'INPUT' AND r."status" IN ('CONSUMED', 'FAILED')))`;
    case "proj_status":
      // The project's (the jobs' per-file reports') failures only: files that were tried and failed.
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT' AND sf."status" = 'FAILED'`;
    case "added_files":
      // "defname minus snapshot": files that arrived in the catalogue after the submission was launched, are in its
      // input dataset now, and no submission of the stage has taken. Files already there at the launch are the
      // stage's plan (its later slices take them), never "added": a recovery must not take every future slice.
      return Prisma.sql`
        SELECT s.id AS "submissionId", df."fileId" FROM "Submission" s
          JOIN "Dataset" d ON d."experimentId" = s."experimentId" AND d."name" = s."inputDataset"
          JOIN "DatasetFile" df ON df."datasetId" = d.id
          JOIN "DataFile" f ON f.id = df."fileId" AND f."createdAt" > s."createdAt"
         WHERE s.id = ANY(${list}::int[])
           AND NOT EXISTS (SELECT 1 FROM "SubmissionFile" x JOIN "Submission" o ON o.id = x."submissionId"
                            WHERE x."fileId" = df."fileId" AND x."role" = 'INPUT' AND o."stageId" = s."stageId")`;
    case "pending_files": {
      // "snapshot minus isparentof(outputs since the launch)": inputs with no child file declared since the
      // submission was created whose base name matches the job type's output patterns as launched (any child when
      // it has none).
      const rows = await client.$queryRaw<{ submissionId: number; patterns: string[] }[]>(patternsOf(list));
      const subs: number[] = [];
      const res: string[] = [];
      const none: number[] = [];
      for (const r of rows) {
        const ps = r.patterns.filter((p) => p !== "");
        if (!ps.length) none.push(r.submissionId);
        for (const p of new Set(ps)) {
          subs.push(r.submissionId);
          res.push(patternRegExp(p).source);
        }
      }
      return Prisma.sql`
        SELECT sf."submissionId", sf."fileId" FROM "SubmissionFile" sf
          JOIN "Submission" s ON s.id = sf."submissionId"
         WHERE sf."submissionId" = ANY(${list}::int[]) AND sf."role" = 'INPUT'
           AND NOT EXISTS (SELECT 1 FROM "FileParentage" fp JOIN "DataFile" c ON c.id = fp."childId"
                            WHERE fp."parentId" = sf."fileId" AND c."createdAt" >= s."createdAt"
                              AND (s.id = ANY(${none}::int[])
                                   OR EXISTS (SELECT 1 FROM unnest(${subs}::int[], ${res}::text[]) AS o(sub, re)
                                               WHERE o.sub = s.id AND regexp_replace(c."name", '^.*/', '') ~ o.re)))`;
    }
  }
}
