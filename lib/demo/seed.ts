/**
 * Deterministic demo data: the same experiments, people, tasks, campaigns and services on every
 * fresh database (times are relative to the moment of seeding, offsets are fixed). Runs once:
 * a database that already has experiments is left alone.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TaskKind, TaskPriority, TaskStatus, ServiceStatus, SubmissionStatus, JobStatus } from "@/lib/generated/prisma/enums";
import { DEMO_EXPERIMENTS, DEMO_PEOPLE } from "./people";
import { seededRandom } from "./random";
import { seedDashboardHistory } from "./history";

const rng = seededRandom;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Step = { to: TaskStatus; by: "requester" | "coordinator" | "opos"; reason?: string; assign?: boolean };

/** Paths through the lifecycle that each demo task has walked, ending in its current state. */
const PATHS: Record<string, Step[]> = {
  requested: [],
  changes: [{ to: "CHANGES_REQUESTED", by: "coordinator", reason: "Please give the exact input definition and the release tag." }],
  resubmitted: [
    { to: "CHANGES_REQUESTED", by: "coordinator", reason: "Which detector configuration? Please split by period." },
    { to: "REQUESTED", by: "requester" },
  ],
  approved: [{ to: "APPROVED", by: "coordinator", reason: "Physics priority for the summer conferences." }],
  rejected: [{ to: "REJECTED", by: "coordinator", reason: "Duplicates the keep-up campaign already running." }],
  assigned: [
    { to: "APPROVED", by: "coordinator" },
    { to: "ASSIGNED", by: "opos", assign: true },
  ],
  inProgress: [
    { to: "APPROVED", by: "coordinator" },
    { to: "ASSIGNED", by: "opos", assign: true },
    { to: "IN_PROGRESS", by: "opos" },
  ],
  onHold: [
    { to: "APPROVED", by: "coordinator" },
    { to: "ASSIGNED", by: "opos", assign: true },
    { to: "IN_PROGRESS", by: "opos" },
    { to: "ON_HOLD", by: "opos", reason: "dCache persistent pool above 90 %; waiting for cleanup." },
  ],
  done: [
    { to: "APPROVED", by: "coordinator" },
    { to: "ASSIGNED", by: "opos", assign: true },
    { to: "IN_PROGRESS", by: "opos" },
    { to: "DONE", by: "opos" },
  ],
  cancelled: [{ to: "CANCELLED", by: "requester", reason: "No longer needed: the analysis moved to the new calibration." }],
};

const TASK_TEMPLATES: { title: string; kind: TaskKind; dataset: string; version: string; files: number }[] = [
  { title: "Reprocess far-detector cosmics with new calibration", kind: "REPROCESSING", dataset: "prod_artdaq_fd_cosmic_2026", version: "v3.2.1", files: 12000 },
  { title: "Monte Carlo: FHC numu CC, 2M events", kind: "MC_GENERATION", dataset: "gen_fhc_numucc", version: "v3.2.0", files: 2000 },
  { title: "Keep-up processing for Run 52", kind: "KEEPUP", dataset: "raw_run52_keepup", version: "v3.1.4", files: 5400 },
  { title: "Calibrate PMT gains for period 4", kind: "CALIBRATION", dataset: "calib_pmt_p4", version: "v10.04.07", files: 800 },
  { title: "Transfer reco outputs to tape", kind: "DATA_TRANSFER", dataset: "reco_outputs_2026a", version: "n/a", files: 30000 },
  { title: "Reprocess near-detector beam data, 2025 periods", kind: "REPROCESSING", dataset: "nd_beam_2025_all", version: "v3.2.1", files: 9000 },
  { title: "MC: cosmic background overlay sample", kind: "MC_GENERATION", dataset: "overlay_cosmics", version: "v10.04.07", files: 4000 },
  { title: "Detector-systematics variations (8 knobs)", kind: "MC_GENERATION", dataset: "detsys_cv", version: "v10.04.07", files: 1600 },
  { title: "Re-run failed files of the spring production", kind: "OTHER", dataset: "spring_failed_recovery", version: "v3.1.4", files: 350 },
  { title: "Wire-cell signal processing pass", kind: "REPROCESSING", dataset: "raw_bnb_run3", version: "v09.78.00", files: 6500 },
];

