import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, intIdText, parseJson } from "@/lib/http/input";
import { listIncidents } from "@/lib/services/queries";
import { createIncidentInput } from "@/lib/services/commands/input";
import { createIncident } from "@/lib/services/commands/create-incident";

const listQuery = z.strictObject({
  state: z.enum(["open", "resolved", "all"], { message: "state must be open, resolved or all." }).optional(),
  service: intIdText("service").optional(),
});

/** GET `?state=open|resolved|all&service=`: incidents, newest first. */
export const GET = authedRoute(async (req) => {
  const q = listQuery.parse(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json({ incidents: await listIncidents(q.state ?? "all", { serviceId: q.service }) });
});

/** POST {title, impact?, status?, serviceIds, message}: open an incident with its first update (OPOS). */
export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, createIncidentInput);
  return NextResponse.json({ incident: await createIncident(person, input, requestId) }, { status: 201 });
});
