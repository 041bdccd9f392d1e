/**
 * The campaign page's window: the URL's, or the default with a sentence saying why when the URL's is not one (a page
 * opens something sensible from any link; the API answers the same mistake with a 400). And the live charts' pace.
 */
import "server-only";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { cleanText } from "@/lib/http/input";
import { DEFAULT_WINDOW, parseChartWindow, type ChartWindow } from "./window";

export function chartWindowForPage(search: Record<string, string | string[] | undefined>, now: Date): { window: ChartWindow; notice?: string } {
  const pick = (k: string) => {
    const v = search[k];
    return cleanText(Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  };
  const fields = { window: pick("window"), from: pick("from"), to: pick("to") };
  try {
    return { window: parseChartWindow(fields, now) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { window: parseChartWindow({ window: DEFAULT_WINDOW }, now), notice: `${err.message} Showing the last 7 days instead.` };
  }
}

/** The charts re-read as often as the refresh runs (POMS_REFRESH_INTERVAL_S); a minute when an outside cron drives it. */
export const chartRefreshMs = () => (env().POMS_REFRESH_INTERVAL_S || 60) * 1000;
