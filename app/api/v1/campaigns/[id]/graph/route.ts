import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { campaignGraph } from "@/lib/campaigns/graph/read-graph";
import { moveInput } from "@/lib/campaigns/graph/input";
import { moveStages } from "@/lib/campaigns/commands/move-stages";

/** The campaign's stages as nodes (places, live counts by state) and dependencies as edges. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await campaignGraph(person, id));
});

/** {positions: [{stageId, x, y}]}: where stages are drawn (campaign.modify). */
export const PUT = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, moveInput);
  return NextResponse.json({ moved: await moveStages(person, id, input, requestId) });
});
