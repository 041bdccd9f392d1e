import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { setWipLimit, wipLimitInput } from "@/lib/board/limits";

/** PUT {status, assignee?, softLimit, hardLimit}: set a column's (or one operator's) WIP limits. */
export const PUT = authedRoute(async (req, { person }) => {
  const row = await setWipLimit(person, await parseJson(req, wipLimitInput));
  return NextResponse.json({ limit: row });
});
