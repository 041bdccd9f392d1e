import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { campaignConfig } from "@/lib/campaigns/queries";
import { cloneInput } from "@/lib/campaigns/input";
import { cloneCampaign } from "@/lib/campaigns/commands/clone-campaign";

/** {name?}: a copy of the campaign with its stages, dependencies and tags. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { name } = await parseJson(req, cloneInput);
  const row = await cloneCampaign(person, id, name, requestId);
  return NextResponse.json({ campaign: await campaignConfig(person, row.id) }, { status: 201 });
});
