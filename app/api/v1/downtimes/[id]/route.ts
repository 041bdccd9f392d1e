import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, idParams, intIdText, parseJson, parseParams } from "@/lib/http/input";
import { downtimeById } from "@/lib/services/queries";
import { editDowntimeInput } from "@/lib/services/commands/input";
import { editScheduledDowntime } from "@/lib/services/commands/edit-scheduled-downtime";
import { cancelScheduledDowntime } from "@/lib/services/commands/cancel-scheduled-downtime";

export const GET = authedRoute<{ id: string }>(async (_req, { params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json({ downtime: await downtimeById(id) });
});

/** PATCH {version, startsAt?, endsAt?, serviceId?, title?, reason?}: move, resize or edit (OPOS; stale version → 409). */
export const PATCH = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, editDowntimeInput);
  return NextResponse.json({ downtime: await editScheduledDowntime(person, id, input, requestId) });
});

const cancelQuery = z.strictObject({ version: intIdText("version") });

/** DELETE `?version=N`: cancel (kept, marked cancelled, so calendar feeds drop it). */
export const DELETE = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const { version } = cancelQuery.parse(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json({ downtime: await cancelScheduledDowntime(person, id, version, requestId) });
});
