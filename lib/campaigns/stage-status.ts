/**
 * The stage page's live data: the stage with its effective configuration (and where each value comes from),
 * its cursor in words, its latest submissions, cursor history and waiting held launches.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { effectiveStage, readPairs } from "./effective";
import { parseSplitType, describeCursor, readCursor } from "./split";
import { listHeldLaunches } from "@/lib/launch/held-launches";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { readGlobalHold } from "@/lib/launch/holds";
import { downtimeInForce, judgeGate } from "@/lib/launch/gate";
import { readGateServices } from "@/lib/services/gate-services";

export async function stageStatus(person: SignedInPerson, stageId: number) {
  const stage = await db.campaignStage.findUnique({
    where: { id: stageId },
    include: {
      campaign: { include: { experiment: { select: { name: true } } } },
      jobType: { select: { id: true, name: true, filesPerJob: true, launchScript: true } },
      loginSetup: { select: { id: true, name: true, launchHost: true, launchAccount: true } },
      cursor: true,
      heldBy: { select: { username: true } },
      cursorEvents: { orderBy: { createdAt: "desc" }, take: 20, include: { actor: { select: { username: true } } } },
    },
  });
  if (!stage) throw notFound("Stage");
  const c = stage.campaign;
  // Another experiment's stage is not found, as tasks are (its id says nothing).
  mustSeeExperiment(person, c.experimentId, "Stage");
  const now = new Date();
  const [submissions, heldLaunches, gateServices, globalHold] = await Promise.all([
    db.submission.findMany({
      where: { stageId },
      orderBy: { id: "desc" },
      take: 50,
      select: {
        id: true, status: true, trigger: true, isTest: true, batchId: true, sliceLabel: true, plannedJobs: true, jobsTotalMax: true, percentComplete: true,
        jobsIdle: true, jobsRunning: true, jobsHeld: true, jobsCompleted: true, jobsFailed: true, jobsRemoved: true, jobsCancelled: true,
        staleSince: true, createdAt: true, statusChangedAt: true, launchedBy: { select: { username: true } },
      },
    }),
    listHeldLaunches(person, { stageId }),
    readGateServices([stageId], now),
    readGlobalHold(),
  ]);
  const services = gateServices.get(stageId) ?? { enabled: true, needed: [] };
  const gate = judgeGate({ global: globalHold, stage: { hold: stage.hold, holdReason: stage.holdReason, heldAt: stage.heldAt }, services, now });
  const eff = effectiveStage(stage, c.defaults);
  const parsed = parseSplitType(stage.splitType);
  const cursor = parsed.ok ? readCursor(parsed.spec, stage.cursor?.position) : {};
  const owner = { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole };
  return {
    stage: {
      id: stage.id, name: stage.name, stageType: stage.stageType, active: stage.active, inputDataset: stage.inputDataset, splitType: stage.splitType,
      maxJobs: stage.maxJobs, paramOverrides: readPairs(stage.paramOverrides), testParamOverrides: readPairs(stage.testParamOverrides),
      hold: stage.hold, holdReason: stage.holdReason, heldAt: stage.heldAt, heldBy: stage.heldBy?.username ?? null, version: stage.version,
    },
    campaign: { id: c.id, name: c.name, experiment: c.experiment.name, active: c.active },
    jobType: stage.jobType,
    loginSetup: stage.loginSetup,
    effective: eff,
    cursor: { position: cursor, text: parsed.ok ? describeCursor(parsed.spec, cursor, stage.inputDataset) : `The split type cannot be read: ${parsed.message}`, updatedAt: stage.cursor?.updatedAt ?? null },
    cursorEvents: stage.cursorEvents.map((e) => ({ id: e.id, by: e.actor?.username ?? "system", from: e.fromPosition, to: e.toPosition, reason: e.reason, at: e.createdAt })),
    submissions: submissions.map(({ launchedBy, ...s }) => ({ ...s, launchedBy: launchedBy?.username ?? null })),
    heldLaunches,
    /** The services a launch needs now, and what the gate says of them (why launches wait, and since when). */
    services: {
      gating: services.enabled,
      needed: services.needed.map((s) => {
        const dt = downtimeInForce(s.downtimes, now);
        return { id: s.id, name: s.name, status: s.status, statusDetail: s.statusDetail, since: s.statusChangedAt, staleSince: s.staleSince, maintenance: dt && { title: dt.title, endsAt: dt.endsAt, on: dt.onServiceName } };
      }),
      holding: gate.open ? [] : gate.serviceIds,
      reason: gate.open ? null : gate.reason,
      warnings: gate.warnings,
    },
    rights: { act: decide(person, "campaign.act", owner).allowed, modify: decide(person, "campaign.modify", owner).allowed },
  };
}
export type StageStatus = Awaited<ReturnType<typeof stageStatus>>;
