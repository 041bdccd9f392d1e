-- DropIndex
DROP INDEX "Submission_status_nextPollAt_idx";

-- CreateIndex
CREATE INDEX "Job_submissionId_id_idx" ON "Job"("submissionId", "id");

-- CreateIndex
CREATE INDEX "Submission_monitorDone_lastPolledAt_idx" ON "Submission"("monitorDone", "lastPolledAt");
