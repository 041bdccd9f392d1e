import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields } from "@/lib/http/input";
import { doneShownOf, parseFilters } from "@/lib/board/filters";
import { boardSnapshotJson } from "@/lib/board/snapshot";

/** The board as JSON (?done=N shows the N most recent Done cards), polled by the board page (SWR). */
export const GET = authedRoute(async (req, { person }) => {
  const query = cleanFields(new URL(req.url).searchParams);
  const snap = await boardSnapshotJson(person, parseFilters(query), { doneShown: doneShownOf(query) });
  return new NextResponse(snap, { headers: { "content-type": "application/json", "cache-control": "no-store" } });
});
