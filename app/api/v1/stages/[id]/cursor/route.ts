import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams, textLine } from "@/lib/http/input";
import { changeCursor } from "@/lib/launch/cursor";

const body = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("reset"), reason: textLine("reason", 500) }),
  z.strictObject({ action: z.literal("back"), reason: textLine("reason", 500) }),
  z.strictObject({ action: z.literal("set"), value: z.number().int().min(0).max(2_147_483_647), reason: textLine("reason", 500) }),
]);

/** POST {action: reset|back|set, value?, reason}: move the stage's split cursor by hand (recorded). */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, body);
  return NextResponse.json(await changeCursor(person, id, input.action === "set" ? { action: "set", value: input.value } : { action: input.action }, input.reason));
});
