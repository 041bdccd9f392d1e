import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { stageConfig } from "@/lib/campaigns/queries";
import { cloneInput } from "@/lib/campaigns/input";
import { cloneStage } from "@/lib/campaigns/commands/clone-stage";

/** {name?}: a copy of the stage in the same campaign. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { name } = await parseJson(req, cloneInput);
  const row = await cloneStage(person, id, name, requestId);
  return NextResponse.json(await stageConfig(person, row.id), { status: 201 });
});
