import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, idParams, parseParams } from "@/lib/http/input";
import { parseChartWindow } from "@/lib/charts/window";
import { campaignCharts } from "@/lib/charts/queries";

/**
 * GET ?window=24h|7d|30d|custom&from=&to=: the campaign's progress charts over the window (burn-ups, jobs by state,
 * submission bars, failures, CPU efficiency, incidents and outages, the forecast), from the rollups only.
 */
export const GET = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const now = new Date();
  const window = parseChartWindow(cleanFields(new URL(req.url).searchParams), now);
  return NextResponse.json(await campaignCharts(person, id, window, now), { headers: { "cache-control": "no-store" } });
});
