/**
 * For integration tests: a fresh campaign with one stage in a seeded experiment, on the demo's job type and
 * local login/setup, so tests own their rows and never disturb the demo's.
 */
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

let n = 0;

/** A dataset of `files` files of its own in the embedded catalogue (names unique to this test run). */
export async function freshDataset(experimentId: number, files: number, prefix = "t") {
  const name = `${prefix}_${process.pid}_${Date.now()}_${++n}`;
  const ds = await db.dataset.create({ data: { experimentId, name } });
  await db.$executeRaw`
    WITH f AS (INSERT INTO "DataFile" ("experimentId", "name", "runNumber") SELECT ${experimentId}, ${name} || '_f' || lpad(i::text, 4, '0') || '.root', 100 + i / 2 FROM generate_series(0, ${files - 1}::int) i RETURNING id, "name")
    INSERT INTO "DatasetFile" ("datasetId", "fileId", "position") SELECT ${ds.id}, id, (row_number() OVER (ORDER BY "name"))::int - 1 FROM f`;
  return ds.name;
}

export async function freshStage(opts: { experiment?: string; split?: string; dataset?: string; files?: number; stage?: Partial<Prisma.CampaignStageUncheckedCreateInput>; defaults?: Prisma.InputJsonValue } = {}) {
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
      inputDataset: opts.dataset ?? (opts.files ? await freshDataset(exp.id, opts.files) : `${exp.name}_raw_2026`),
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
