import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { connectInput, disconnectInput } from "@/lib/campaigns/graph/input";
import { connectStages } from "@/lib/campaigns/commands/connect-stages";
import { disconnectStages } from "@/lib/campaigns/commands/disconnect-stages";

/** {fromStageId, toStageId, filePatterns?}: a new edge between two stages of this campaign (409 when it exists). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, connectInput);
  const edge = await connectStages(person, id, input, requestId);
  return NextResponse.json({ edge: { id: edge.id, fromStageId: edge.fromStageId, toStageId: edge.toStageId, filePatterns: edge.filePatterns } }, { status: 201 });
});

/** {fromStageId, toStageId}: removes that edge (404 when there is none). */
export const DELETE = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, disconnectInput);
  await disconnectStages(person, id, input, requestId);
  return new Response(null, { status: 204 });
});
