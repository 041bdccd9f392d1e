import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { importCampaignInput } from "@/lib/campaigns/toml/input";
import { importCampaign } from "@/lib/campaigns/toml/import-campaign";

/**
 * {toml, mode?: "new" | "update", name?}: a campaign from its TOML text, all or nothing. A refused file is a 400
 * whose details.problems give each problem's line, column, key and message.
 */
export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, importCampaignInput);
  const summary = await importCampaign(person, input.toml, input.mode === "new" ? { mode: "new", name: input.name } : { mode: "update" }, requestId);
  return NextResponse.json({ import: summary }, { status: summary.created ? 201 : 200 });
});
