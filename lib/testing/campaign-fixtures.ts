/**
 * For integration tests: a fresh campaign with one stage in a seeded experiment, on the demo's job type and
 * local login/setup, so tests own their rows and never disturb the demo's.
 */
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

let n = 0;

export async function freshStage(opts: { experiment?: string; split?: string; dataset?: string; stage?: Partial<Prisma.CampaignStageUncheckedCreateInput>; defaults?: Prisma.InputJsonValue } = {}) {
  const exp = await db.experiment.findUniqueOrThrow({ where: { name: opts.experiment ?? "nova" } });
  const jobType = await db.jobType.findFirstOrThrow({ where: { experimentId: exp.id, name: `${exp.name}_demo_job` } });
  const login = await db.loginSetup.findFirstOrThrow({ where: { experimentId: exp.id, launchHost: "localhost" }, orderBy: { id: "asc" } });
  const owner = await db.membership.findFirstOrThrow({ where: { experimentId: exp.id, role: "PRODUCTION", active: true } });
  const campaign = await db.campaign.create({
    data: {
      experimentId: exp.id,
      name: `test_${process.pid}_${Date.now()}_${++n}`,
      creatorId: owner.personId,
      creatorRole: "PRODUCTION",
      defaults: opts.defaults ?? { batchBackend: "LOCAL", completionPct: 95 },
      keywords: { config: "test.fcl" },
    },
  });
  const stage = await db.campaignStage.create({
    data: {
      campaignId: campaign.id,
      name: "reco",
      jobTypeId: jobType.id,
      loginSetupId: login.id,
      inputDataset: opts.dataset ?? `${exp.name}_raw_2026`,
      splitType: opts.split ?? "nfiles(4)",
      ...opts.stage,
    },
  });
  return { experiment: exp, campaign, stage, jobType, login, ownerId: owner.personId };
}

/** A submission of the stage as if launched, with a batch id (not on any batch system). */
export async function fakeLaunchedSubmission(stage: { id: number; campaignId: number }, experimentId: number, data: Partial<Prisma.SubmissionUncheckedCreateInput> = {}) {
  return db.submission.create({
    data: { experimentId, campaignId: stage.campaignId, stageId: stage.id, status: "NEW", trigger: "MANUAL", batchBackend: "LOCAL", batchId: `test-${Date.now()}-${++n}`, plannedJobs: 4, ...data },
  });
}
