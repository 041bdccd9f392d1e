import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { importIntoCampaignInput } from "@/lib/campaigns/toml/input";
import { importCampaign } from "@/lib/campaigns/toml/import-campaign";

/** {toml}: this campaign becomes the file's (stages matched by name), at the version the file was exported at. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { toml } = await parseJson(req, importIntoCampaignInput);
  return NextResponse.json({ import: await importCampaign(person, toml, { mode: "update", campaignId: id }, requestId) });
});
