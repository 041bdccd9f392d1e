import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseFilters } from "@/lib/board/filters";
import { boardSnapshot } from "@/lib/tasks/queries";
import { taskJson } from "@/lib/tasks/serialize";

/** The board as JSON, polled by the board page (SWR) so other people's moves appear without reload. */
export const GET = authedRoute(async (req, { person }) => {
  const snap = await boardSnapshot(person, parseFilters(new URL(req.url).searchParams));
  return NextResponse.json(taskJson(snap), { headers: { "cache-control": "no-store" } });
});
