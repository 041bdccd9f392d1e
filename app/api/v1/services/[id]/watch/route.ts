import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseParams } from "@/lib/http/input";
import { setServiceWatch } from "@/lib/services/commands/watch-service";

/** PUT: watch the service (you are told when it goes bad or recovers). DELETE: stop watching. Both idempotent. */
export const PUT = authedRoute<{ id: string }>(async (_req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await setServiceWatch(person, id, true, requestId));
});

export const DELETE = authedRoute<{ id: string }>(async (_req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await setServiceWatch(person, id, false, requestId));
});
