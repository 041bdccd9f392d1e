import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { downtimesIn } from "@/lib/services/queries";
import { calendarQuery } from "@/lib/services/window";
import { createDowntimeInput } from "@/lib/services/commands/input";
import { createScheduledDowntime } from "@/lib/services/commands/create-scheduled-downtime";

/** GET `?from=&to=&service=&kind=scheduled|actual|all&cancelled=1`: downtimes overlapping the window (default: this
 *  week; at most 100 days). */
export const GET = authedRoute(async (req) => {
  const q = calendarQuery(cleanFields(new URL(req.url).searchParams));
  return NextResponse.json({ downtimes: await downtimesIn(q), from: q.from, to: q.to });
});

/** POST {serviceId, startsAt, endsAt, title, reason}: schedule maintenance (OPOS). */
export const POST = authedRoute(async (req, { person, requestId }) => {
  const input = await parseJson(req, createDowntimeInput);
  return NextResponse.json({ downtime: await createScheduledDowntime(person, input, requestId) }, { status: 201 });
});
