import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { listHeldLaunches } from "@/lib/launch/held-launches";
import { readGlobalHold } from "@/lib/launch/holds";

/** GET: waiting held launches the person may see, oldest first, and the global hold. */
export const GET = authedRoute(async (_req, { person }) => {
  const [heldLaunches, globalHold] = await Promise.all([listHeldLaunches(person), readGlobalHold()]);
  return NextResponse.json({ heldLaunches, globalHold });
});
