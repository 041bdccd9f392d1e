import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { submissionFiles } from "@/lib/outputs/queries";

/** GET: the submission's input files (consumed, failed, not processed), its outputs through the dropbox, and its way to Located. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await submissionFiles(person, id));
});
