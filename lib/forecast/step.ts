/**
 * Refresh step "forecasts" (after the steps that change jobs and files): each active campaign's completion forecast
 * from the rollups (lib/forecast/campaigns.ts). A forecast is of days, so a campaign's is recomputed when it is
 * missing or older than FORECAST_EVERY_MS, not at every run.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Step } from "@/lib/background/runner";
import { refreshForecasts } from "./campaigns";

export const FORECAST_EVERY_MS = 5 * 60_000;

export const forecastsStep: Step = {
  name: "forecasts",
  timeoutMs: 60_000,
  async run({ now }) {
    const due = await db.$queryRaw<{ id: number }[]>`
      SELECT c.id FROM "Campaign" c LEFT JOIN "CampaignForecast" f ON f."campaignId" = c.id
       WHERE c."active" AND (f."campaignId" IS NULL OR f."computedAt" <= ${new Date(now.getTime() - FORECAST_EVERY_MS)} OR f."computedAt" > ${now})`;
    if (!due.length) return { campaigns: 0 };
    return refreshForecasts(db, now, due.map((d) => d.id));
  },
};
