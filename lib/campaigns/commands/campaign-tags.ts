import "server-only";
import type { Tx } from "./access";

/** Sets a campaign's tags by name: tags are per experiment, made on first use; bulk statements, no loop of queries. */
export async function setCampaignTags(tx: Tx, campaignId: number, experimentId: number, names: string[]) {
  await tx.campaignTag.deleteMany({ where: { campaignId } });
  if (!names.length) return;
  await tx.tag.createMany({ data: names.map((name) => ({ experimentId, name })), skipDuplicates: true });
  const tags = await tx.tag.findMany({ where: { experimentId, name: { in: names } }, select: { id: true } });
  await tx.campaignTag.createMany({ data: tags.map((t) => ({ campaignId, tagId: t.id })) });
}

/** Keywords are edited as pairs and stored as an object (a map: jsonb keeps no key order). */
export const keywordsObject = (pairs: [string, string][]) => Object.fromEntries(pairs);
export const keywordPairsOf = (json: unknown): [string, string][] =>
  json && typeof json === "object" && !Array.isArray(json) ? Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, String(v)]) : [];
