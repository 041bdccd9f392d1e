import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { ExperimentRole } from "@/lib/generated/prisma/enums";
import type { CreateCampaignInput } from "../input";
import { auditData, experimentIdByName, mustModify, nameTaken, type Tx } from "./access";
import { keywordsObject, setCampaignTags } from "./campaign-tags";

/** The role a new campaign records for its creator: their membership's (a global administrator counts as production). */
export const creatorRoleIn = (actor: Actor, experimentId: number): ExperimentRole => actor.memberships.get(experimentId) ?? "PRODUCTION";

/** Writes a new campaign inside a transaction (shared with "create from task"). */
export async function insertCampaign(tx: Tx, actor: Actor, experimentId: number, input: Omit<CreateCampaignInput, "experiment"> & { active?: boolean }, requestId?: string, extra?: Record<string, unknown>) {
  if (await tx.campaign.findUnique({ where: { experimentId_name: { experimentId, name: input.name } }, select: { id: true } })) throw nameTaken("campaign", input.name);
  const row = await tx.campaign.create({
    data: {
      experimentId,
      name: input.name,
      description: input.description,
      active: input.active ?? true,
      defaults: JSON.parse(JSON.stringify(input.defaults)),
      keywords: keywordsObject(input.keywords),
      creatorId: actor.id,
      creatorRole: creatorRoleIn(actor, experimentId),
    },
  });
  await setCampaignTags(tx, row.id, experimentId, input.tags);
  await recordAudit(tx, { actorId: actor.id, action: "campaign.created", entityType: "Campaign", entityId: row.id, experimentId, data: auditData(row.version, undefined, { name: row.name, ...(row.active ? {} : { active: false }), ...extra }), requestId });
  return row;
}

/**
 * A new campaign, owned by its creator in the role they hold: production members and the coordinator make
 * production campaigns; an analysis member makes a personal one that only they (and production) may edit.
 */
export async function createCampaign(actor: Actor, input: CreateCampaignInput, requestId?: string) {
  const experimentId = await experimentIdByName(input.experiment);
  mustModify(actor, experimentId, { creatorId: actor.id, creatorRole: creatorRoleIn(actor, experimentId) });
  return db.$transaction((tx) => insertCampaign(tx, actor, experimentId, input, requestId));
}
