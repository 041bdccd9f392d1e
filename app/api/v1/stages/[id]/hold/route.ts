import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams, textLine } from "@/lib/http/input";
import { setStageHold } from "@/lib/launch/holds";
import { drainHeldLaunches } from "@/lib/launch/held-launches";

const body = z.strictObject({ held: z.boolean(), reason: textLine("reason", 500).optional() });

/** POST {held, reason?}: hold or release the stage's launches. Releasing launches its held launches, oldest first. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, body);
  await setStageHold(person, id, input.held, input.reason ?? "");
  const drained = input.held ? null : await drainHeldLaunches({ stageId: id });
  return NextResponse.json({ held: input.held, drained });
});
