import { env } from "@/lib/env";
import { errorResponse, requestIdOf } from "@/lib/http/route";
import { feedDowntimes } from "@/lib/services/queries";
import { buildDowntimeCalendar } from "@/lib/services/ical";

export const dynamic = "force-dynamic";

/**
 * GET: the iCalendar feed of scheduled downtimes. Public on purpose (docs/services.md, "iCal feed"): calendar
 * clients cannot sign in, and maintenance windows are what a status page announces to everyone. It carries what the
 * status page shows (service, window, title, reason) and nothing else: no people, no experiments' data.
 */
export async function GET(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const now = new Date();
    const configured = env().NEXTAUTH_URL;
    // The UID's host must not change with the address a client used, or calendars would duplicate every event.
    const uidDomain = configured ? new URL(configured).host : "poms";
    const origin = configured ?? new URL(req.url).origin;
    const body = buildDowntimeCalendar(await feedDowntimes(now), { uidDomain, now, pageUrl: `${origin.replace(/\/$/, "")}/services/calendar`, calendarName: "POMS scheduled downtimes" });
    return new Response(body, {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'inline; filename="poms-downtimes.ics"',
        "cache-control": "public, max-age=300",
        "x-request-id": requestId,
      },
    });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
