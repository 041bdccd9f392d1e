import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { stageStatus } from "@/lib/campaigns/stage-status";

/** GET: the stage's effective configuration, cursor, latest submissions, cursor history and held launches. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await stageStatus(person, id));
});
