/**
 * Demo: the services some stages need, and a launch waiting on a bad one. DUNE's MC generation needs its dCache
 * persistent pool, which the demo's service tree has BAD, so the stage shows a held launch waiting on it since two
 * hours ago (released by itself when the pool is good again); NOvA's first reconstruction stage needs its SAM and its
 * pool (good). Services are picked by name; one that the tree no longer has is skipped. The held launch's reason
 * is the gate's own words (lib/launch/gate.ts), so the demo says what a real hold says.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { judgeGate, NO_HOLD, type ServiceState } from "@/lib/launch/gate";
import { DEMO_BAD_SERVICE, DEMO_OUTAGE } from "./services";

const HOUR = 3_600_000;

export const DEMO_STAGE_SERVICES: { campaign: string; stage: string; services: string[]; heldLaunch?: boolean }[] = [
  { campaign: "dune_fd_mc_2026a", stage: "gen", services: [DEMO_BAD_SERVICE], heldLaunch: true },
  { campaign: "nova_fd_reco_2026", stage: "raw2root", services: ["samweb-nova", "dcache-pool-nova"] },
  // The late reprocessing's stages need MicroBooNE's pool, whose outage explains its stall (DEMO_OUTAGE).
  ...["reco1", "reco2", "anatree"].map((stage) => ({ campaign: "uboone_reprocess_v10", stage, services: [DEMO_OUTAGE.service, "samweb-uboone"] })),
];

/** The incident of the demo's outage, resolved, with its updates (the charts shade it; the status page lists it). */
async function seedOutageIncident(db: PrismaClient, now: Date) {
  const pool = await db.service.findUnique({ where: { name: DEMO_OUTAGE.service }, select: { id: true, displayName: true } });
  if (!pool) return;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 24 * HOUR);
  const author = await db.person.findFirst({ where: { username: "olga" }, select: { id: true } });
  const by = author?.id ?? null;
  await db.incident.create({
    data: {
      title: `${pool.displayName} full: writes refused`,
      status: "RESOLVED",
      impact: "MAJOR",
      startedAt: at(DEMO_OUTAGE.fromDaysAgo),
      resolvedAt: at(DEMO_OUTAGE.toDaysAgo),
      createdById: by,
      version: 4,
      createdAt: at(DEMO_OUTAGE.fromDaysAgo),
      services: { create: [{ serviceId: pool.id }] },
      updates: {
        create: [
          { status: "INVESTIGATING", message: "The pool is above 97 % full; jobs writing their outputs there fail. Launches that need it are held.", createdById: by, createdAt: at(DEMO_OUTAGE.fromDaysAgo - 0.05) },
          { status: "IDENTIFIED", message: "Old reprocessing outputs were never migrated to tape. Migration started; space comes back over the next days.", createdById: by, createdAt: at(DEMO_OUTAGE.fromDaysAgo - 1) },
          { status: "RESOLVED", message: "The pool is at 70 %; held launches were released.", createdById: by, createdAt: at(DEMO_OUTAGE.toDaysAgo) },
        ],
      },
    },
  });
}

export async function seedDemoStageServices(db: PrismaClient, { now }: { now: Date }) {
  await seedOutageIncident(db, now);
  for (const want of DEMO_STAGE_SERVICES) {
    const stage = await db.campaignStage.findFirst({ where: { name: want.stage, campaign: { name: want.campaign } }, select: { id: true, campaign: { select: { creatorId: true } } } });
    if (!stage) continue;
    const services = await db.service.findMany({ where: { name: { in: want.services } }, select: { id: true, displayName: true, status: true, statusDetail: true, statusChangedAt: true, staleSince: true } });
    if (!services.length) continue;
    await db.stageService.createMany({ data: services.map((s) => ({ stageId: stage.id, serviceId: s.id })), skipDuplicates: true });
    if (!want.heldLaunch) continue;
    const gate = judgeGate({
      global: NO_HOLD,
      stage: { hold: false, holdReason: "", heldAt: null },
      services: { enabled: true, needed: services.map((s) => ({ id: s.id, name: s.displayName, status: s.status as ServiceState, statusDetail: s.statusDetail, statusChangedAt: s.statusChangedAt, staleSince: s.staleSince, downtimes: [] })) },
      now,
    });
    if (gate.open) continue; // the tree has the pool good: nothing would wait
    await db.heldLaunch.create({
      data: { stageId: stage.id, trigger: "MANUAL", requestedById: stage.campaign.creatorId, params: { mode: "normal" }, gateReason: gate.reason, heldByServiceIds: gate.serviceIds, createdAt: new Date(now.getTime() - 2 * HOUR) },
    });
  }
}
