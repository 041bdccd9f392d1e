import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { jobTypeDetail, listJobTypes } from "@/lib/campaigns/queries";
import { createJobTypeInput } from "@/lib/campaigns/input";
import { createJobType } from "@/lib/campaigns/commands/create-job-type";

/** GET ?experiment=<name>: those of the experiments the person sees. */
export const GET = authedRoute(async (req, { person }) => {
  const experiment = cleanFields(new URL(req.url).searchParams).experiment?.toLowerCase().slice(0, 40) || undefined;
  return NextResponse.json({ jobTypes: await listJobTypes(person, experiment) });
});

export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, createJobTypeInput);
  const row = await createJobType(person, input, requestId);
  return NextResponse.json({ jobType: await jobTypeDetail(person, row.id) }, { status: 201 });
});
