import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { incidentDetail } from "@/lib/services/queries";

/** GET: one incident with its update timeline, newest first. */
export const GET = authedRoute<{ id: string }>(async (_req, { params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json({ incident: await incidentDetail(id) });
});
