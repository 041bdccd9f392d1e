import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { parseJson, textLine } from "@/lib/http/input";
import { readGlobalHold, setGlobalHold } from "@/lib/launch/holds";
import { drainHeldLaunches } from "@/lib/launch/held-launches";

const body = z.strictObject({ held: z.boolean(), reason: textLine("reason", 500).optional() });

/** GET: the global launch hold. */
export const GET = authedRoute(async () => NextResponse.json(await readGlobalHold()));

/** PUT {held, reason}: hold every launch of the installation (OPOS), or lift the hold (its held launches then drain). */
export const PUT = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, body);
  const hold = await setGlobalHold(person, input.held, input.reason ?? "");
  const drained = input.held ? null : await drainHeldLaunches({ max: 20 });
  return NextResponse.json({ hold, drained });
});
