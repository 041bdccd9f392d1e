import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { bulkActiveInput } from "@/lib/campaigns/input";
import { setCampaignsActive } from "@/lib/campaigns/commands/set-campaigns-active";

/** {ids, active}: one answer per campaign (changed, already so, not found, or refused and why). */
export const POST = authedRoute(async (req, { person, requestId }) => {
  const { ids, active } = await parseJson(req, bulkActiveInput);
  return NextResponse.json({ results: await setCampaignsActive(person, ids, active, requestId) });
});
