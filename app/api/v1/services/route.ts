import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields } from "@/lib/http/input";
import { availabilityByService, listServices } from "@/lib/services/queries";

/** GET: the service tree in reading order with status, staleness, maintenance under way and whether you watch each.
 *  `?availability=90` adds each service's daily availability over the last 90 days (1–90). */
export const GET = authedRoute(async (req, { person }) => {
  const q = cleanFields(new URL(req.url).searchParams);
  const services = await listServices(person.id);
  const days = q.availability ? Math.min(90, Math.max(1, Number.parseInt(q.availability, 10) || 90)) : 0;
  if (!days) return NextResponse.json({ services });
  const availability = await availabilityByService(days);
  return NextResponse.json({ services: services.map((s) => ({ ...s, availability: availability.get(s.id) ?? null })) });
});
