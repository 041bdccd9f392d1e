/**
 * Reading campaign configuration: the campaigns list (with the URL's filters), a campaign's configuration with
 * its stages and their effective (inherited) values, a stage's configuration with the choices its form needs,
 * job types and login/setups with the campaigns that use them. Visibility through the one policy; a thing the
 * person may not see is "not found". Each read is a fixed number of statements (no per-row queries).
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { can, visibleExperimentIds, type Actor } from "@/lib/people/policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { effectiveStage, readDefaults, readPairs } from "./effective";
import { readSliceOptions } from "./split/slice-options";
import type { CampaignListQuery } from "./list-query";
import { keywordPairsOf } from "./commands/campaign-tags";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { taskKey } from "@/lib/tasks/keys";

const LIST_LIMIT = 500;

function visibleWhere(actor: Actor): Prisma.CampaignWhereInput {
  const ids = visibleExperimentIds(actor);
  return ids === undefined ? {} : { experimentId: { in: ids } };
}

export async function listCampaigns(actor: Actor, query: CampaignListQuery) {
  const where: Prisma.CampaignWhereInput = {
    AND: [
      visibleWhere(actor),
      query.experiment ? { experiment: { name: query.experiment } } : {},
      query.tag ? { tags: { some: { tag: { name: query.tag } } } } : {},
      query.active === "all" ? {} : { active: query.active === "active" },
      query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { description: { contains: query.q, mode: "insensitive" } }] } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db.campaign.findMany({
      where,
      orderBy: [{ experiment: { name: "asc" } }, { name: "asc" }],
      take: LIST_LIMIT,
      select: {
        id: true,
        name: true,
        active: true,
        version: true,
        creatorId: true,
        creatorRole: true,
        experimentId: true,
        updatedAt: true,
        experiment: { select: { name: true, displayName: true } },
        creator: { select: { name: true, username: true } },
        tags: { select: { tag: { select: { name: true } } } },
        _count: { select: { stages: true } },
      },
    }),
    db.campaign.count({ where }),
  ]);
  return {
    total,
    limited: total > rows.length,
    campaigns: rows.map((c) => ({
      id: c.id,
      name: c.name,
      active: c.active,
      version: c.version,
      experiment: c.experiment.name,
      experimentName: c.experiment.displayName,
      owner: { name: c.creator.name, username: c.creator.username, role: c.creatorRole },
      tags: c.tags.map((t) => t.tag.name).sort(),
      stages: c._count.stages,
      updatedAt: c.updatedAt,
      canModify: can(actor, "campaign.modify", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole }),
    })),
  };
}

/** Tags in use in the experiments the person sees (for the list's filter). */
export async function campaignTagNames(actor: Actor): Promise<string[]> {
  const ids = visibleExperimentIds(actor);
  const tags = await db.tag.findMany({ where: { ...(ids ? { experimentId: { in: ids } } : {}), campaigns: { some: {} } }, select: { name: true }, distinct: ["name"], orderBy: { name: "asc" } });
  return tags.map((t) => t.name);
}

type StageRow = Prisma.CampaignStageGetPayload<{ include: { jobType: { select: { id: true; name: true; active: true } }; loginSetup: { select: { id: true; name: true; active: true } }; upstream: { include: { fromStage: { select: { name: true } } } }; neededServices: { select: { service: { select: { id: true; displayName: true } } } } } }>;

function stageJson(s: StageRow, defaults: unknown) {
  return {
    id: s.id,
    campaignId: s.campaignId,
    name: s.name,
    position: s.position,
    stageType: s.stageType,
    jobType: s.jobType,
    loginSetup: s.loginSetup,
    batchBackend: s.batchBackend,
    inputDataset: s.inputDataset,
    splitType: s.splitType,
    testSplitType: s.testSplitType,
    sliceOptions: readSliceOptions(s.sliceOptions),
    softwareVersion: s.softwareVersion,
    vomsRole: s.vomsRole,
    paramOverrides: readPairs(s.paramOverrides),
    testParamOverrides: readPairs(s.testParamOverrides),
    completionType: s.completionType,
    completionPct: s.completionPct,
    failedRatio: s.failedRatio,
    maxJobs: s.maxJobs,
    active: s.active,
    version: s.version,
    updatedAt: s.updatedAt,
    dependencies: s.upstream.map((d) => ({ fromStageId: d.fromStageId, fromStage: d.fromStage.name, filePatterns: d.filePatterns })),
    services: s.neededServices.map((x) => ({ id: x.service.id, name: x.service.displayName })).sort((a, b) => a.name.localeCompare(b.name)),
    /** What launching uses: null fields resolved from the campaign's defaults (lib/campaigns/effective.ts). */
    effective: effectiveStage(s, defaults),
  };
}

