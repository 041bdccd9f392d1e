-- CreateTable
CREATE TABLE "ChainLaunch" (
    "id" SERIAL NOT NULL,
    "parentId" INTEGER NOT NULL,
    "stageId" INTEGER NOT NULL,
    "trigger" "LaunchTrigger" NOT NULL,
    "dependencyId" INTEGER,
    "dataset" TEXT NOT NULL DEFAULT '',
    "fileCount" INTEGER NOT NULL DEFAULT 0,
    "recoveryPosition" INTEGER NOT NULL DEFAULT 0,
    "recoveryType" TEXT NOT NULL DEFAULT '',
    "recoveryOverrides" JSONB NOT NULL DEFAULT '[]',
    "onBehalfOfId" INTEGER,
    "claimedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL DEFAULT '',
    "submissionId" INTEGER,
    "heldLaunchId" INTEGER,
    "error" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChainLaunch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChainLaunch_finishedAt_claimedAt_idx" ON "ChainLaunch"("finishedAt", "claimedAt");

-- CreateIndex
CREATE INDEX "ChainLaunch_stageId_idx" ON "ChainLaunch"("stageId");

-- CreateIndex
CREATE UNIQUE INDEX "ChainLaunch_parentId_stageId_trigger_key" ON "ChainLaunch"("parentId", "stageId", "trigger");

-- AddForeignKey
ALTER TABLE "ChainLaunch" ADD CONSTRAINT "ChainLaunch_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChainLaunch" ADD CONSTRAINT "ChainLaunch_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
