import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { readDefaults } from "../effective";
import type { EditCampaignInput } from "../input";
import { auditData, changesOf, mustModify, mustView, nameTaken, staleError } from "./access";
import { keywordPairsOf, keywordsObject, setCampaignTags } from "./campaign-tags";

/** Edits a campaign at the version the person read; a stale version is refused and explained. */
export async function editCampaign(actor: Actor, id: number, input: EditCampaignInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.campaign.findUnique({ where: { id }, include: { tags: { select: { tag: { select: { name: true } } } } } });
    if (!row) throw notFound("Campaign");
    mustView(actor, row.experimentId, "Campaign");
    mustModify(actor, row.experimentId, row);
    const { version, ...fields } = input;
    if (row.version !== version) throw await staleError(tx, "Campaign", id, version);
    const before = {
      name: row.name,
      description: row.description,
      active: row.active,
      defaults: JSON.parse(JSON.stringify(readDefaults(row.defaults))),
      keywords: keywordPairsOf(row.keywords),
      tags: row.tags.map((t) => t.tag.name).sort(),
    };
    const after = { ...fields, defaults: fields.defaults && JSON.parse(JSON.stringify(fields.defaults)), tags: fields.tags && [...fields.tags].sort() };
    const changes = changesOf(before, after);
    const keys = Object.keys(changes);
    if (!keys.length) return row;
    if (changes.name && (await tx.campaign.findUnique({ where: { experimentId_name: { experimentId: row.experimentId, name: fields.name! } }, select: { id: true } }))) throw nameTaken("campaign", fields.name!);
    const data: Record<string, unknown> = {};
    for (const k of keys) {
      if (k === "tags") continue;
      data[k] = k === "keywords" ? keywordsObject(fields.keywords!) : after[k as keyof typeof after];
    }
    const n = await tx.campaign.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "Campaign", id, version);
    if (changes.tags) await setCampaignTags(tx, id, row.experimentId, fields.tags!);
    const action = keys.length === 1 && "active" in changes ? (fields.active ? "campaign.reactivated" : "campaign.deactivated") : "campaign.edited";
    await recordAudit(tx, { actorId: actor.id, action, entityType: "Campaign", entityId: id, experimentId: row.experimentId, data: auditData(version + 1, changes), requestId });
    return tx.campaign.findUniqueOrThrow({ where: { id } });
  });
}
