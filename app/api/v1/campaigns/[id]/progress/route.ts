import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { campaignProgress } from "@/lib/campaigns/progress";

/** GET: the campaign's stages with live submission and job counts, percent complete and held launches. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await campaignProgress(person, id));
});
