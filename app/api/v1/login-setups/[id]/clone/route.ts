import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { loginSetupDetail } from "@/lib/campaigns/queries";
import { cloneInput } from "@/lib/campaigns/input";
import { cloneLoginSetup } from "@/lib/campaigns/commands/clone-login-setup";

/** {name?}: a copy under a new name (default "<name>_copy"). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { name } = await parseJson(req, cloneInput);
  const row = await cloneLoginSetup(person, id, name, requestId);
  return NextResponse.json({ loginSetup: await loginSetupDetail(person, row.id) }, { status: 201 });
});
