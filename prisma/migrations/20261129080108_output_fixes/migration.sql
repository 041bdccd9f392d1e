-- AlterTable
ALTER TABLE "OutputTransfer" ADD COLUMN     "absentReads" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "parentFileId" BIGINT,
ADD COLUMN     "tieNote" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tieTriedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "OutputTransfer_experimentId_submissionId_tieTriedAt_idx" ON "OutputTransfer"("experimentId", "submissionId", "tieTriedAt");

-- Submissions that were Completed or Located before outputs and chains were tracked are history: the wrap-up
-- (lib/chains) must not launch recoveries or dependent stages for all of them at the first refresh. They are marked
-- wrapped up as of when they last changed state; a Located one without locatedAt gets that time too. They may still
-- become Located by the locate step (shown on their page), but nothing is launched for them.
UPDATE "Submission" SET "locatedAt" = "statusChangedAt" WHERE "status" = 'LOCATED' AND "locatedAt" IS NULL;
UPDATE "Submission" SET "wrappedUpAt" = COALESCE("locatedAt", "statusChangedAt")
 WHERE "status" IN ('COMPLETED', 'LOCATED') AND "wrappedUpAt" IS NULL;
