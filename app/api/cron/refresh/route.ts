import { NextResponse } from "next/server";
import { cronRoute } from "@/lib/background/cron";
import { runJob } from "@/lib/background/runner";
import { JOBS } from "@/lib/background/jobs";

export const dynamic = "force-dynamic";

/** GET or POST with `Authorization: Bearer $POMS_CRON_SECRET`: one run of the refresh job. 409 when one is already running. */
const refresh = cronRoute(async () => {
  const report = await runJob("refresh", JOBS.refresh, "cron");
  if (!report.ran) return NextResponse.json({ ran: false, reason: report.reason }, { status: 409 });
  // A run whose every step failed answers 503 so that a scheduler checking the status notices.
  return NextResponse.json(report, { status: report.status === "FAILED" ? 503 : 200 });
});

export const GET = refresh;
export const POST = refresh;
