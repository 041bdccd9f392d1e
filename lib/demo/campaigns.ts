/**
 * Demo campaigns that run for real: per experiment a dataset in the embedded catalogue, a job type running the
 * bundled demo job (scripts/jobs/demo-job.sh) and a login/setup on this machine, so that a fresh `npm start`
 * launches on the local batch backend and shows real progress. Their launch history is consistent: every seeded
 * submission took its slice by the stage's own split rule (lib/campaigns/split), the cursor is where those slices
 * leave it, and counts and percent complete are what the seeded jobs say. Seeded submissions are finished
 * (nothing polls them); their batch ids ("seed-…") cannot be those of a real batch system. Nothing points at a
 * real outside host: the one jobsub login/setup uses a reserved `.invalid` name.
 */
import type { PrismaClient, SubmissionStatus, JobStatus } from "@/lib/generated/prisma/client";
import { parseSplitType, takeSlice, type SplitCursor } from "@/lib/campaigns/split";
import { planJobs } from "@/lib/launch/jobs-plan";
import { seedDemoCatalogue } from "./catalogue";

const HOUR = 3_600_000;

type Ctx = {
  expId: Record<string, number>;
  memberOf: (exp: string, role?: string) => number[];
  rand: () => number;
  now: Date;
};

/** `launchDaysAgo`: when each seeded launch happened (days before the seed, oldest first; `launched` is its length), so
 * that the charts have 30 days of history (lib/demo/campaign-history.ts); without it, launches 26 hours apart. */
type DemoCampaign = { exp: string; name: string; stages: string[]; split: string; launched: number; backend?: "SLURM" | "JOBSUB"; tags: string[]; launchDaysAgo?: number[] };

export const DEMO_CAMPAIGNS: DemoCampaign[] = [
  { exp: "nova", name: "nova_fd_reco_2026", stages: ["raw2root", "reco", "pid", "caf"], split: "nfiles(10)", launched: 4, tags: ["reco", "2026"] },
  { exp: "nova", name: "nova_mc_fhc_2026", stages: ["gen", "g4", "detsim", "reco"], split: "none", launched: 0, tags: ["mc"] },
  { exp: "dune", name: "dune_fd_mc_2026a", stages: ["gen", "g4", "detsim", "reco"], split: "none", launched: 0, backend: "SLURM", tags: ["mc", "hpc"] },
  // Late: steady for three weeks, nothing done from 12 to 5.5 days ago (the outage of 10–7 days ago), slower since.
  { exp: "uboone", name: "uboone_reprocess_v10", stages: ["reco1", "reco2", "anatree"], split: "byrun(5000,5011)", launched: 9, tags: ["reprocessing"], launchDaysAgo: [28.5, 26, 23.5, 21, 18, 13.5, 12, 5.5, 2.2] },
  // Finished: every slice taken between 30 and 16 days ago (its failed files recovered after).
  { exp: "icarus", name: "icarus_calib_run3", stages: ["calib", "reco"], split: "drainingn(8)", launched: 15, tags: ["calibration"], launchDaysAgo: Array.from({ length: 15 }, (_, k) => 30 - k) },
  // On track: a launch every two days for a month.
  { exp: "sbnd", name: "sbnd_keepup_2026", stages: ["decode", "reco"], split: "nfiles(6)", launched: 14, tags: ["keepup"], launchDaysAgo: [29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 4.5, 1.5] },
];

