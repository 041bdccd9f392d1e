import { NextResponse } from "next/server";
import { cronRoute } from "@/lib/background/cron";
import { runJob } from "@/lib/background/runner";
import { JOBS } from "@/lib/background/jobs";

export const dynamic = "force-dynamic";

/**
 * GET or POST with `Authorization: Bearer $POMS_CRON_SECRET`: one run of the refresh job. When another run holds
 * the job (on any instance), answers 200 "skipped: already running" and does nothing: a scheduler must not retry.
 */
const refresh = cronRoute(async () => {
  const report = await runJob("refresh", JOBS.refresh, "cron");
  if (!report.ran) return NextResponse.json({ ran: false, skipped: "already running", reason: report.reason }, { status: 200 });
  // A run whose every step failed answers 503 so that a scheduler checking the status notices.
  return NextResponse.json(report, { status: report.status === "FAILED" ? 503 : 200 });
});

export const GET = refresh;
export const POST = refresh;
