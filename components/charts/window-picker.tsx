import Link from "next/link";
import { CHART_WINDOWS, DAY_MS, WINDOW_LABEL, type ChartWindowName } from "@/lib/charts/window";

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The time window, in the URL: three links (24 h, 7 d, 30 d) and a custom range (a plain GET form of two dates),
 * so a window is shareable and works without script. The chosen one is marked for screen readers (aria-current).
 */
export function WindowPicker({ campaignId, window }: { campaignId: number; window: { name: ChartWindowName; from: number; to: number } }) {
  const base = `/campaigns/${campaignId}`;
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="window-picker">
      <nav aria-label="Time window">
        <ul className="flex flex-wrap gap-1">
          {CHART_WINDOWS.filter((w) => w !== "custom").map((w) => (
            <li key={w}>
              <Link
                href={`${base}?window=${w}#progress-section`}
                scroll={false}
                aria-current={window.name === w ? "true" : undefined}
                className={`btn no-underline hover:no-underline ${window.name === w ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : ""}`}
                data-testid={`window-${w}`}
              >
                {WINDOW_LABEL[w]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={base} className="flex flex-wrap items-end gap-2" aria-label="Custom time window">
        <input type="hidden" name="window" value="custom" />
        <label className="text-sm">
          <span className="block">From (UTC)</span>
          <input type="date" name="from" required defaultValue={day(window.from)} className="field" data-testid="window-from" />
        </label>
        <label className="text-sm">
          <span className="block">To (UTC)</span>
          <input type="date" name="to" required defaultValue={day(window.to - DAY_MS / 24)} className="field" data-testid="window-to" />
        </label>
        <button type="submit" className={`btn ${window.name === "custom" ? "ring-2 ring-slate-500" : ""}`} aria-current={window.name === "custom" ? "true" : undefined}>
          Show this range
        </button>
      </form>
    </div>
  );
}