export async function seedDemoCampaigns(db: PrismaClient, ctx: Ctx) {
  const { expId, memberOf, rand, now } = ctx;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const owner = (exp: string) => memberOf(exp, "PRODUCTION")[0] ?? memberOf(exp, "COORDINATOR")[0];
  const experiments = [...new Set(DEMO_CAMPAIGNS.map((c) => c.exp))];

  // ── The embedded catalogue (lib/demo/catalogue.ts): a few thousand files per experiment; the demo campaigns launch on `<exp>_raw_2026`.
  const datasetOf = await seedDemoCatalogue(db, { expId, experiments, rand, now });

  // ── Launch configuration: the demo job on this machine; one jobsub and one Slurm login/setup for real sites.
  const jobTypes: Record<string, number> = {};
  const logins: Record<string, Record<"LOCAL" | "SLURM" | "JOBSUB", number>> = {};
  for (const exp of experiments) {
    const creatorId = owner(exp);
    const jt = await db.jobType.create({
      data: {
        experimentId: expId[exp],
        name: `${exp}_demo_job`,
        launchScript: "demo-job.sh --release %(version)s --dataset %(dataset)s --group %(group)s",
        definitionParameters: [["--config", "%(config)s"], ["--memory", "2000MB"]],
        filesPerJob: 2,
        outputFilePatterns: ["%_out.root"],
        creatorId,
        recoveries: { create: [{ position: 1, recoveryType: "consumed_status", paramOverrides: [] }, { position: 2, recoveryType: "proj_status", paramOverrides: [["--memory", "4000MB"]] }] },
      },
    });
    jobTypes[exp] = jt.id;
    const local = await db.loginSetup.create({
      data: { experimentId: expId[exp], name: `${exp}-local`, launchHost: "localhost", launchAccount: `${exp}pro`, setupCommands: 'export PATH="$POMS_HOME/scripts/jobs:$PATH"', creatorId },
    });
    const slurm = await db.loginSetup.create({
      data: { experimentId: expId[exp], name: `${exp}-slurm-local`, launchHost: "localhost", launchAccount: `${exp}pro`, setupCommands: 'export PATH="$POMS_HOME/scripts/jobs:$PATH"', creatorId },
    });
    const jobsub = await db.loginSetup.create({
      data: { experimentId: expId[exp], name: `${exp}pro@gpvm`, launchHost: `${exp}gpvm01.fnal.invalid`, launchAccount: `${exp}pro`, setupCommands: `source /cvmfs/${exp}.opensciencegrid.org/products/setup_${exp}.sh; setup jobsub_client`, creatorId },
    });
    logins[exp] = { LOCAL: local.id, SLURM: slurm.id, JOBSUB: jobsub.id };
  }

  // ── Campaigns and their stages.
  for (const c of DEMO_CAMPAIGNS) {
    const creatorId = owner(c.exp);
    const campaign = await db.campaign.create({
      data: {
        experimentId: expId[c.exp],
        name: c.name,
        description: `Production campaign ${c.name}`,
        defaults: { batchBackend: c.backend ?? "LOCAL", vomsRole: "Production", completionPct: 95, softwareVersion: "v3.2.1" },
        keywords: { config: `${c.name}.fcl` },
        creatorId,
        creatorRole: memberOf(c.exp, "PRODUCTION").includes(creatorId) ? "PRODUCTION" : "COORDINATOR",
        createdAt: new Date(now.getTime() - 32 * 24 * HOUR), // before the oldest seeded launch
      },
    });
    for (const tag of c.tags) {
      const t = await db.tag.upsert({ where: { experimentId_name: { experimentId: expId[c.exp], name: tag } }, create: { experimentId: expId[c.exp], name: tag }, update: {} });
      await db.campaignTag.create({ data: { campaignId: campaign.id, tagId: t.id } });
    }
    let previous: number | null = null;
    for (const [i, stageName] of c.stages.entries()) {
      const first = i === 0;
      const generator = first && stageName === "gen";
      const stage: { id: number } = await db.campaignStage.create({
        data: {
          campaignId: campaign.id,
          name: stageName,
          position: i,
          stageType: generator ? "GENERATOR" : "REGULAR",
          jobTypeId: jobTypes[c.exp],
          loginSetupId: logins[c.exp][c.backend ?? "LOCAL"],
          inputDataset: first && !generator ? datasetOf[c.exp] : "",
          splitType: first ? c.split : "none",
          maxJobs: generator ? 4 : null,
          completionType: first ? "COMPLETE" : null, // the rest inherit (null) the campaign's default
          testParamOverrides: [["--memory", "1000MB"]],
          cursor: { create: { position: {} } },
        },
      });
      if (previous) await db.stageDependency.create({ data: { fromStageId: previous, toStageId: stage.id, filePatterns: "%_out.root" } });
      previous = stage.id;
      if (first && c.launched > 0) await seedLaunches(db, { ...ctx, pick }, { campaignId: campaign.id, experimentId: expId[c.exp], stageId: stage.id, exp: c.exp, split: c.split, dataset: datasetOf[c.exp], launches: c.launched, launchedById: creatorId, launchDaysAgo: c.launchDaysAgo });
    }
  }
}

