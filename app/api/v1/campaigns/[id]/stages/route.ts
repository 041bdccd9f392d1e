import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { stageConfig } from "@/lib/campaigns/queries";
import { createStageInput } from "@/lib/campaigns/input";
import { createStage } from "@/lib/campaigns/commands/create-stage";

/** A new stage; an inheritable field sent as null (or left out) inherits the campaign's default. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, createStageInput);
  const row = await createStage(person, id, input, requestId);
  return NextResponse.json(await stageConfig(person, row.id), { status: 201 });
});
