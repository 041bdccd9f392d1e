-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED');

-- CreateEnum
CREATE TYPE "IncidentImpact" AS ENUM ('NONE', 'MINOR', 'MAJOR', 'CRITICAL');

-- CreateEnum
CREATE TYPE "ForecastState" AS ENUM ('ON_TRACK', 'STALLED', 'FINISHED', 'NO_DATA');

-- DropIndex
DROP INDEX "Watch_personId_campaignId_taskId_key";

-- AlterTable
ALTER TABLE "HeldLaunch" ADD COLUMN     "heldByServiceIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "serviceId" INTEGER;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "badShare" DOUBLE PRECISION,
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "gatesAll" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "goodShare" DOUBLE PRECISION,
ADD COLUMN     "lastGoodReadAt" TIMESTAMP(3),
ADD COLUMN     "lastValue" DOUBLE PRECISION,
ADD COLUMN     "nextProbeAt" TIMESTAMP(3),
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "probeFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "recentResults" "ServiceStatus"[] DEFAULT ARRAY[]::"ServiceStatus"[],
ADD COLUMN     "staleReason" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ServiceDowntime" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "title" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ServiceStatusEvent" ADD COLUMN     "fromStatus" "ServiceStatus";

-- AlterTable
ALTER TABLE "Watch" ADD COLUMN     "serviceId" INTEGER;

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'INVESTIGATING',
    "impact" "IncidentImpact" NOT NULL DEFAULT 'MINOR',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentService" (
    "incidentId" INTEGER NOT NULL,
    "serviceId" INTEGER NOT NULL,

    CONSTRAINT "IncidentService_pkey" PRIMARY KEY ("incidentId","serviceId")
);

-- CreateTable
CREATE TABLE "IncidentUpdate" (
    "id" SERIAL NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "status" "IncidentStatus" NOT NULL,
    "message" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageHourRollup" (
    "stageId" INTEGER NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "filesDone" INTEGER NOT NULL DEFAULT 0,
    "filesFailed" INTEGER NOT NULL DEFAULT 0,
    "jobsCompleted" INTEGER NOT NULL DEFAULT 0,
    "jobsFailed" INTEGER NOT NULL DEFAULT 0,
    "jobsRemoved" INTEGER NOT NULL DEFAULT 0,
    "cpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "wallSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sampleIdle" INTEGER,
    "sampleRunning" INTEGER,
    "sampleHeld" INTEGER,
    "sampledAt" TIMESTAMP(3),

    CONSTRAINT "StageHourRollup_pkey" PRIMARY KEY ("stageId","hour")
);

-- CreateTable
CREATE TABLE "FailureRollup" (
    "stageId" INTEGER NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "exitCode" INTEGER NOT NULL DEFAULT -1,
    "holdReason" TEXT NOT NULL DEFAULT '',
    "site" TEXT NOT NULL DEFAULT '',
    "campaignId" INTEGER NOT NULL,
    "experimentId" INTEGER NOT NULL,
    "jobs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FailureRollup_pkey" PRIMARY KEY ("stageId","hour","exitCode","holdReason","site")
);

-- CreateTable
CREATE TABLE "EfficiencyRollup" (
    "stageId" INTEGER NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "bucket" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "jobs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EfficiencyRollup_pkey" PRIMARY KEY ("stageId","day","bucket")
);

-- CreateTable
CREATE TABLE "CampaignForecast" (
    "campaignId" INTEGER NOT NULL,
    "state" "ForecastState" NOT NULL,
    "filesTotal" INTEGER NOT NULL DEFAULT 0,
    "filesDone" INTEGER NOT NULL DEFAULT 0,
    "medianAt" TIMESTAMP(3),
    "lowAt" TIMESTAMP(3),
    "highAt" TIMESTAMP(3),
    "dailyRate" DOUBLE PRECISION,
    "erratic" BOOLEAN NOT NULL DEFAULT false,
    "method" JSONB NOT NULL DEFAULT '{}',
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignForecast_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE INDEX "Incident_resolvedAt_startedAt_idx" ON "Incident"("resolvedAt", "startedAt");

-- CreateIndex
CREATE INDEX "IncidentService_serviceId_idx" ON "IncidentService"("serviceId");

-- CreateIndex
CREATE INDEX "IncidentUpdate_incidentId_createdAt_idx" ON "IncidentUpdate"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "StageHourRollup_campaignId_hour_idx" ON "StageHourRollup"("campaignId", "hour");

-- CreateIndex
CREATE INDEX "StageHourRollup_experimentId_hour_idx" ON "StageHourRollup"("experimentId", "hour");

-- CreateIndex
CREATE INDEX "StageHourRollup_hour_idx" ON "StageHourRollup"("hour");

-- CreateIndex
CREATE INDEX "FailureRollup_campaignId_hour_idx" ON "FailureRollup"("campaignId", "hour");

-- CreateIndex
CREATE INDEX "FailureRollup_experimentId_hour_idx" ON "FailureRollup"("experimentId", "hour");

-- CreateIndex
CREATE INDEX "EfficiencyRollup_campaignId_day_idx" ON "EfficiencyRollup"("campaignId", "day");

-- CreateIndex
CREATE INDEX "CampaignForecast_state_medianAt_idx" ON "CampaignForecast"("state", "medianAt");

-- CreateIndex
CREATE INDEX "ServiceDowntime_kind_startsAt_idx" ON "ServiceDowntime"("kind", "startsAt");

-- CreateIndex
CREATE INDEX "ServiceStatusEvent_createdAt_idx" ON "ServiceStatusEvent"("createdAt");

-- CreateIndex
CREATE INDEX "Watch_serviceId_idx" ON "Watch"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "Watch_personId_campaignId_taskId_serviceId_key" ON "Watch"("personId", "campaignId", "taskId", "serviceId");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentUpdate" ADD CONSTRAINT "IncidentUpdate_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentUpdate" ADD CONSTRAINT "IncidentUpdate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Watch" ADD CONSTRAINT "Watch_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignForecast" ADD CONSTRAINT "CampaignForecast_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
