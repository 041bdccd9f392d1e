/**
 * The facts the located rule (located-rule.ts) judges a submission by, as SQL over a submission aliased `s`: one
 * set of lateral joins shared by the locate step and the submission page, so both count the same way.
 *  - inputs, consumed, reported (consumed or failed) from its INPUT SubmissionFile rows;
 *  - jobSucceeded: a job of it exited 0 (per-job backends) or the monitor counted one completed;
 *  - outputsSeen / outputsLocated: with inputs, how many EXPECTED inputs (consumed, or unreported when a job
 *    succeeded) have an output made from them (OutputTransfer.parentFileId) that the dropbox has seen / that is
 *    located, one per input; without inputs (a generator), its transfers and its located ones.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

export const LOCATE_FACT_COLUMNS = Prisma.sql`
  COALESCE(fi.inputs, 0) AS inputs, COALESCE(fi.consumed, 0) AS consumed, COALESCE(fi.reported, 0) AS reported, js.ok AS "jobSucceeded",
  CASE WHEN COALESCE(fi.inputs, 0) = 0 THEN COALESCE(o.seen, 0) ELSE COALESCE(op.seen, 0) END AS "outputsSeen",
  CASE WHEN COALESCE(fi.inputs, 0) = 0 THEN COALESCE(o.located, 0) ELSE COALESCE(op.located, 0) END AS "outputsLocated"`;

export const LOCATE_FACT_JOINS = Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS inputs, count(*) FILTER (WHERE sf."status" = 'CONSUMED')::int AS consumed,
           count(*) FILTER (WHERE sf."status" IN ('CONSUMED', 'FAILED'))::int AS reported
      FROM "SubmissionFile" sf WHERE sf."submissionId" = s.id AND sf."role" = 'INPUT') fi ON true
  LEFT JOIN LATERAL (
    SELECT (s."jobsCompleted" > 0 OR EXISTS (SELECT 1 FROM "Job" j WHERE j."submissionId" = s.id AND j."exitCode" = 0)) AS ok) js ON true
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS seen, count(*) FILTER (WHERE t."state" = 'LOCATED')::int AS located
      FROM "OutputTransfer" t WHERE t."submissionId" = s.id) o ON true
  LEFT JOIN LATERAL (
    SELECT count(DISTINCT t."parentFileId")::int AS seen, count(DISTINCT t."parentFileId") FILTER (WHERE t."state" = 'LOCATED')::int AS located
      FROM "OutputTransfer" t
      JOIN "SubmissionFile" sf ON sf."submissionId" = s.id AND sf."fileId" = t."parentFileId" AND sf."role" = 'INPUT'
     WHERE t."submissionId" = s.id AND (sf."status" = 'CONSUMED' OR (sf."status" <> 'FAILED' AND js.ok))) op ON true`;
