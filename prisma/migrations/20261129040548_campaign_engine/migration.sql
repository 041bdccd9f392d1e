-- The campaign engine: optimistic versions and active flags on configuration, stage fields that inherit the
-- campaign's default when null, the monitor's counts and poll backoff on submissions, the embedded data
-- catalogue (datasets as ordered lists of files), installation-wide settings (the global launch hold).
-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "CampaignStage" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "heldAt" TIMESTAMP(3),
ADD COLUMN     "heldById" INTEGER,
ADD COLUMN     "holdReason" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "maxJobs" INTEGER,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ALTER COLUMN "batchBackend" DROP NOT NULL,
ALTER COLUMN "batchBackend" DROP DEFAULT,
ALTER COLUMN "softwareVersion" DROP NOT NULL,
ALTER COLUMN "softwareVersion" DROP DEFAULT,
ALTER COLUMN "vomsRole" DROP NOT NULL,
ALTER COLUMN "vomsRole" DROP DEFAULT,
ALTER COLUMN "completionType" DROP NOT NULL,
ALTER COLUMN "completionType" DROP DEFAULT,
ALTER COLUMN "completionPct" DROP NOT NULL,
ALTER COLUMN "completionPct" DROP DEFAULT,
ALTER COLUMN "failedRatio" DROP NOT NULL,
ALTER COLUMN "failedRatio" DROP DEFAULT;

-- AlterTable
ALTER TABLE "HeldLaunch" ADD COLUMN     "lastError" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "lastSeenAt" TIMESTAMP(3),
ADD COLUMN     "outputPath" TEXT,
ADD COLUMN     "taskIndex" INTEGER;

-- AlterTable
ALTER TABLE "JobType" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "LoginSetup" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "cursorAfter" JSONB,
ADD COLUMN     "cursorBefore" JSONB,
ADD COLUMN     "jobsCancelled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsCompleted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsFailed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsHeld" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsIdle" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsRemoved" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobsRunning" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastPolledAt" TIMESTAMP(3),
ADD COLUMN     "monitorDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "nextPollAt" TIMESTAMP(3),
ADD COLUMN     "plannedJobs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pollFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "staleReason" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "Dataset" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetFile" (
    "datasetId" INTEGER NOT NULL,
    "fileId" BIGINT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DatasetFile_pkey" PRIMARY KEY ("datasetId","fileId")
);

-- CreateTable
CREATE TABLE "InstallationSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstallationSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_experimentId_name_key" ON "Dataset"("experimentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetFile_datasetId_position_key" ON "DatasetFile"("datasetId", "position");

-- CreateIndex
CREATE INDEX "CampaignStage_jobTypeId_idx" ON "CampaignStage"("jobTypeId");

-- CreateIndex
CREATE INDEX "CampaignStage_loginSetupId_idx" ON "CampaignStage"("loginSetupId");

-- CreateIndex
CREATE INDEX "Submission_status_nextPollAt_idx" ON "Submission"("status", "nextPollAt");

-- AddForeignKey
ALTER TABLE "CampaignStage" ADD CONSTRAINT "CampaignStage_heldById_fkey" FOREIGN KEY ("heldById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetFile" ADD CONSTRAINT "DatasetFile_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetFile" ADD CONSTRAINT "DatasetFile_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "DataFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstallationSetting" ADD CONSTRAINT "InstallationSetting_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
