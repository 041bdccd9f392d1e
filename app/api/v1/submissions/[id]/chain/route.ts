import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { submissionChain } from "@/lib/chains/queries";

/** GET: what the wrap-up did with the submission (its recovery or dependent launches) and whether a recovery may be launched by hand. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await submissionChain(person, id));
});
