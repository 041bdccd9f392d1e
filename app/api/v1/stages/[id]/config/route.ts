import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { stageConfig } from "@/lib/campaigns/queries";
import { editStageInput } from "@/lib/campaigns/input";
import { editStage } from "@/lib/campaigns/commands/edit-stage";

/** The stage's configuration, its campaign's defaults and the effective values. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await stageConfig(person, id));
});

/** {version, …fields}: null on an inheritable field means "inherit from the campaign"; a stale version is a 409 "stale". */
export const PATCH = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, editStageInput);
  await editStage(person, id, input, requestId);
  return NextResponse.json(await stageConfig(person, id));
});
