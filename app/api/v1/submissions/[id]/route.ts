import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { submissionDetail } from "@/lib/submissions/queries";

/** GET: the submission (why launched, counts, status history, config snapshot, launch log). Jobs: ./jobs. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await submissionDetail(person, id));
});
