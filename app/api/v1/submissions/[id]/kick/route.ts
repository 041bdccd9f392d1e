import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams, textLine } from "@/lib/http/input";
import { kickSubmission, KICK_REASON_MAX } from "@/lib/submissions/commands/kick";

const body = z.strictObject({ reason: textLine("Reason", KICK_REASON_MAX) });

/** POST {reason}: mark this Completed submission Located by hand (campaign.act; audited). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { reason } = await parseJson(req, body);
  return NextResponse.json(await kickSubmission(person, id, reason, requestId));
});
