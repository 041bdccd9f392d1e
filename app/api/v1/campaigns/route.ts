import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { parseCampaignListQuery } from "@/lib/campaigns/list-query";
import { campaignConfig, listCampaigns } from "@/lib/campaigns/queries";
import { createCampaignInput } from "@/lib/campaigns/input";
import { createCampaign } from "@/lib/campaigns/commands/create-campaign";

/** GET /api/v1/campaigns with the list page's filters: q, experiment, tag, active=active|inactive|all. */
export const GET = authedRoute(async (req, { person }) => {
  const query = parseCampaignListQuery(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json({ query, ...(await listCampaigns(person, query)) });
});

export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, createCampaignInput);
  const row = await createCampaign(person, input, requestId);
  return NextResponse.json({ campaign: await campaignConfig(person, row.id) }, { status: 201 });
});
