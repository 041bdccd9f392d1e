import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { intId, parseJson } from "@/lib/http/input";
import { markRead, notificationsFor } from "@/lib/tasks/notifications";

export const GET = authedRoute(async (_req, { person }) => NextResponse.json(await notificationsFor(person.id)));

/** POST {ids?: number[]}: mark read (all when no ids). */
export const POST = authedRoute(async (req, { person }) => {
  const { ids } = await parseJson(req, z.strictObject({ ids: z.array(intId("ids")).max(500, "At most 500 ids at once.").optional() }));
  return NextResponse.json({ marked: await markRead(person.id, ids) });
});
