import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { forbidden } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import { recentRuns } from "@/lib/background/runner";

/** GET: the latest runs of the refresh and what each step read, changed and failed (OPOS, admin). */
export const GET = authedRoute(async (_req, { person }) => {
  const d = decide(person, "operations.view");
  if (!d.allowed) throw forbidden(d.reason);
  return NextResponse.json({ runs: await recentRuns("refresh", 50) });
});
