-- AlterEnum
ALTER TYPE "RefreshStatus" ADD VALUE 'ABANDONED';

-- AlterTable
ALTER TABLE "RefreshRun" ADD COLUMN     "job" TEXT NOT NULL DEFAULT 'refresh';

-- CreateIndex
CREATE INDEX "RefreshRun_job_status_idx" ON "RefreshRun"("job", "status");
