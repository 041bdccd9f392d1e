import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, intIdText } from "@/lib/http/input";
import { DomainError } from "@/lib/errors";
import { failureBreakdown } from "@/lib/services/failure-groups";

const time = (label: string) => z.string().refine((s) => !Number.isNaN(Date.parse(s)), `${label} must be a date and time such as 2026-11-29T10:00:00Z.`).transform((s) => new Date(s));
const query = z.strictObject({ stage: intIdText("stage").optional(), campaign: intIdText("campaign").optional(), from: time("from"), to: time("to").optional() });

/**
 * GET ?stage=<id>|campaign=<id>&from=<time>[&to=<time>]: failed jobs grouped by exit code × hold reason × site over
 * the window (from the failures rollup), with the service incidents and outages of the same period.
 */
export const GET = authedRoute(async (req, { person }) => {
  const q = query.parse(cleanFields(new URL(req.url).searchParams));
  if ((q.stage === undefined) === (q.campaign === undefined)) throw new DomainError("invalid_input", "Give either a stage or a campaign.", { field: "stage" });
  const scope = q.stage !== undefined ? { stageId: q.stage } : { campaignId: q.campaign! };
  return NextResponse.json(await failureBreakdown(person, scope, { from: q.from, to: q.to ?? new Date() }));
});
