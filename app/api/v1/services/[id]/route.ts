import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, idParams, parseParams } from "@/lib/http/input";
import { serviceDetail } from "@/lib/services/queries";
import { historyWindow } from "@/lib/services/window";

/** GET: one service: status, history events and downtimes in `?days=N` or `?from=&to=` (ISO dates or instants; default the last
 *  30 days, at most 400 days), incidents, whether you watch it, its 90-day availability. */
export const GET = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const window = historyWindow(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json(await serviceDetail(id, person.id, window));
});
