import "server-only";
import { db } from "@/lib/db";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { taskKey } from "@/lib/tasks/keys";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import type { CampaignFromTaskInput } from "../input";
import { softwareVersion as softwareVersionSchema } from "../input";
import { mustModify } from "./access";
import { creatorRoleIn, insertCampaign } from "./create-campaign";

/** Tasks a campaign may start from: approved work that is not finished. */
export const CAMPAIGN_READY: TaskStatus[] = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

/** What a campaign made from a task starts with: its name from the task key, the request's release as default. */
export function campaignFromTaskDraft(task: { number: number; title: string; softwareVersion: string; description: string }, experimentName: string) {
  const key = taskKey(experimentName, task.number);
  const version = softwareVersionSchema.safeParse(task.softwareVersion);
  return {
    name: `${experimentName}_${key.toLowerCase().replace("-", "_")}`,
    description: `From ${key}: ${task.title}`,
    defaults: version.success && version.data ? { softwareVersion: version.data } : {},
  };
}

/**
 * "Create campaign from task": an approved task becomes a campaign of its experiment, linked to it
 * (TaskCampaign) with a "linked" event on the task, all in one transaction.
 */
export async function createCampaignFromTask(actor: Actor, taskId: number, input: CampaignFromTaskInput, requestId?: string) {
  const task = await db.task.findUnique({ where: { id: taskId }, include: { experiment: { select: { name: true } } } });
  if (!task || !decide(actor, "experiment.view", { experimentId: task.experimentId }).allowed) throw notFound("Task");
  const link = decide(actor, "task.link_campaign", { experimentId: task.experimentId });
  if (!link.allowed) throw forbidden(link.reason);
  mustModify(actor, task.experimentId, { creatorId: actor.id, creatorRole: creatorRoleIn(actor, task.experimentId) });
  if (!CAMPAIGN_READY.includes(task.status)) throw new DomainError("invalid_transition", `A campaign starts from approved work; ${taskKey(task.experiment.name, task.number)} is ${STATUS_LABEL[task.status].toLowerCase()}.`);
  const draft = campaignFromTaskDraft(task, task.experiment.name);
  return db.$transaction(async (tx) => {
    const campaign = await insertCampaign(
      tx,
      actor,
      task.experimentId,
      { name: input.name ?? draft.name, description: input.description ?? draft.description, defaults: input.defaults ?? draft.defaults, keywords: input.keywords ?? [], tags: input.tags ?? [] },
      requestId,
      { fromTask: taskKey(task.experiment.name, task.number) },
    );
    await tx.taskCampaign.create({ data: { taskId, campaignId: campaign.id } });
    await tx.taskEvent.create({ data: { taskId, kind: "LINKED", actorId: actor.id, changes: { campaign: { from: null, to: campaign.name } } } });
    return campaign;
  });
}
