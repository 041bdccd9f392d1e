import "server-only";
import { db } from "@/lib/db";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { mustSee } from "./access";

/** Links a campaign of the task's own experiment to the task (or unlinks it), recorded as a task event. */
export async function linkCampaign(actor: Actor, id: number, campaignId: number, link: boolean) {
  const task = await db.task.findUnique({ where: { id } });
  if (!task) throw notFound("Task");
  mustSee(actor, task);
  const d = decide(actor, "task.link_campaign", { experimentId: task.experimentId });
  if (!d.allowed) throw forbidden(d.reason);
  const campaign = await db.campaign.findUnique({ where: { id: campaignId } });
  if (!campaign || campaign.experimentId !== task.experimentId) throw new DomainError("invalid_input", "Choose a campaign of the task's own experiment.", { field: "campaignId" });
  await db.$transaction(async (tx) => {
    if (link) await tx.taskCampaign.upsert({ where: { taskId_campaignId: { taskId: id, campaignId } }, create: { taskId: id, campaignId }, update: {} });
    else await tx.taskCampaign.deleteMany({ where: { taskId: id, campaignId } });
    await tx.taskEvent.create({ data: { taskId: id, kind: link ? "LINKED" : "UNLINKED", actorId: actor.id, changes: { campaign: { from: link ? null : campaign.name, to: link ? campaign.name : null } } } });
  });
}
