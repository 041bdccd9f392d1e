import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, intIdText } from "@/lib/http/input";
import { DomainError } from "@/lib/errors";
import { failureBreakdown } from "@/lib/services/failure-groups";
import { parseWhen } from "@/lib/services/window";

const query = z.strictObject({ stage: intIdText("stage").optional(), campaign: intIdText("campaign").optional(), from: z.string(), to: z.string().optional() });

/**
 * GET ?stage=<id>|campaign=<id>&from=<time>[&to=<time>]: failed jobs grouped by exit code × hold reason × site over
 * the window (from the failures rollup), with the service incidents and outages of the same period.
 */
export const GET = authedRoute(async (req, { person }) => {
  const q = query.parse(cleanFields(new URL(req.url).searchParams));
  if ((q.stage === undefined) === (q.campaign === undefined)) throw new DomainError("invalid_input", "Give either a stage or a campaign.", { field: "stage" });
  const scope = q.stage !== undefined ? { stageId: q.stage } : { campaignId: q.campaign! };
  // The services API's reading of times: a day or an instant with its zone, years 2000–2100 (PostgreSQL's own range
  // is wider than JavaScript's but not every year is a timestamp).
  const from = parseWhen(q.from, "from");
  if (!from) throw new DomainError("invalid_input", "from must be a date like 2026-11-29 or a time like 2026-11-29T08:00Z.", { field: "from" });
  return NextResponse.json(await failureBreakdown(person, scope, { from, to: parseWhen(q.to, "to") ?? new Date() }));
});