const STAGE_INCLUDE = {
  jobType: { select: { id: true, name: true, active: true } },
  loginSetup: { select: { id: true, name: true, active: true } },
  upstream: { include: { fromStage: { select: { name: true } } }, orderBy: { fromStageId: "asc" } },
  neededServices: { select: { service: { select: { id: true, displayName: true } } } },
} as const;

/** A campaign's configuration with its stages (configuration only; run-time state is the campaign page's). */
export async function campaignConfig(actor: Actor, id: number) {
  const c = await db.campaign.findUnique({
    where: { id },
    include: {
      experiment: { select: { name: true, displayName: true } },
      creator: { select: { name: true, username: true } },
      tags: { select: { tag: { select: { name: true } } } },
      tasks: { select: { task: { select: { id: true, number: true, title: true } } } },
      stages: { include: STAGE_INCLUDE, orderBy: [{ position: "asc" }, { id: "asc" }] },
    },
  });
  if (!c) throw notFound("Campaign");
  mustSeeExperiment(actor, c.experimentId, "Campaign");
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    active: c.active,
    version: c.version,
    experiment: c.experiment.name,
    experimentId: c.experimentId,
    experimentName: c.experiment.displayName,
    owner: { name: c.creator.name, username: c.creator.username, role: c.creatorRole },
    defaults: readDefaults(c.defaults),
    keywords: keywordPairsOf(c.keywords),
    tags: c.tags.map((t) => t.tag.name).sort(),
    tasks: c.tasks.map((t) => ({ id: t.task.id, key: taskKey(c.experiment.name, t.task.number), title: t.task.title })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    canModify: can(actor, "campaign.modify", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole }),
    stages: c.stages.map((s) => stageJson(s, c.defaults)),
  };
}
export type CampaignConfig = Awaited<ReturnType<typeof campaignConfig>>;

/** A stage's configuration, its campaign's defaults and the effective values. */
export async function stageConfig(actor: Actor, id: number) {
  const s = await db.campaignStage.findUnique({
    where: { id },
    include: { ...STAGE_INCLUDE, campaign: { select: { id: true, name: true, experimentId: true, defaults: true, creatorId: true, creatorRole: true, experiment: { select: { name: true } } } } },
  });
  if (!s) throw notFound("Stage");
  mustSeeExperiment(actor, s.campaign.experimentId, "Stage");
  return {
    stage: stageJson(s, s.campaign.defaults),
    campaign: { id: s.campaign.id, name: s.campaign.name, experiment: s.campaign.experiment.name, experimentId: s.campaign.experimentId, defaults: readDefaults(s.campaign.defaults) },
    canModify: can(actor, "campaign.modify", { experimentId: s.campaign.experimentId, ownerId: s.campaign.creatorId, ownerRole: s.campaign.creatorRole }),
  };
}
export type StageConfig = Awaited<ReturnType<typeof stageConfig>>;

/** What a stage form offers: the experiment's active job types and login/setups, its datasets, the campaign's stages. */
export async function stageFormChoices(experimentId: number, campaignId: number) {
  const [jobTypes, loginSetups, datasets, stages, services] = await Promise.all([
    db.jobType.findMany({ where: { experimentId }, select: { id: true, name: true, active: true }, orderBy: { name: "asc" } }),
    db.loginSetup.findMany({ where: { experimentId }, select: { id: true, name: true, active: true }, orderBy: { name: "asc" } }),
    db.dataset.findMany({ where: { experimentId }, select: { name: true }, orderBy: { name: "asc" }, take: 1000 }),
    db.campaignStage.findMany({ where: { campaignId }, select: { id: true, name: true }, orderBy: [{ position: "asc" }, { id: "asc" }] }),
    // Services a stage may need: active ones of the installation or of this experiment, groups first in tree order.
    db.service.findMany({ where: { active: true, OR: [{ experimentId: null }, { experimentId }] }, select: { id: true, displayName: true, kind: true, gatesAll: true, parent: { select: { displayName: true } } }, orderBy: [{ displayName: "asc" }], take: 500 }),
  ]);
  return { jobTypes, loginSetups, datasets: datasets.map((d) => d.name), stages, services: services.map((s) => ({ id: s.id, name: s.displayName, group: s.kind === "GROUP", gatesAll: s.gatesAll, parent: s.parent?.displayName ?? null })) };
}