/** Finished launches of a stage, each taking its slice by the stage's split rule, with jobs that agree with the counts. */
async function seedLaunches(
  db: PrismaClient,
  ctx: Ctx & { pick: <T>(xs: readonly T[]) => T },
  s: { campaignId: number; experimentId: number; stageId: number; exp: string; split: string; dataset: string; launches: number; launchedById: number; launchDaysAgo?: number[] },
) {
  const parsed = parseSplitType(s.split);
  if (!parsed.ok) throw new Error(`demo split ${s.split}: ${parsed.message}`);
  const files = await db.$queryRaw<{ id: bigint; name: string; position: number; runNumber: number | null }[]>`
    SELECT f.id, f."name", df."position", f."runNumber" FROM "DatasetFile" df JOIN "DataFile" f ON f.id = df."fileId"
      JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."experimentId" = ${s.experimentId} AND d."name" = ${s.dataset} ORDER BY df."position"`;
  const idOf = new Map(files.map((f) => [f.name, f.id]));
  let cursor: SplitCursor = {};
  const delivered = new Set<string>();
  for (let k = 0; k < s.launches; k++) {
    const slice = takeSlice({ spec: parsed.spec, cursor, files, delivered });
    if (!slice.ok) break;
    const names = slice.files.map((f) => f.name);
    names.forEach((n) => delivered.add(n));
    const created = new Date(ctx.now.getTime() - (s.launchDaysAgo ? s.launchDaysAgo[k] * 24 : (s.launches - k) * 26) * HOUR);
    const jobs = planJobs(names, 2, null);
    const batchId = `seed-${s.exp}-${s.stageId}-${k + 1}`;
    const failed = jobs.map((j) => j.some((n) => n.includes("_bad") || n.includes("_big")));
    const nFailed = failed.filter(Boolean).length;
    const status: SubmissionStatus = k === s.launches - 1 ? "COMPLETED" : "LOCATED";
    const sub = await db.submission.create({
      data: {
        experimentId: s.experimentId, campaignId: s.campaignId, stageId: s.stageId, status, trigger: "MANUAL", batchBackend: "LOCAL", batchId,
        sliceLabel: slice.label, inputDataset: s.dataset, command: "demo-job.sh --release v3.2.1 …", launchedById: s.launchedById,
        launchLog: `Seeded demo launch: ${slice.label}, ${names.length} files in ${jobs.length} jobs.`,
        plannedJobs: jobs.length, jobsTotalMax: jobs.length, percentComplete: 100, jobsCompleted: jobs.length - nFailed, jobsFailed: nFailed, monitorDone: true,
        cursorBefore: cursor, cursorAfter: slice.next, statusChangedAt: new Date(created.getTime() + 4 * HOUR), createdAt: created, lastPolledAt: new Date(created.getTime() + 4 * HOUR),
        // History: a seeded Located launch was wrapped up long ago (the wrap-up must not launch its chain today).
        ...(status === "LOCATED" ? { locatedAt: new Date(created.getTime() + 4 * HOUR), locatedBy: "complete", wrappedUpAt: new Date(created.getTime() + 4 * HOUR) } : {}),
      },
    });
    cursor = slice.next;
    const history: SubmissionStatus[] = ["NEW", "IDLE", "RUNNING", "COMPLETED", ...(status === "LOCATED" ? (["LOCATED"] as SubmissionStatus[]) : [])];
    await db.submissionEvent.createMany({
      data: history.map((st, h) => ({ submissionId: sub.id, status: st, actorKind: h === 0 ? ("PERSON" as const) : ("SYSTEM" as const), actorId: h === 0 ? s.launchedById : null, reason: h === 0 ? `Launch: ${slice.label}` : "", createdAt: new Date(created.getTime() + h * HOUR) })),
    });
    const endedAt: Date[] = [];
    await db.job.createMany({
      data: jobs.map((inputs, j) => {
        const bad = failed[j];
        const started = new Date(created.getTime() + (10 + j) * 60_000);
        const wall = Math.round(1800 + ctx.rand() * 3600);
        endedAt[j] = new Date(started.getTime() + wall * 1000);
        return {
          submissionId: sub.id, batchJobId: `${batchId}.${j}`, taskIndex: j, status: (bad ? "FAILED" : "COMPLETED") as JobStatus,
          exitCode: bad ? (inputs.some((n) => n.includes("_big")) ? 137 : 65) : 0, site: "local", node: "localhost", numStarts: 1,
          submittedAt: created, startedAt: started, endedAt: new Date(started.getTime() + wall * 1000), cpuSeconds: Math.round(wall * (0.6 + ctx.rand() * 0.35)), wallSeconds: wall,
          memoryMb: Math.round(900 + ctx.rand() * 1500),
        };
      }),
    });
    await db.submissionFile.createMany({
      // Each input changed when its job ended (the rollups count it in that hour).
      data: jobs.flatMap((inputs, j) => inputs.map((n) => ({ submissionId: sub.id, fileId: idOf.get(n)!, role: "INPUT" as const, status: failed[j] ? ("FAILED" as const) : ("CONSUMED" as const), updatedAt: endedAt[j] }))),
    });
  }
  await db.splitCursor.update({ where: { stageId: s.stageId }, data: { position: cursor } });
  // Seeded launches are history: none of them may start a recovery or a dependent stage when it becomes Located.
  await db.submission.updateMany({ where: { stageId: s.stageId, wrappedUpAt: null }, data: { wrappedUpAt: ctx.now } });
}
