import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { submissionDetail } from "@/lib/submissions/queries";
import { submissionPostMortem } from "@/lib/services/post-mortem";

/** GET: the submission's post-mortem: for each service its stage needs, how many failed jobs met it down or degraded. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  await submissionDetail(person, id); // access: not found unless the person may see it
  return NextResponse.json(await submissionPostMortem(id));
});
