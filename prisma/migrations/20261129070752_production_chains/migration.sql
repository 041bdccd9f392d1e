-- CreateEnum
CREATE TYPE "CatalogueKind" AS ENUM ('EMBEDDED', 'SAM', 'METACAT');

-- CreateEnum
CREATE TYPE "TransferState" AS ENUM ('WAITING', 'TRANSFERRING', 'DECLARED', 'LOCATED', 'STUCK');

-- AlterTable
ALTER TABLE "CampaignStage" ADD COLUMN     "graphX" INTEGER,
ADD COLUMN     "graphY" INTEGER,
ADD COLUMN     "sliceOptions" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "testSplitType" TEXT;

-- AlterTable
ALTER TABLE "DataFile" ADD COLUMN     "detector" TEXT,
ADD COLUMN     "endTime" TIMESTAMP(3),
ADD COLUMN     "eventCount" INTEGER,
ADD COLUMN     "startTime" TIMESTAMP(3),
ADD COLUMN     "stream" TEXT,
ADD COLUMN     "subrun" INTEGER;

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "query" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "catalogueKind" "CatalogueKind" NOT NULL DEFAULT 'EMBEDDED',
ADD COLUMN     "catalogueUrl" TEXT,
ADD COLUMN     "dispatcherUrl" TEXT,
ADD COLUMN     "ftsUrl" TEXT;

-- AlterTable
ALTER TABLE "StageSchedule" ADD COLUMN     "clearWhenDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "lastResult" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "catchAll" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "locatedAt" TIMESTAMP(3),
ADD COLUMN     "locatedBy" TEXT,
ADD COLUMN     "recoveryOverrides" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "sliceKey" TEXT,
ADD COLUMN     "wrapUpError" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "wrappedUpAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SubmissionFile" ADD COLUMN     "detail" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "FileParentage" (
    "childId" BIGINT NOT NULL,
    "parentId" BIGINT NOT NULL,

    CONSTRAINT "FileParentage_pkey" PRIMARY KEY ("childId","parentId")
);

-- CreateTable
CREATE TABLE "OutputTransfer" (
    "id" BIGSERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "submissionId" INTEGER,
    "fileName" TEXT NOT NULL,
    "state" "TransferState" NOT NULL,
    "rawState" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stuckSince" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutputTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FileParentage_parentId_idx" ON "FileParentage"("parentId");

-- CreateIndex
CREATE INDEX "OutputTransfer_submissionId_state_idx" ON "OutputTransfer"("submissionId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "OutputTransfer_experimentId_fileName_key" ON "OutputTransfer"("experimentId", "fileName");

-- CreateIndex
CREATE INDEX "DataFile_experimentId_startTime_idx" ON "DataFile"("experimentId", "startTime");

-- CreateIndex
CREATE INDEX "Submission_status_wrappedUpAt_idx" ON "Submission"("status", "wrappedUpAt");

-- AddForeignKey
ALTER TABLE "FileParentage" ADD CONSTRAINT "FileParentage_childId_fkey" FOREIGN KEY ("childId") REFERENCES "DataFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FileParentage" ADD CONSTRAINT "FileParentage_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "DataFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutputTransfer" ADD CONSTRAINT "OutputTransfer_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutputTransfer" ADD CONSTRAINT "OutputTransfer_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;