const EXPERIMENT_PATHS: string[] = ["requested", "changes", "resubmitted", "approved", "rejected", "assigned", "inProgress", "onHold", "done", "cancelled"];
const PRIORITIES: TaskPriority[] = ["LOW", "NORMAL", "NORMAL", "HIGH", "URGENT"];

export async function seedDemoData(db: PrismaClient, now = new Date()): Promise<{ seeded: boolean }> {
  if ((await db.experiment.count()) > 0) return { seeded: false };
  const rand = rng(20261128);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const ago = (ms: number) => new Date(now.getTime() - ms);

  await db.experiment.createMany({ data: DEMO_EXPERIMENTS.map((e) => ({ ...e })) });
  const experiments = await db.experiment.findMany();
  const expId = Object.fromEntries(experiments.map((e) => [e.name, e.id])) as Record<string, number>;

  await db.person.createMany({
    data: DEMO_PEOPLE.map((p) => ({
      username: p.username,
      name: p.name,
      email: `${p.username}@example.org`,
      globalRoles: p.globalRoles ?? [],
      active: p.active ?? true,
      currentExperimentId: p.memberships?.[0] ? expId[p.memberships[0][0]] : null,
    })),
  });
  const people = await db.person.findMany();
  const personId = Object.fromEntries(people.map((p) => [p.username, p.id])) as Record<string, number>;
  await db.membership.createMany({
    data: DEMO_PEOPLE.flatMap((p) =>
      (p.memberships ?? []).map(([exp, role]) => ({ personId: personId[p.username], experimentId: expId[exp], role, active: p.active ?? true })),
    ),
  });

  const memberOf = (exp: string, role?: string) =>
    DEMO_PEOPLE.filter((p) => p.active !== false && p.memberships?.some(([e, r]) => e === exp && (!role || r === role))).map((p) => personId[p.username]);
  const operators = ["oscar", "olga", "omar", "opal"].map((u) => personId[u]);

  // ── Tasks: every experiment walks every path of the lifecycle once, some twice.
  let rank = 0;
  for (const exp of DEMO_EXPERIMENTS) {
    const requesters = memberOf(exp.name);
    const coordinator = memberOf(exp.name, "COORDINATOR")[0];
    const paths = exp.name === "nova" || exp.name === "dune" ? [...EXPERIMENT_PATHS, "requested", "approved", "inProgress"] : EXPERIMENT_PATHS;
    for (const [i, pathName] of paths.entries()) {
      const tpl = TASK_TEMPLATES[(i + exp.name.length) % TASK_TEMPLATES.length];
      const requesterId = pick(requesters);
      const steps = PATHS[pathName];
      const created = ago((steps.length + 1) * 2 * DAY + Math.floor(rand() * 3 * DAY));
      const assigneeId = pick(operators);
      const final = steps.length ? steps[steps.length - 1].to : "REQUESTED";
      const decided = steps.find((s) => s.by === "coordinator");
      const lastDecision = [...steps].reverse().find((s) => s.by === "coordinator");
      const neededBy = new Date(now.getTime() + (Math.floor(rand() * 60) - 10) * DAY);
      const stepTimes = steps.map((_, k) => new Date(created.getTime() + (k + 1) * 2 * DAY - Math.floor(rand() * DAY)));
      const task = await db.task.create({
        data: {
          experimentId: expId[exp.name],
          title: `${exp.displayName}: ${tpl.title}`,
          kind: tpl.kind,
          description: `Requested for the ${exp.displayName} 2026 analyses.\n\n- input: \`${tpl.dataset}\`\n- release: **${tpl.version}**\n\nContact the requester for details of the configuration.`,
          inputDataset: `${exp.name}_${tpl.dataset}`,
          softwareVersion: tpl.version,
          estimatedFiles: tpl.files,
          priority: pick(PRIORITIES),
          neededBy,
          links: [`https://cdcvs.example.org/${exp.name}/wiki/Production/${i + 1}`],
          status: final,
          requesterId,
          deciderId: decided ? coordinator : null,
          decisionReason: lastDecision?.reason ?? null,
          assigneeId: steps.some((s) => s.assign) ? assigneeId : null,
          boardRank: rank++,
          version: steps.length + 1,
          statusChangedAt: stepTimes[stepTimes.length - 1] ?? created,
          createdAt: created,
        },
      });
      let from: TaskStatus = "REQUESTED";
      await db.taskEvent.createMany({
        data: [
          { taskId: task.id, kind: "CREATED", actorId: requesterId, toStatus: "REQUESTED", createdAt: created },
          ...steps.map((s, k) => {
            const actorId = s.by === "requester" ? requesterId : s.by === "coordinator" ? coordinator : assigneeId;
            const ev = {
              taskId: task.id,
              kind: s.assign ? ("ASSIGNED" as const) : ("TRANSITION" as const),
              actorId,
              fromStatus: from,
              toStatus: s.to,
              reason: s.reason ?? null,
              changes: s.assign ? { assigneeId: { from: null, to: assigneeId } } : undefined,
              createdAt: stepTimes[k],
            };
            from = s.to;
            return ev;
          }),
        ],
      });
    }
  }

  // ── Shared launch configuration and campaigns.
  const jobTypes: Record<string, number> = {};
  const logins: Record<string, number> = {};
  for (const exp of DEMO_EXPERIMENTS) {
    const creatorId = memberOf(exp.name, "PRODUCTION")[0] ?? memberOf(exp.name, "COORDINATOR")[0];
    const jt = await db.jobType.create({
      data: {
        experimentId: expId[exp.name],
        name: `${exp.name}_fife_launch`,
        launchScript: "fife_launch -c %(config)s --stage %(stage)s -Oglobal.dataset=%(dataset)s -Oglobal.release=%(version)s",
        definitionParameters: [["-Oglobal.group", "%(group)s"], ["--memory", "2000MB"]],
        filesPerJob: 1,
        outputFilePatterns: ["%.root"],
        creatorId,
        recoveries: {
          create: [
            { position: 1, recoveryType: "consumed_status", paramOverrides: [] },
            { position: 2, recoveryType: "proj_status", paramOverrides: [["--memory", "4000MB"]] },
          ],
        },
      },
    });
    jobTypes[exp.name] = jt.id;
    const ls = await db.loginSetup.create({
      data: {
        experimentId: expId[exp.name],
        name: `${exp.name}pro@${exp.name}gpvm01`,
        launchHost: `${exp.name}gpvm01.fnal.gov`,
        launchAccount: `${exp.name}pro`,
        setupCommands: `source /cvmfs/${exp.name}.opensciencegrid.org/setup_${exp.name}.sh; setup fife_utils`,
        creatorId,
      },
    });
    logins[exp.name] = ls.id;
  }

  const CAMPAIGNS: { exp: string; name: string; stages: string[]; backend?: "SLURM" }[] = [
    { exp: "nova", name: "nova_fd_reco_2026", stages: ["raw2root", "reco", "pid", "caf"] },
    { exp: "nova", name: "nova_mc_fhc_2026", stages: ["gen", "g4", "detsim", "reco"] },
    { exp: "dune", name: "dune_fd_mc_2026a", stages: ["gen", "g4", "detsim", "reco"], backend: "SLURM" },
    { exp: "uboone", name: "uboone_reprocess_v10", stages: ["reco1", "reco2", "anatree"] },
    { exp: "icarus", name: "icarus_calib_run3", stages: ["calib", "reco"] },
    { exp: "sbnd", name: "sbnd_keepup_2026", stages: ["decode", "reco"] },
  ];
  const campaignIds: number[] = [];
  for (const c of CAMPAIGNS) {
    const creatorId = memberOf(c.exp, "PRODUCTION")[0] ?? memberOf(c.exp, "COORDINATOR")[0];
    const campaign = await db.campaign.create({
      data: {
        experimentId: expId[c.exp],
        name: c.name,
        description: `Production campaign ${c.name}`,
        defaults: { vomsRole: "Production", completionPct: 95 },
        keywords: { release: "v3.2.1", config: `${c.name}.fcl` },
        creatorId,
        creatorRole: memberOf(c.exp, "PRODUCTION").includes(creatorId) ? "PRODUCTION" : "COORDINATOR",
      },
    });
    campaignIds.push(campaign.id);
    let previous: number | null = null;
    for (const [i, stageName] of c.stages.entries()) {
      const stage: { id: number } = await db.campaignStage.create({
        data: {
          campaignId: campaign.id,
          name: stageName,
          stageType: i === 0 && stageName === "gen" ? "GENERATOR" : "REGULAR",
          jobTypeId: jobTypes[c.exp],
          loginSetupId: logins[c.exp],
          batchBackend: c.backend ?? null,
          inputDataset: i === 0 ? `${c.name}_input` : "",
          splitType: i === 0 ? "nfiles(50)" : "none",
          softwareVersion: "v3.2.1",
          vomsRole: "Production",
          completionType: i === 0 ? "COMPLETE" : "LOCATED",
          cursor: { create: { position: { next: 0 } } },
        },
      });
      if (previous) await db.stageDependency.create({ data: { fromStageId: previous, toStageId: stage.id, filePatterns: "%.root" } });
      previous = stage.id;
    }
  }
  // Link in-progress tasks to their experiment's first campaign.
  const working = await db.task.findMany({ where: { status: { in: ["IN_PROGRESS", "ON_HOLD", "DONE"] } }, select: { id: true, experimentId: true } });
  const campaigns = await db.campaign.findMany({ select: { id: true, experimentId: true } });
  await db.taskCampaign.createMany({
    data: working.flatMap((t) => {
      const c = campaigns.find((x) => x.experimentId === t.experimentId);
      return c ? [{ taskId: t.id, campaignId: c.id }] : [];
    }),
  });

  // ── A few submissions with jobs, so launch history and job pages have something real to show.
  const stages = await db.campaignStage.findMany({ include: { campaign: true }, orderBy: { id: "asc" } });
  const SUBMISSION_STATES: SubmissionStatus[] = ["LOCATED", "LOCATED", "COMPLETED", "RUNNING", "IDLE", "HELD", "FAILED"];
  for (const [s, stage] of stages.slice(0, 12).entries()) {
    const status = SUBMISSION_STATES[s % SUBMISSION_STATES.length];
    const created = ago((12 - s) * 6 * HOUR);
    const sub = await db.submission.create({
      data: {
        experimentId: stage.campaign.experimentId,
        campaignId: stage.campaignId,
        stageId: stage.id,
        status,
        trigger: "MANUAL",
        batchBackend: stage.batchBackend ?? "JOBSUB",
        batchId: stage.batchBackend === "SLURM" ? `${1000 + s}` : `${58400000 + s * 17}.0@jobsub0${(s % 2) + 1}.fnal.gov`,
        sliceLabel: `nfiles(50) slice ${s}`,
        inputDataset: `${stage.campaign.name}_${stage.name}_slice_${s}`,
        launchedById: stage.campaign.creatorId,
        jobsTotalMax: 50,
        percentComplete: status === "RUNNING" ? 40 : status === "IDLE" ? 0 : status === "HELD" ? 60 : 100,
        statusChangedAt: new Date(created.getTime() + 3 * HOUR),
        createdAt: created,
      },
    });
    const history: SubmissionStatus[] = ["NEW", "IDLE", "RUNNING", ...(status === "LOCATED" ? (["COMPLETED", "LOCATED"] as SubmissionStatus[]) : status === "IDLE" ? [] : [status])];
    await db.submissionEvent.createMany({
      data: (status === "IDLE" ? ["NEW", "IDLE"] as SubmissionStatus[] : history).map((st, k) => ({
        submissionId: sub.id,
        status: st,
        actorKind: k === 0 ? ("PERSON" as const) : ("SYSTEM" as const),
        actorId: k === 0 ? stage.campaign.creatorId : null,
        createdAt: new Date(created.getTime() + k * HOUR),
      })),
    });
    const jobStates: JobStatus[] =
      status === "RUNNING" ? ["COMPLETED", "RUNNING", "RUNNING", "IDLE"] : status === "IDLE" ? ["IDLE"] : status === "HELD" ? ["COMPLETED", "HELD"] : status === "FAILED" ? ["FAILED", "FAILED", "COMPLETED"] : ["COMPLETED"];
    await db.job.createMany({
      data: Array.from({ length: 50 }, (_, j) => {
        const st = jobStates[j % jobStates.length];
        const done = st === "COMPLETED" || st === "FAILED";
        return {
          submissionId: sub.id,
          batchJobId: stage.batchBackend === "SLURM" ? `${1000 + s}_${j}` : `${58400000 + s * 17}.${j}@jobsub0${(s % 2) + 1}.fnal.gov`,
          status: st,
          exitCode: st === "FAILED" ? pick([1, 65, 134, 137]) : done ? 0 : null,
          holdReason: st === "HELD" ? "Job has gone over memory limit of 2000 megabytes." : null,
          holdReasonCode: st === "HELD" ? 34 : null,
          site: pick(["FermiGrid", "Nebraska", "Wisconsin", "UCSD", "RAL"]),
          node: `node${100 + Math.floor(rand() * 200)}`,
          numStarts: st === "IDLE" ? 0 : 1,
          submittedAt: created,
          startedAt: st === "IDLE" ? null : new Date(created.getTime() + 20 * 60_000),
          endedAt: done ? new Date(created.getTime() + (1 + rand() * 3) * HOUR) : null,
          cpuSeconds: done ? Math.round(2000 + rand() * 6000) : null,
          wallSeconds: done ? Math.round(2500 + rand() * 7000) : null,
          memoryMb: Math.round(900 + rand() * 1500),
        };
      }),
    });
  }

  // ── Services: a tree with history and downtimes.
  const group = (name: string, displayName: string, parentId: number | null) =>
    db.service.create({ data: { name, displayName, kind: "GROUP", parentId, status: "GOOD" } });
  const root = await group("all", "All services", null);
  const dh = await group("data-handling", "Data handling", root.id);
  const storage = await group("storage", "Storage", root.id);
  const batch = await group("batch", "Batch", root.id);
  const monitoring = await group("monitoring", "Monitoring", root.id);
  const leaves: { name: string; displayName: string; kind: "DATA_HANDLING" | "STORAGE" | "TAPE" | "TRANSFER" | "BATCH" | "MONITORING"; parentId: number; exp?: string; status: ServiceStatus; url: string }[] = [
    ...["nova", "uboone", "icarus", "sbnd"].map((e) => ({ name: `samweb-${e}`, displayName: `SAM web (${e})`, kind: "DATA_HANDLING" as const, parentId: dh.id, exp: e, status: "GOOD" as ServiceStatus, url: `https://sam${e}.fnal.gov:8483/sam/${e}/api` })),
    { name: "metacat-dune", displayName: "MetaCat (dune)", kind: "DATA_HANDLING", parentId: dh.id, exp: "dune", status: "GOOD", url: "https://metacat.fnal.gov:9443/dune_meta_prod/app" },
    { name: "datadispatcher-dune", displayName: "Data Dispatcher (dune)", kind: "DATA_HANDLING", parentId: dh.id, exp: "dune", status: "DEGRADED", url: "https://metacat.fnal.gov:9443/dune/dd/data" },
    { name: "fts-nova", displayName: "FTS (nova)", kind: "TRANSFER", parentId: dh.id, exp: "nova", status: "GOOD", url: "https://novafts.fnal.gov:8888/status" },
    { name: "fts-uboone", displayName: "FTS (uboone)", kind: "TRANSFER", parentId: dh.id, exp: "uboone", status: "GOOD", url: "https://uboonefts.fnal.gov:8888/status" },
    { name: "dcache", displayName: "dCache", kind: "STORAGE", parentId: storage.id, status: "GOOD", url: "https://fndca.fnal.gov/info" },
    ...["nova", "dune", "uboone", "icarus"].map((e, k) => ({ name: `dcache-pool-${e}`, displayName: `dCache persistent pool (${e})`, kind: "STORAGE" as const, parentId: storage.id, exp: e, status: (k === 1 ? "BAD" : "GOOD") as ServiceStatus, url: `https://fndca.fnal.gov/pools/${e}` })),
    { name: "enstore", displayName: "Enstore tape", kind: "TAPE", parentId: storage.id, status: "GOOD", url: "https://www-stken.fnal.gov/enstore/" },
    { name: "jobsub01", displayName: "jobsub schedd jobsub01", kind: "BATCH", parentId: batch.id, status: "GOOD", url: "https://jobsub01.fnal.gov:8443/jobsub/version" },
    { name: "jobsub02", displayName: "jobsub schedd jobsub02", kind: "BATCH", parentId: batch.id, status: "GOOD", url: "https://jobsub02.fnal.gov:8443/jobsub/version" },
    { name: "slurm-hpc", displayName: "Slurm (HPC centre)", kind: "BATCH", parentId: batch.id, status: "UNKNOWN", url: "slurm://localhost" },
    { name: "fifemon", displayName: "FIFEmon", kind: "MONITORING", parentId: monitoring.id, status: "GOOD", url: "https://fifemon.fnal.gov" },
    { name: "landscape", displayName: "Landscape LENS", kind: "MONITORING", parentId: monitoring.id, status: "GOOD", url: "https://landscape.fnal.gov/lens/query" },
  ];
  for (const l of leaves) {
    const svc = await db.service.create({
      data: {
        name: l.name,
        displayName: l.displayName,
        kind: l.kind,
        parentId: l.parentId,
        experimentId: l.exp ? expId[l.exp] : null,
        url: l.url,
        probe: { type: "http", url: l.url, expect: 200 },
        status: l.status,
        statusDetail: l.status === "BAD" ? "pool fill 93 % (bad above 90 %)" : l.status === "DEGRADED" ? "p95 latency 4.2 s" : l.status === "UNKNOWN" ? "no data from probe" : "HTTP 200",
        statusChangedAt: ago(l.status === "GOOD" ? 9 * DAY : 5 * HOUR),
        lastCheckedAt: ago(2 * 60_000),
      },
    });
    const events: { status: ServiceStatus; at: Date; detail: string }[] = [{ status: "GOOD", at: ago(14 * DAY), detail: "HTTP 200" }];
    if (rand() < 0.5 || l.status !== "GOOD") {
      events.push({ status: "BAD", at: ago(10 * DAY), detail: "HTTP 503" }, { status: "GOOD", at: ago(9 * DAY), detail: "HTTP 200" });
    }
    if (l.status !== "GOOD") events.push({ status: l.status, at: ago(5 * HOUR), detail: svc.statusDetail });
    await db.serviceStatusEvent.createMany({ data: events.map((e) => ({ serviceId: svc.id, status: e.status, detail: e.detail, createdAt: e.at })) });
    const bad = events.filter((e) => e.status === "BAD");
    for (const b of bad) {
      const next = events.find((e) => e.at > b.at && e.status === "GOOD");
      await db.serviceDowntime.create({ data: { serviceId: svc.id, kind: "ACTUAL", startsAt: b.at, endsAt: next?.at ?? null, reason: b.detail } });
    }
  }
  const enstore = await db.service.findUniqueOrThrow({ where: { name: "enstore" } });
  await db.serviceDowntime.create({
    data: { serviceId: enstore.id, kind: "SCHEDULED", startsAt: new Date(now.getTime() + 3 * DAY), endsAt: new Date(now.getTime() + 3 * DAY + 8 * HOUR), reason: "Tape library firmware upgrade", createdById: personId["olga"] },
  });
  await db.service.updateMany({ where: { name: { in: ["storage", "data-handling", "batch", "all"] } }, data: { status: "DEGRADED" } });

  await db.auditEvent.create({ data: { actorKind: "SYSTEM", action: "demo.seeded", entityType: "database", entityId: "demo", data: { experiments: experiments.length, people: people.length } } });
  await seedDashboardHistory(db, now, expId, memberOf, operators);
  return { seeded: true };
}
