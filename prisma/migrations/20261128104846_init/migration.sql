-- CreateEnum
CREATE TYPE "GlobalRole" AS ENUM ('OPOS', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ExperimentRole" AS ENUM ('ANALYSIS', 'PRODUCTION_SHIFTER', 'PRODUCTION', 'COORDINATOR');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('PERSON', 'SYSTEM');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('MC_GENERATION', 'REPROCESSING', 'KEEPUP', 'CALIBRATION', 'DATA_TRANSFER', 'OTHER');

-- CreateEnum
CREATE TYPE "TaskPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('REQUESTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskEventKind" AS ENUM ('CREATED', 'EDITED', 'TRANSITION', 'ASSIGNED', 'MOVED', 'COMMENTED', 'LINKED', 'UNLINKED');

-- CreateEnum
CREATE TYPE "StageType" AS ENUM ('REGULAR', 'TEST', 'GENERATOR', 'APPROVAL', 'DATATRANSFER');

-- CreateEnum
CREATE TYPE "CompletionType" AS ENUM ('COMPLETE', 'LOCATED');

-- CreateEnum
CREATE TYPE "BatchBackend" AS ENUM ('JOBSUB', 'SLURM');

-- CreateEnum
CREATE TYPE "SnapshotKind" AS ENUM ('STAGE', 'JOB_TYPE', 'LOGIN_SETUP');

-- CreateEnum
CREATE TYPE "SubmissionStatus" AS ENUM ('NEW', 'IDLE', 'RUNNING', 'HELD', 'COMPLETED', 'LOCATED', 'LAUNCH_FAILED', 'AWAITING_APPROVAL', 'FAILED', 'CANCELLED', 'REMOVED');

-- CreateEnum
CREATE TYPE "LaunchTrigger" AS ENUM ('MANUAL', 'TEST', 'RELAUNCH', 'RECOVERY', 'DEPENDENCY', 'SCHEDULE', 'HELD_RELEASE', 'API');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('IDLE', 'RUNNING', 'HELD', 'TRANSFERRING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'REMOVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FileRole" AS ENUM ('INPUT', 'OUTPUT');

-- CreateEnum
CREATE TYPE "FileStatus" AS ENUM ('PENDING', 'DELIVERED', 'CONSUMED', 'FAILED', 'SKIPPED', 'DECLARED', 'LOCATED');

-- CreateEnum
CREATE TYPE "ServiceKind" AS ENUM ('GROUP', 'DATA_HANDLING', 'STORAGE', 'TAPE', 'TRANSFER', 'BATCH', 'MONITORING');

-- CreateEnum
CREATE TYPE "ServiceStatus" AS ENUM ('GOOD', 'DEGRADED', 'BAD', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "DowntimeKind" AS ENUM ('ACTUAL', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "RefreshStatus" AS ENUM ('RUNNING', 'OK', 'PARTIAL', 'FAILED');

-- CreateTable
CREATE TABLE "Experiment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "oidcSubject" TEXT,
    "globalRoles" "GlobalRole"[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "currentExperimentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3),

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "role" "ExperimentRole" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "changedById" INTEGER,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "inputDataset" TEXT NOT NULL DEFAULT '',
    "softwareVersion" TEXT NOT NULL DEFAULT '',
    "estimatedFiles" INTEGER,
    "estimatedEvents" BIGINT,
    "priority" "TaskPriority" NOT NULL DEFAULT 'NORMAL',
    "neededBy" DATE,
    "links" TEXT[],
    "status" "TaskStatus" NOT NULL DEFAULT 'REQUESTED',
    "requesterId" INTEGER NOT NULL,
    "deciderId" INTEGER,
    "decisionReason" TEXT,
    "assigneeId" INTEGER,
    "boardRank" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskEvent" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "kind" "TaskEventKind" NOT NULL,
    "actorId" INTEGER,
    "actorKind" "ActorKind" NOT NULL DEFAULT 'PERSON',
    "fromStatus" "TaskStatus",
    "toStatus" "TaskStatus",
    "reason" TEXT,
    "changes" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskComment" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskCampaign" (
    "taskId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskCampaign_pkey" PRIMARY KEY ("taskId","campaignId")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "message" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoardView" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BoardView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WipLimit" (
    "id" SERIAL NOT NULL,
    "status" "TaskStatus" NOT NULL,
    "personId" INTEGER,
    "softLimit" INTEGER,
    "hardLimit" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WipLimit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "defaults" JSONB NOT NULL DEFAULT '{}',
    "keywords" JSONB NOT NULL DEFAULT '{}',
    "creatorId" INTEGER NOT NULL,
    "creatorRole" "ExperimentRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTag" (
    "campaignId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,

    CONSTRAINT "CampaignTag_pkey" PRIMARY KEY ("campaignId","tagId")
);

-- CreateTable
CREATE TABLE "CampaignStage" (
    "id" SERIAL NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "stageType" "StageType" NOT NULL DEFAULT 'REGULAR',
    "jobTypeId" INTEGER NOT NULL,
    "loginSetupId" INTEGER NOT NULL,
    "batchBackend" "BatchBackend" NOT NULL DEFAULT 'JOBSUB',
    "inputDataset" TEXT NOT NULL DEFAULT '',
    "splitType" TEXT NOT NULL DEFAULT 'none',
    "softwareVersion" TEXT NOT NULL DEFAULT '',
    "vomsRole" TEXT NOT NULL DEFAULT 'Analysis',
    "paramOverrides" JSONB NOT NULL DEFAULT '[]',
    "testParamOverrides" JSONB NOT NULL DEFAULT '[]',
    "completionType" "CompletionType" NOT NULL DEFAULT 'LOCATED',
    "completionPct" INTEGER NOT NULL DEFAULT 95,
    "failedRatio" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "hold" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageDependency" (
    "id" SERIAL NOT NULL,
    "fromStageId" INTEGER NOT NULL,
    "toStageId" INTEGER NOT NULL,
    "filePatterns" TEXT NOT NULL DEFAULT '%',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageDependency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobType" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "launchScript" TEXT NOT NULL,
    "definitionParameters" JSONB NOT NULL DEFAULT '[]',
    "filesPerJob" INTEGER,
    "outputFilePatterns" TEXT[],
    "creatorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobTypeRecovery" (
    "id" SERIAL NOT NULL,
    "jobTypeId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "recoveryType" TEXT NOT NULL,
    "paramOverrides" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "JobTypeRecovery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginSetup" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "launchHost" TEXT NOT NULL,
    "launchAccount" TEXT NOT NULL,
    "setupCommands" TEXT NOT NULL DEFAULT '',
    "creatorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginSetup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfigSnapshot" (
    "id" SERIAL NOT NULL,
    "kind" "SnapshotKind" NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "digest" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfigSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SplitCursor" (
    "stageId" INTEGER NOT NULL,
    "position" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SplitCursor_pkey" PRIMARY KEY ("stageId")
);

-- CreateTable
CREATE TABLE "SplitCursorEvent" (
    "id" SERIAL NOT NULL,
    "stageId" INTEGER NOT NULL,
    "actorId" INTEGER,
    "actorKind" "ActorKind" NOT NULL DEFAULT 'PERSON',
    "fromPosition" JSONB NOT NULL,
    "toPosition" JSONB NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SplitCursorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" SERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "stageId" INTEGER NOT NULL,
    "status" "SubmissionStatus" NOT NULL DEFAULT 'NEW',
    "trigger" "LaunchTrigger" NOT NULL,
    "batchBackend" "BatchBackend" NOT NULL,
    "batchId" TEXT,
    "parentId" INTEGER,
    "recoveryPosition" INTEGER NOT NULL DEFAULT 0,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "sliceLabel" TEXT NOT NULL DEFAULT '',
    "inputDataset" TEXT NOT NULL DEFAULT '',
    "projectName" TEXT,
    "command" TEXT NOT NULL DEFAULT '',
    "launchLog" TEXT NOT NULL DEFAULT '',
    "launchedById" INTEGER,
    "launchedByKind" "ActorKind" NOT NULL DEFAULT 'PERSON',
    "jobsTotalMax" INTEGER NOT NULL DEFAULT 0,
    "percentComplete" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "stageSnapshotId" INTEGER,
    "jobTypeSnapshotId" INTEGER,
    "loginSetupSnapshotId" INTEGER,
    "staleSince" TIMESTAMP(3),
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionEvent" (
    "id" SERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "status" "SubmissionStatus" NOT NULL,
    "actorId" INTEGER,
    "actorKind" "ActorKind" NOT NULL DEFAULT 'SYSTEM',
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubmissionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" BIGSERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "batchJobId" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL,
    "exitCode" INTEGER,
    "holdReason" TEXT,
    "holdReasonCode" INTEGER,
    "site" TEXT,
    "node" TEXT,
    "numStarts" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "cpuSeconds" DOUBLE PRECISION,
    "wallSeconds" DOUBLE PRECISION,
    "memoryMb" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataFile" (
    "id" BIGSERIAL NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "runNumber" INTEGER,
    "dataTier" TEXT,
    "metadata" JSONB,
    "declaredAt" TIMESTAMP(3),
    "locatedAt" TIMESTAMP(3),
    "location" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionFile" (
    "submissionId" INTEGER NOT NULL,
    "fileId" BIGINT NOT NULL,
    "role" "FileRole" NOT NULL,
    "status" "FileStatus" NOT NULL DEFAULT 'PENDING',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubmissionFile_pkey" PRIMARY KEY ("submissionId","fileId","role")
);

-- CreateTable
CREATE TABLE "HeldLaunch" (
    "id" SERIAL NOT NULL,
    "stageId" INTEGER NOT NULL,
    "trigger" "LaunchTrigger" NOT NULL,
    "requestedById" INTEGER,
    "requestedByKind" "ActorKind" NOT NULL DEFAULT 'PERSON',
    "params" JSONB NOT NULL DEFAULT '{}',
    "gateReason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "releasedSubmissionId" INTEGER,

    CONSTRAINT "HeldLaunch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageSchedule" (
    "id" SERIAL NOT NULL,
    "stageId" INTEGER NOT NULL,
    "cronExpression" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ownerId" INTEGER NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "ServiceKind" NOT NULL,
    "parentId" INTEGER,
    "experimentId" INTEGER,
    "url" TEXT,
    "probe" JSONB,
    "status" "ServiceStatus" NOT NULL DEFAULT 'UNKNOWN',
    "statusDetail" TEXT NOT NULL DEFAULT '',
    "statusChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckedAt" TIMESTAMP(3),
    "staleSince" TIMESTAMP(3),

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceStatusEvent" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "status" "ServiceStatus" NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceStatusEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceDowntime" (
    "id" SERIAL NOT NULL,
    "serviceId" INTEGER NOT NULL,
    "kind" "DowntimeKind" NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "reason" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceDowntime_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageService" (
    "stageId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,

    CONSTRAINT "StageService_pkey" PRIMARY KEY ("stageId","serviceId")
);

-- CreateTable
CREATE TABLE "Watch" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "campaignId" INTEGER,
    "taskId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Watch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshRun" (
    "id" SERIAL NOT NULL,
    "status" "RefreshStatus" NOT NULL DEFAULT 'RUNNING',
    "triggeredBy" TEXT NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RefreshRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "actorId" INTEGER,
    "actorKind" "ActorKind" NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "experimentId" INTEGER,
    "data" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_name_key" ON "Experiment"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Person_username_key" ON "Person"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_oidcSubject_key" ON "Person"("oidcSubject");

-- CreateIndex
CREATE INDEX "Membership_experimentId_active_idx" ON "Membership"("experimentId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_personId_experimentId_key" ON "Membership"("personId", "experimentId");

-- CreateIndex
CREATE INDEX "Task_experimentId_status_idx" ON "Task"("experimentId", "status");

-- CreateIndex
CREATE INDEX "Task_status_boardRank_idx" ON "Task"("status", "boardRank");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Task_requesterId_status_idx" ON "Task"("requesterId", "status");

-- CreateIndex
CREATE INDEX "Task_updatedAt_idx" ON "Task"("updatedAt");

-- CreateIndex
CREATE INDEX "TaskEvent_taskId_createdAt_idx" ON "TaskEvent"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "TaskEvent_toStatus_createdAt_idx" ON "TaskEvent"("toStatus", "createdAt");

-- CreateIndex
CREATE INDEX "TaskComment_taskId_createdAt_idx" ON "TaskComment"("taskId", "createdAt");

-- CreateIndex
CREATE INDEX "TaskCampaign_campaignId_idx" ON "TaskCampaign"("campaignId");

-- CreateIndex
CREATE INDEX "Notification_personId_readAt_createdAt_idx" ON "Notification"("personId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BoardView_personId_name_key" ON "BoardView"("personId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "WipLimit_status_personId_key" ON "WipLimit"("status", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_experimentId_name_key" ON "Tag"("experimentId", "name");

-- CreateIndex
CREATE INDEX "Campaign_experimentId_active_idx" ON "Campaign"("experimentId", "active");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_experimentId_name_key" ON "Campaign"("experimentId", "name");

-- CreateIndex
CREATE INDEX "CampaignTag_tagId_idx" ON "CampaignTag"("tagId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignStage_campaignId_name_key" ON "CampaignStage"("campaignId", "name");

-- CreateIndex
CREATE INDEX "StageDependency_toStageId_idx" ON "StageDependency"("toStageId");

-- CreateIndex
CREATE UNIQUE INDEX "StageDependency_fromStageId_toStageId_key" ON "StageDependency"("fromStageId", "toStageId");

-- CreateIndex
CREATE UNIQUE INDEX "JobType_experimentId_name_key" ON "JobType"("experimentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "JobTypeRecovery_jobTypeId_position_key" ON "JobTypeRecovery"("jobTypeId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "LoginSetup_experimentId_name_key" ON "LoginSetup"("experimentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ConfigSnapshot_kind_sourceId_digest_key" ON "ConfigSnapshot"("kind", "sourceId", "digest");

-- CreateIndex
CREATE INDEX "SplitCursorEvent_stageId_createdAt_idx" ON "SplitCursorEvent"("stageId", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_stageId_status_idx" ON "Submission"("stageId", "status");

-- CreateIndex
CREATE INDEX "Submission_campaignId_createdAt_idx" ON "Submission"("campaignId", "createdAt");

-- CreateIndex
CREATE INDEX "Submission_experimentId_status_idx" ON "Submission"("experimentId", "status");

-- CreateIndex
CREATE INDEX "Submission_status_updatedAt_idx" ON "Submission"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Submission_batchId_idx" ON "Submission"("batchId");

-- CreateIndex
CREATE INDEX "Submission_parentId_idx" ON "Submission"("parentId");

-- CreateIndex
CREATE INDEX "SubmissionEvent_submissionId_createdAt_idx" ON "SubmissionEvent"("submissionId", "createdAt");

-- CreateIndex
CREATE INDEX "SubmissionEvent_status_createdAt_idx" ON "SubmissionEvent"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Job_submissionId_status_idx" ON "Job"("submissionId", "status");

-- CreateIndex
CREATE INDEX "Job_status_endedAt_idx" ON "Job"("status", "endedAt");

-- CreateIndex
CREATE INDEX "Job_exitCode_idx" ON "Job"("exitCode");

-- CreateIndex
CREATE UNIQUE INDEX "Job_submissionId_batchJobId_key" ON "Job"("submissionId", "batchJobId");

-- CreateIndex
CREATE INDEX "DataFile_experimentId_runNumber_idx" ON "DataFile"("experimentId", "runNumber");

-- CreateIndex
CREATE UNIQUE INDEX "DataFile_experimentId_name_key" ON "DataFile"("experimentId", "name");

-- CreateIndex
CREATE INDEX "SubmissionFile_fileId_idx" ON "SubmissionFile"("fileId");

-- CreateIndex
CREATE INDEX "SubmissionFile_submissionId_role_status_idx" ON "SubmissionFile"("submissionId", "role", "status");

-- CreateIndex
CREATE INDEX "HeldLaunch_releasedAt_createdAt_idx" ON "HeldLaunch"("releasedAt", "createdAt");

-- CreateIndex
CREATE INDEX "HeldLaunch_stageId_idx" ON "HeldLaunch"("stageId");

-- CreateIndex
CREATE INDEX "StageSchedule_active_nextRunAt_idx" ON "StageSchedule"("active", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "Service_name_key" ON "Service"("name");

-- CreateIndex
CREATE INDEX "Service_parentId_idx" ON "Service"("parentId");

-- CreateIndex
CREATE INDEX "Service_status_idx" ON "Service"("status");

-- CreateIndex
CREATE INDEX "ServiceStatusEvent_serviceId_createdAt_idx" ON "ServiceStatusEvent"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceDowntime_serviceId_startsAt_idx" ON "ServiceDowntime"("serviceId", "startsAt");

-- CreateIndex
CREATE INDEX "ServiceDowntime_kind_endsAt_idx" ON "ServiceDowntime"("kind", "endsAt");

-- CreateIndex
CREATE INDEX "StageService_serviceId_idx" ON "StageService"("serviceId");

-- CreateIndex
CREATE INDEX "Watch_campaignId_idx" ON "Watch"("campaignId");

-- CreateIndex
CREATE INDEX "Watch_taskId_idx" ON "Watch"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Watch_personId_campaignId_taskId_key" ON "Watch"("personId", "campaignId", "taskId");

-- CreateIndex
CREATE INDEX "RefreshRun_startedAt_idx" ON "RefreshRun"("startedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_createdAt_idx" ON "AuditEvent"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_idx" ON "AuditEvent"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_experimentId_createdAt_idx" ON "AuditEvent"("experimentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_currentExperimentId_fkey" FOREIGN KEY ("currentExperimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskEvent" ADD CONSTRAINT "TaskEvent_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskEvent" ADD CONSTRAINT "TaskEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskComment" ADD CONSTRAINT "TaskComment_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskComment" ADD CONSTRAINT "TaskComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskCampaign" ADD CONSTRAINT "TaskCampaign_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskCampaign" ADD CONSTRAINT "TaskCampaign_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardView" ADD CONSTRAINT "BoardView_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WipLimit" ADD CONSTRAINT "WipLimit_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTag" ADD CONSTRAINT "CampaignTag_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTag" ADD CONSTRAINT "CampaignTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignStage" ADD CONSTRAINT "CampaignStage_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignStage" ADD CONSTRAINT "CampaignStage_jobTypeId_fkey" FOREIGN KEY ("jobTypeId") REFERENCES "JobType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignStage" ADD CONSTRAINT "CampaignStage_loginSetupId_fkey" FOREIGN KEY ("loginSetupId") REFERENCES "LoginSetup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageDependency" ADD CONSTRAINT "StageDependency_fromStageId_fkey" FOREIGN KEY ("fromStageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageDependency" ADD CONSTRAINT "StageDependency_toStageId_fkey" FOREIGN KEY ("toStageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobType" ADD CONSTRAINT "JobType_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobType" ADD CONSTRAINT "JobType_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobTypeRecovery" ADD CONSTRAINT "JobTypeRecovery_jobTypeId_fkey" FOREIGN KEY ("jobTypeId") REFERENCES "JobType"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginSetup" ADD CONSTRAINT "LoginSetup_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoginSetup" ADD CONSTRAINT "LoginSetup_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SplitCursor" ADD CONSTRAINT "SplitCursor_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SplitCursorEvent" ADD CONSTRAINT "SplitCursorEvent_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SplitCursorEvent" ADD CONSTRAINT "SplitCursorEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_launchedById_fkey" FOREIGN KEY ("launchedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_stageSnapshotId_fkey" FOREIGN KEY ("stageSnapshotId") REFERENCES "ConfigSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_jobTypeSnapshotId_fkey" FOREIGN KEY ("jobTypeSnapshotId") REFERENCES "ConfigSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_loginSetupSnapshotId_fkey" FOREIGN KEY ("loginSetupSnapshotId") REFERENCES "ConfigSnapshot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionEvent" ADD CONSTRAINT "SubmissionEvent_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionEvent" ADD CONSTRAINT "SubmissionEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataFile" ADD CONSTRAINT "DataFile_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionFile" ADD CONSTRAINT "SubmissionFile_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionFile" ADD CONSTRAINT "SubmissionFile_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "DataFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldLaunch" ADD CONSTRAINT "HeldLaunch_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldLaunch" ADD CONSTRAINT "HeldLaunch_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldLaunch" ADD CONSTRAINT "HeldLaunch_releasedSubmissionId_fkey" FOREIGN KEY ("releasedSubmissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageSchedule" ADD CONSTRAINT "StageSchedule_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageSchedule" ADD CONSTRAINT "StageSchedule_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceStatusEvent" ADD CONSTRAINT "ServiceStatusEvent_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceDowntime" ADD CONSTRAINT "ServiceDowntime_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceDowntime" ADD CONSTRAINT "ServiceDowntime_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageService" ADD CONSTRAINT "StageService_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "CampaignStage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageService" ADD CONSTRAINT "StageService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Watch" ADD CONSTRAINT "Watch_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Watch" ADD CONSTRAINT "Watch_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Watch" ADD CONSTRAINT "Watch_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
