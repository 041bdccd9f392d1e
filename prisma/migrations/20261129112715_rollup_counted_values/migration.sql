-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "countedCpuSeconds" DOUBLE PRECISION,
ADD COLUMN     "countedExitCode" INTEGER,
ADD COLUMN     "countedHoldReason" TEXT,
ADD COLUMN     "countedHour" TIMESTAMP(3),
ADD COLUMN     "countedSite" TEXT,
ADD COLUMN     "countedStatus" "JobStatus",
ADD COLUMN     "countedWallSeconds" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "inputsCountedAt" TIMESTAMP(3),
ADD COLUMN     "inputsCountedDone" INTEGER,
ADD COLUMN     "inputsCountedFailed" INTEGER;

-- What the rollups already counted, as they counted it (lib/rollups): each counted job with its values in the hour
-- of its end (else of its counting); each submission whose inputs were counted whole, when it first reached
-- Completed or Failed. From here the refresh takes these back when the values change (`npm run rollups:rebuild`
-- settles anything counted differently before).
UPDATE "Job" SET "countedHour" = date_trunc('hour', COALESCE("endedAt", "countedAt")), "countedStatus" = "status", "countedExitCode" = "exitCode",
       "countedHoldReason" = "holdReason", "countedSite" = "site", "countedCpuSeconds" = "cpuSeconds", "countedWallSeconds" = "wallSeconds"
 WHERE "countedAt" IS NOT NULL;

UPDATE "Submission" s SET "inputsCountedAt" = fe.at,
       "inputsCountedDone" = CASE WHEN s."jobsFailed" + s."jobsRemoved" + s."jobsCancelled" = 0 AND s."jobsCompleted" > 0 THEN fi.n ELSE 0 END,
       "inputsCountedFailed" = CASE WHEN s."jobsFailed" + s."jobsRemoved" + s."jobsCancelled" = 0 AND s."jobsCompleted" > 0 THEN 0 ELSE fi.n END
  FROM (SELECT e."submissionId", min(e."createdAt") AS at FROM "SubmissionEvent" e WHERE e."status" IN ('COMPLETED', 'FAILED') GROUP BY 1) fe,
       (SELECT sf."submissionId", count(*)::int AS n FROM "SubmissionFile" sf WHERE sf."role" = 'INPUT' GROUP BY 1) fi
 WHERE fe."submissionId" = s.id AND fi."submissionId" = s.id AND fi.n > 0
   AND NOT EXISTS (SELECT 1 FROM "SubmissionFile" r WHERE r."submissionId" = s.id AND r."role" = 'INPUT' AND r."status" IN ('CONSUMED', 'FAILED'));