const usedBy = (by: Prisma.CampaignStageWhereInput) => ({ where: { stages: { some: by } }, select: { id: true, name: true, active: true }, orderBy: { name: "asc" as const } });

export async function listJobTypes(actor: Actor, experiment?: string) {
  const ids = visibleExperimentIds(actor);
  const rows = await db.jobType.findMany({
    where: { ...(ids ? { experimentId: { in: ids } } : {}), ...(experiment ? { experiment: { name: experiment } } : {}) },
    orderBy: [{ experiment: { name: "asc" } }, { name: "asc" }],
    take: LIST_LIMIT,
    select: { id: true, name: true, active: true, version: true, experimentId: true, launchScript: true, updatedAt: true, experiment: { select: { name: true } }, creator: { select: { name: true } }, _count: { select: { stages: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active, version: r.version, experiment: r.experiment.name, launchScript: r.launchScript, creator: r.creator.name, stages: r._count.stages, updatedAt: r.updatedAt, canModify: can(actor, "campaign.modify", { experimentId: r.experimentId }) }));
}

export async function jobTypeDetail(actor: Actor, id: number) {
  const r = await db.jobType.findUnique({ where: { id }, include: { experiment: { select: { name: true } }, creator: { select: { name: true } }, recoveries: { orderBy: { position: "asc" } } } });
  if (!r) throw notFound("Job type");
  mustSeeExperiment(actor, r.experimentId, "Job type");
  const campaigns = await db.campaign.findMany(usedBy({ jobTypeId: id }));
  return {
    id: r.id,
    name: r.name,
    experiment: r.experiment.name,
    launchScript: r.launchScript,
    definitionParameters: readPairs(r.definitionParameters),
    filesPerJob: r.filesPerJob,
    outputFilePatterns: r.outputFilePatterns,
    recoveries: r.recoveries.map((x) => ({ recoveryType: x.recoveryType, paramOverrides: readPairs(x.paramOverrides) })),
    active: r.active,
    version: r.version,
    creator: r.creator.name,
    updatedAt: r.updatedAt,
    usedBy: campaigns,
    canModify: can(actor, "campaign.modify", { experimentId: r.experimentId }),
  };
}
export type JobTypeDetail = Awaited<ReturnType<typeof jobTypeDetail>>;

export async function listLoginSetups(actor: Actor, experiment?: string) {
  const ids = visibleExperimentIds(actor);
  const rows = await db.loginSetup.findMany({
    where: { ...(ids ? { experimentId: { in: ids } } : {}), ...(experiment ? { experiment: { name: experiment } } : {}) },
    orderBy: [{ experiment: { name: "asc" } }, { name: "asc" }],
    take: LIST_LIMIT,
    select: { id: true, name: true, active: true, version: true, experimentId: true, launchHost: true, launchAccount: true, updatedAt: true, experiment: { select: { name: true } }, creator: { select: { name: true } }, _count: { select: { stages: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active, version: r.version, experiment: r.experiment.name, launchHost: r.launchHost, launchAccount: r.launchAccount, creator: r.creator.name, stages: r._count.stages, updatedAt: r.updatedAt, canModify: can(actor, "campaign.modify", { experimentId: r.experimentId }) }));
}

export async function loginSetupDetail(actor: Actor, id: number) {
  const r = await db.loginSetup.findUnique({ where: { id }, include: { experiment: { select: { name: true } }, creator: { select: { name: true } } } });
  if (!r) throw notFound("Login/setup");
  mustSeeExperiment(actor, r.experimentId, "Login/setup");
  const campaigns = await db.campaign.findMany(usedBy({ loginSetupId: id }));
  return {
    id: r.id,
    name: r.name,
    experiment: r.experiment.name,
    launchHost: r.launchHost,
    launchAccount: r.launchAccount,
    setupCommands: r.setupCommands,
    active: r.active,
    version: r.version,
    creator: r.creator.name,
    updatedAt: r.updatedAt,
    usedBy: campaigns,
    canModify: can(actor, "campaign.modify", { experimentId: r.experimentId }),
  };
}
export type LoginSetupDetail = Awaited<ReturnType<typeof loginSetupDetail>>;

/** An approved task a campaign may start from, for the "new campaign" page (?task=KEY). */
export async function taskForCampaign(actor: Actor, taskId: number) {
  const t = await db.task.findUnique({ where: { id: taskId }, select: { id: true, number: true, title: true, status: true, softwareVersion: true, description: true, experimentId: true, experiment: { select: { name: true, displayName: true } } } });
  if (!t) throw notFound("Task");
  mustSeeExperiment(actor, t.experimentId, "Task");
  return t;
}
