import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, idParams, parseParams } from "@/lib/http/input";
import { JOB_FILTERS, submissionJobs } from "@/lib/submissions/queries";

const query = z.strictObject({
  state: z.enum(JOB_FILTERS).default("all"),
  after: z.string().regex(/^[1-9][0-9]{0,17}$/, "after must be a job id").optional(),
});

/** GET ?state=all|queued|running|held|done|failed|removed&after=<job id>: a page of the submission's jobs. */
export const GET = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const q = query.parse(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json(await submissionJobs(person, id, q.state, q.after ? BigInt(q.after) : null));
});
