import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { postIncidentUpdateInput } from "@/lib/services/commands/input";
import { postIncidentUpdate } from "@/lib/services/commands/post-incident-update";

/** POST {version, status, message}: add an update to the timeline; its status becomes the incident's (OPOS). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, postIncidentUpdateInput);
  return NextResponse.json(await postIncidentUpdate(person, id, input, requestId), { status: 201 });
});
