import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { loginSetupDetail, listLoginSetups } from "@/lib/campaigns/queries";
import { createLoginSetupInput } from "@/lib/campaigns/input";
import { createLoginSetup } from "@/lib/campaigns/commands/create-login-setup";

/** GET ?experiment=<name>: those of the experiments the person sees. */
export const GET = authedRoute(async (req, { person }) => {
  const experiment = cleanFields(new URL(req.url).searchParams).experiment?.toLowerCase().slice(0, 40) || undefined;
  return NextResponse.json({ loginSetups: await listLoginSetups(person, experiment) });
});

export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, createLoginSetupInput);
  const row = await createLoginSetup(person, input, requestId);
  return NextResponse.json({ loginSetup: await loginSetupDetail(person, row.id) }, { status: 201 });
});
