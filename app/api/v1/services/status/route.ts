import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { statusPage } from "@/lib/services/queries";

/** GET: the status page's data: every service with its 90-day availability, open incidents, maintenance to come. */
export const GET = authedRoute(async () => NextResponse.json(await statusPage()));
