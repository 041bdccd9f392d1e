import { dayBand, describeDay, formatShare, type DayAvailability } from "@/lib/services/availability";
import type { Wire } from "@/lib/http/wire";

const BAND_CLASS = {
  none: "bg-slate-300 dark:bg-slate-700",
  up: "bg-green-600 dark:bg-green-500",
  minor: "bg-amber-500 dark:bg-amber-400",
  major: "bg-red-600 dark:bg-red-500",
} as const;

/**
 * The 90-day bar: one cell per UTC day, green up, amber a short outage (≥ 95 % up), red a long one, grey no data; a
 * blue underline marks scheduled maintenance. Colour is never alone: each cell's title and the list for screen
 * readers say the day in words, and the figure beside the bar gives the share up.
 */
export function AvailabilityBar({ days, upShare, label }: { days: Wire<DayAvailability>[]; upShare: number | null; label: string }) {
  const outages = days.filter((d) => d.downMinutes > 0).length;
  const maintenance = days.filter((d) => d.scheduled).length;
  const summary = `${label}: ${upShare === null ? "no data" : `${formatShare(upShare)} up`} over ${days.length} days; ${outages === 0 ? "no outage" : `${outages} day${outages === 1 ? "" : "s"} with an outage`}${maintenance ? `; maintenance on ${maintenance} day${maintenance === 1 ? "" : "s"}` : ""}.`;
  return (
    <div className="min-w-0">
      <div className="flex h-7 items-end gap-px" role="img" aria-label={summary} data-testid="availability-bar" data-days={days.length}>
        {days.map((d) => {
          const band = dayBand(d);
          return (
            <span key={d.day} title={describeDay(d)} data-band={band} className={`relative block h-full min-w-[2px] flex-1 rounded-sm ${BAND_CLASS[band]}`}>
              {d.scheduled && <span aria-hidden="true" className="absolute inset-x-0 -bottom-1 block h-0.5 bg-blue-600 dark:bg-blue-400" />}
            </span>
          );
        })}
      </div>
      <div className="mt-1.5 flex justify-between text-xs muted">
        <span>{days.length} days ago</span>
        <span data-testid="availability-share">{upShare === null ? "no data" : `${formatShare(upShare)} up`}</span>
        <span>today</span>
      </div>
    </div>
  );
}

/** What the colours of the bar mean, said once per page. */
export function AvailabilityLegend() {
  const items: [keyof typeof BAND_CLASS | "maintenance", string][] = [
    ["up", "no outage"],
    ["minor", "outage, 95 % or more up"],
    ["major", "outage, less than 95 % up"],
    ["none", "no data"],
    ["maintenance", "scheduled maintenance (underline)"],
  ];
  return (
    <ul className="flex flex-wrap gap-3 text-xs muted" aria-label="What the bar's colours mean">
      {items.map(([k, text]) => (
        <li key={k} className="flex items-center gap-1">
          <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${k === "maintenance" ? "border-b-2 border-blue-600 bg-slate-200 dark:border-blue-400 dark:bg-slate-700" : BAND_CLASS[k]}`} />
          {text}
        </li>
      ))}
    </ul>
  );
}
