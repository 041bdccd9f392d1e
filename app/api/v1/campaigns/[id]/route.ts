import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { campaignConfig } from "@/lib/campaigns/queries";
import { editCampaignInput } from "@/lib/campaigns/input";
import { editCampaign } from "@/lib/campaigns/commands/edit-campaign";

/** The campaign's configuration with its stages (each with its effective, inherited values). */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json({ campaign: await campaignConfig(person, id) });
});

/** {version, name?, description?, defaults?, keywords?, tags?, active?}: a stale version is a 409 "stale" saying who changed it. */
export const PATCH = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, editCampaignInput);
  await editCampaign(person, id, input, requestId);
  return NextResponse.json({ campaign: await campaignConfig(person, id) });
});
