import "server-only";
import { db } from "@/lib/db";
import { forbidden, notFound } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";

/** The stage a schedule belongs to, once the person may see it; `act` says whether they may change its schedules. */
export async function stageForSchedules(person: SignedInPerson, stageId: number, need: "read" | "act") {
  const stage = await db.campaignStage.findUnique({ where: { id: stageId }, select: { id: true, name: true, campaign: { select: { experimentId: true, creatorId: true, creatorRole: true } } } });
  if (!stage) throw notFound("Stage");
  const c = stage.campaign;
  mustSeeExperiment(person, c.experimentId, "Stage");
  const d = decide(person, "campaign.act", { experimentId: c.experimentId, ownerId: c.creatorId, ownerRole: c.creatorRole });
  if (need === "act" && !d.allowed) throw forbidden(d.reason);
  return { stage, experimentId: c.experimentId, act: d.allowed };
}

/** A schedule of that stage (a schedule id of another stage is not found). */
export async function scheduleOfStage(stageId: number, scheduleId: number) {
  const s = await db.stageSchedule.findUnique({ where: { id: scheduleId } });
  if (!s || s.stageId !== stageId) throw notFound("Schedule");
  return s;
}
