/**
 * Deterministic demo data: the same experiments, people, tasks, campaigns and services on every
 * fresh database (times are relative to the moment of seeding, offsets are fixed). Runs once:
 * a database that already has experiments is left alone.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TaskKind, TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";
import { DEMO_EXPERIMENTS, DEMO_PEOPLE } from "./people";
import { seededRandom } from "./random";
import { seedDashboardHistory } from "./history";
import { seedDemoCampaigns } from "./campaigns";
import { seedDemoServices } from "./services";
import { seedCampaignHistory } from "./campaign-history";
import { seedServiceEvents } from "./service-events";
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

  // ── Services: the tree, 30 days of history, probes at the demo's own mock endpoints (lib/demo/services.ts).
  await seedDemoServices(db, now, expId, personId);
  // One incident with its updates and one upcoming maintenance (lib/demo/service-events.ts).
  await seedServiceEvents(db, now, personId["olga"] ?? null);
  // ── Stages that need services, and a launch held by a bad one (lib/demo/stage-services.ts).
  await seedDemoStageServices(db, { now });

  await db.auditEvent.create({ data: { actorKind: "SYSTEM", action: "demo.seeded", entityType: "database", entityId: "demo", data: { experiments: experiments.length, people: people.length } } });
  await seedDashboardHistory(db, now, expId, memberOf, operators);
  // Rollups and forecasts from the campaigns' 30 days of seeded rows (issue 11).
  await seedCampaignHistory(db, now);
  return { seeded: true };
}
