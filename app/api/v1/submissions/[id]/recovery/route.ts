import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { launchRecoveryByHand } from "@/lib/chains/launch-recovery";

/** POST: launch a recovery of the submission's unprocessed files now (campaign.act); answers what was launched or held. */
export const POST = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const out = await launchRecoveryByHand(person, id);
  return NextResponse.json(out.kind === "held" ? { kind: out.kind, heldLaunchId: out.heldLaunchId, reason: out.reason, recovery: out.recovery } : { kind: out.kind, submissionId: out.submissionId, recovery: out.recovery }, { status: 201 });
});
