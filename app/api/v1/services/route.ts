import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields } from "@/lib/http/input";
import { availabilityByService, listServices } from "@/lib/services/queries";

const query = z.strictObject({
  availability: z
    .string()
    .regex(/^[1-9][0-9]?$/, "availability must be a number of days from 1 to 90.")
    .transform(Number)
    .refine((n) => n <= 90, "availability must be a number of days from 1 to 90.")
    .optional(),
});

/** GET: the service tree in reading order with status, staleness, maintenance under way and whether you watch each.
 *  `?availability=N` (1–90) adds each service's daily availability over the last N days. */
export const GET = authedRoute(async (req, { person }) => {
  const q = query.parse(cleanFields(new URL(req.url).searchParams));
  const services = await listServices(person.id);
  if (!q.availability) return NextResponse.json({ services });
  const availability = await availabilityByService(q.availability);
  return NextResponse.json({ services: services.map((s) => ({ ...s, availability: availability.get(s.id) ?? null })) });
});
