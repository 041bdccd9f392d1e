/**
 * Deterministic demo data: the same experiments, people, tasks, campaigns and services on every
 * fresh database (times are relative to the moment of seeding, offsets are fixed). Runs once:
 * a database that already has experiments is left alone.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TaskKind, TaskPriority, TaskStatus, ServiceStatus } from "@/lib/generated/prisma/enums";
import { DEMO_EXPERIMENTS, DEMO_PEOPLE } from "./people";
import { seededRandom } from "./random";
import { seedDashboardHistory } from "./history";
import { seedDemoCampaigns } from "./campaigns";
import { seedDemoStageServices } from "./stage-services";

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

  // ── Campaigns that run for real on the local batch backend, with a consistent launch history (lib/demo/campaigns.ts).
  await seedDemoCampaigns(db, { expId, memberOf, rand, now });
  // Link in-progress tasks to their experiment's first campaign.
  const working = await db.task.findMany({ where: { status: { in: ["IN_PROGRESS", "ON_HOLD", "DONE"] } }, select: { id: true, experimentId: true } });
  const campaigns = await db.campaign.findMany({ select: { id: true, experimentId: true } });
  await db.taskCampaign.createMany({
    data: working.flatMap((t) => {
      const c = campaigns.find((x) => x.experimentId === t.experimentId);
      return c ? [{ taskId: t.id, campaignId: c.id }] : [];
    }),
  });

  // ── Services: a tree with history and downtimes.
  const group = (name: string, displayName: string, parentId: number | null) =>
    db.service.create({ data: { name, displayName, kind: "GROUP", parentId, status: "GOOD" } });
  const root = await group("all", "All services", null);
  const dh = await group("data-handling", "Data handling", root.id);
  const storage = await group("storage", "Storage", root.id);
  const batch = await group("batch", "Batch", root.id);
  const monitoring = await group("monitoring", "Monitoring", root.id);
  const leaves: { name: string; displayName: string; kind: "DATA_HANDLING" | "STORAGE" | "TAPE" | "TRANSFER" | "BATCH" | "MONITORING"; parentId: number; exp?: string; status: ServiceStatus; url: string }[] = [
    ...["nova", "uboone", "icarus", "sbnd"].map((e) => ({ name: `samweb-${e}`, displayName: `SAM web (${e})`, kind: "DATA_HANDLING" as const, parentId: dh.id, exp: e, status: "GOOD" as ServiceStatus, url: `https://sam${e}.fnal.invalid:8483/sam/${e}/api` })),
    { name: "metacat-dune", displayName: "MetaCat (dune)", kind: "DATA_HANDLING", parentId: dh.id, exp: "dune", status: "GOOD", url: "https://metacat.fnal.invalid:9443/dune_meta_prod/app" },
    { name: "datadispatcher-dune", displayName: "Data Dispatcher (dune)", kind: "DATA_HANDLING", parentId: dh.id, exp: "dune", status: "DEGRADED", url: "https://metacat.fnal.invalid:9443/dune/dd/data" },
    { name: "fts-nova", displayName: "FTS (nova)", kind: "TRANSFER", parentId: dh.id, exp: "nova", status: "GOOD", url: "https://novafts.fnal.invalid:8888/status" },
    { name: "fts-uboone", displayName: "FTS (uboone)", kind: "TRANSFER", parentId: dh.id, exp: "uboone", status: "GOOD", url: "https://uboonefts.fnal.invalid:8888/status" },
    { name: "dcache", displayName: "dCache", kind: "STORAGE", parentId: storage.id, status: "GOOD", url: "https://fndca.fnal.invalid/info" },
    ...["nova", "dune", "uboone", "icarus"].map((e, k) => ({ name: `dcache-pool-${e}`, displayName: `dCache persistent pool (${e})`, kind: "STORAGE" as const, parentId: storage.id, exp: e, status: (k === 1 ? "BAD" : "GOOD") as ServiceStatus, url: `https://fndca.fnal.invalid/pools/${e}` })),
    { name: "enstore", displayName: "Enstore tape", kind: "TAPE", parentId: storage.id, status: "GOOD", url: "https://www-stken.fnal.invalid/enstore/" },
    { name: "jobsub01", displayName: "jobsub schedd jobsub01", kind: "BATCH", parentId: batch.id, status: "GOOD", url: "https://jobsub01.fnal.invalid:8443/jobsub/version" },
    { name: "jobsub02", displayName: "jobsub schedd jobsub02", kind: "BATCH", parentId: batch.id, status: "GOOD", url: "https://jobsub02.fnal.invalid:8443/jobsub/version" },
    { name: "slurm-hpc", displayName: "Slurm (HPC centre)", kind: "BATCH", parentId: batch.id, status: "UNKNOWN", url: "slurm://localhost" },
    { name: "fifemon", displayName: "FIFEmon", kind: "MONITORING", parentId: monitoring.id, status: "GOOD", url: "https://fifemon.fnal.invalid" },
    { name: "landscape", displayName: "Landscape LENS", kind: "MONITORING", parentId: monitoring.id, status: "GOOD", url: "https://landscape.fnal.invalid/lens/query" },
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
  // ── Stages that need services, and a launch held by a bad one (lib/demo/stage-services.ts).
  await seedDemoStageServices(db, { now });

  await db.auditEvent.create({ data: { actorKind: "SYSTEM", action: "demo.seeded", entityType: "database", entityId: "demo", data: { experiments: experiments.length, people: people.length } } });
  await seedDashboardHistory(db, now, expId, memberOf, operators);
  return { seeded: true };
}
