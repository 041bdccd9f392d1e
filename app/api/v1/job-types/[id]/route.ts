import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { jobTypeDetail } from "@/lib/campaigns/queries";
import { editJobTypeInput } from "@/lib/campaigns/input";
import { editJobType } from "@/lib/campaigns/commands/edit-job-type";

/** With the campaigns that use it (usedBy). */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json({ jobType: await jobTypeDetail(person, id) });
});

/**
 * {version, confirmShared?, active?, …fields}: a stale version is a 409 "stale" (who, when, what); a change
 * to one used by campaigns without confirmShared: true is a 409 "shared" listing them (details.campaigns).
 */
export const PATCH = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, editJobTypeInput);
  await editJobType(person, id, input, requestId);
  return NextResponse.json({ jobType: await jobTypeDetail(person, id) });
});
