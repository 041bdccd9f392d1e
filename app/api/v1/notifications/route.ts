import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson } from "@/lib/http/route";
import { markRead, notificationsFor } from "@/lib/tasks/notifications";

export const GET = authedRoute(async (_req, { person }) => NextResponse.json(await notificationsFor(person.id)));

/** POST {ids?: number[]}: mark read (all when no ids). */
export const POST = authedRoute(async (req, { person }) => {
  const { ids } = await parseJson(req, z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }));
  return NextResponse.json({ marked: await markRead(person.id, ids) });
});
