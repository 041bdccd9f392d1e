import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { deleteHeldLaunch, releaseHeldLaunch } from "@/lib/launch/held-launches";

/** POST: launch this held launch now, despite the hold (recorded). */
export const POST = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json({ outcome: await releaseHeldLaunch(person, id) });
});

/** DELETE: drop this held launch. */
export const DELETE = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  await deleteHeldLaunch(person, id);
  return new NextResponse(null, { status: 204 });
});
