import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { jobTypeDetail } from "@/lib/campaigns/queries";
import { cloneInput } from "@/lib/campaigns/input";
import { cloneJobType } from "@/lib/campaigns/commands/clone-job-type";

/** {name?}: a copy under a new name (default "<name>_copy"). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { name } = await parseJson(req, cloneInput);
  const row = await cloneJobType(person, id, name, requestId);
  return NextResponse.json({ jobType: await jobTypeDetail(person, row.id) }, { status: 201 });
});
