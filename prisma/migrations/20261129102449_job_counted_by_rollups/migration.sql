-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "countedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Job_submissionId_countedAt_idx" ON "Job"("submissionId", "countedAt");
