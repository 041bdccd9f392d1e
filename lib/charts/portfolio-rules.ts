/**
 * The portfolio's rules: a campaign's health, whether it will miss its task's needed-by date, the URL of the page
 * (filters, sort, page), the order, per-experiment totals and the CSV. Pure; portfolio.ts reads the rows.
 * Like the Tasks list's URL, unknown values are dropped rather than refused, so any shared link opens something.
 */
import { cleanText } from "@/lib/http/input";
import { CSV_BOM, csvRow } from "@/lib/http/csv";
import { DAY_MS } from "./window";

export const HEALTHS = ["late", "stalled", "at-risk", "on-track", "finished", "no-forecast"] as const;
export type Health = (typeof HEALTHS)[number];
export const HEALTH_LABEL: Record<Health, string> = {
  late: "Will miss its date",
  stalled: "Stalled",
  "at-risk": "At risk",
  "on-track": "On track",
  finished: "Finished",
  "no-forecast": "No forecast yet",
};

export const PORTFOLIO_SORTS = ["risk", "forecast", "progress", "lateness", "name"] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
export const SORT_LABEL: Record<PortfolioSort, string> = { risk: "Missing their date first", forecast: "Forecast date", progress: "Progress", lateness: "Days late", name: "Name" };
export const PORTFOLIO_PAGE_SIZE = 50;
/** A failure share (failed ÷ ended jobs, last 7 days) at or above this puts a campaign at risk. */
export const RISKY_FAILURE_SHARE = 0.2;

export type PortfolioQuery = { experiment?: string; health?: Health; q?: string; sort: PortfolioSort; dir: "asc" | "desc"; page: number };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;
const one = (params: Params, k: string) => {
  const v = params instanceof URLSearchParams ? params.get(k) : params[k];
  return cleanText(Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();
};

export function parsePortfolioQuery(params: Params): PortfolioQuery {
  const experiment = one(params, "experiment").toLowerCase();
  const health = one(params, "health");
  const sort = one(params, "sort");
  const dir = one(params, "dir");
  const page = Number(one(params, "page"));
  const chosenSort = (PORTFOLIO_SORTS as readonly string[]).includes(sort) ? (sort as PortfolioSort) : "risk";
  return {
    experiment: /^[a-z0-9_-]{1,64}$/.test(experiment) ? experiment : undefined,
    health: (HEALTHS as readonly string[]).includes(health) ? (health as Health) : undefined,
    q: one(params, "q").slice(0, 100) || undefined,
    sort: chosenSort,
    dir: dir === "asc" || dir === "desc" ? dir : chosenSort === "lateness" ? "desc" : "asc",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The query string of a portfolio view (defaults left out), for links and exports. */
export function portfolioHref(q: PortfolioQuery, base = "/portfolio", change: Partial<PortfolioQuery> = {}): string {
  const v = { ...q, ...change };
  const p = new URLSearchParams();
  if (v.experiment) p.set("experiment", v.experiment);
  if (v.health) p.set("health", v.health);
  if (v.q) p.set("q", v.q);
  if (v.sort !== "risk") p.set("sort", v.sort);
  const defaultDir = v.sort === "lateness" ? "desc" : "asc";
  if (v.dir !== defaultDir) p.set("dir", v.dir);
  if (v.page > 1) p.set("page", String(v.page));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export type CampaignFacts = {
  id: number;
  name: string;
  experiment: string;
  active: boolean;
  state: "ON_TRACK" | "STALLED" | "FINISHED" | "NO_DATA" | null;
  filesTotal: number;
  filesDone: number;
  medianAt: number | null;
  lowAt: number | null;
  highAt: number | null;
  /** The earliest needed-by date (UTC day) of its linked open tasks. */
  neededBy: string | null;
  neededByTask: string | null;
  jobsEnded7d: number;
  jobsFailed7d: number;
};

export type PortfolioRow = CampaignFacts & {
  health: Health;
  willMiss: boolean;
  /** Forecast median minus needed-by, in days (positive: late); null without both. */
  daysLate: number | null;
  progress: number | null;
  failureShare: number | null;
  sparkline: number[];
};

/** The end of a needed-by day: work done at any time on that day is on time. */
const dayEnd = (day: string) => Date.parse(`${day}T00:00:00Z`) + DAY_MS;

/**
 * Health, from the forecast and the task's date: finished; stalled (no pace, no forecast); will miss its date (the
 * median is past it, or it is stalled or without a forecast while its date has passed); at risk (the band's late
 * edge is past the date, or a fifth or more of recent jobs failed); on track; or no forecast yet.
 */
export function judgeCampaign(c: CampaignFacts, now: number): Omit<PortfolioRow, keyof CampaignFacts | "sparkline"> {
  const progress = c.filesTotal > 0 ? Math.min(1, c.filesDone / c.filesTotal) : c.state === "FINISHED" ? 1 : null;
  const failureShare = c.jobsEnded7d > 0 ? c.jobsFailed7d / c.jobsEnded7d : null;
  const due = c.neededBy ? dayEnd(c.neededBy) : null;
  const daysLate = due !== null && c.medianAt !== null && c.state === "ON_TRACK" ? Math.round((c.medianAt - due) / DAY_MS) : null;
  const finished = c.state === "FINISHED";
  const noPace = c.state === "STALLED" || c.state === "NO_DATA" || c.state === null;
  const willMiss = !finished && due !== null && ((c.state === "ON_TRACK" && c.medianAt !== null && c.medianAt > due) || (c.state === "STALLED") || (noPace && due < now));
  let health: Health;
  if (finished) health = "finished";
  else if (c.state === "STALLED") health = "stalled";
  else if (willMiss) health = "late";
  else if (c.state !== "ON_TRACK") health = "no-forecast";
  else if ((due !== null && c.highAt !== null && c.highAt > due) || (failureShare !== null && failureShare >= RISKY_FAILURE_SHARE)) health = "at-risk";
  else health = "on-track";
  return { health, willMiss, daysLate, progress, failureShare };
}

const HEALTH_RANK: Record<Health, number> = { late: 0, stalled: 1, "at-risk": 2, "no-forecast": 3, "on-track": 4, finished: 5 };

/** Nulls last whatever the direction; ties by name then id, so pages never shuffle. */
export function comparePortfolio(sort: PortfolioSort, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  const byKey = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : sign * (a - b));
  const tie = (a: PortfolioRow, b: PortfolioRow) => a.name.localeCompare(b.name) || a.id - b.id;
  return (a: PortfolioRow, b: PortfolioRow): number => {
    switch (sort) {
      case "risk":
        // Campaigns that will miss their date first (the latest first), then by health, then the soonest forecast.
        return (
          Number(b.willMiss) - Number(a.willMiss) ||
          sign * (HEALTH_RANK[a.health] - HEALTH_RANK[b.health]) ||
          byKey(b.daysLate, a.daysLate) ||
          byKey(a.medianAt, b.medianAt) ||
          tie(a, b)
        );
      case "forecast":
        return byKey(a.medianAt, b.medianAt) || tie(a, b);
      case "progress":
        return byKey(a.progress, b.progress) || tie(a, b);
      case "lateness":
        return byKey(a.daysLate, b.daysLate) || tie(a, b);
      case "name":
        return sign * tie(a, b);
    }
  };
}

export function matchesPortfolio(row: PortfolioRow, q: PortfolioQuery): boolean {
  if (q.experiment && row.experiment !== q.experiment) return false;
  if (q.health && row.health !== q.health) return false;
  if (q.q) {
    const needle = q.q.toLowerCase();
    if (!row.name.toLowerCase().includes(needle) && !(row.neededByTask ?? "").toLowerCase().includes(needle)) return false;
  }
  return true;
}

export type ExperimentTotals = { experiment: string; campaigns: number; filesDone: number; filesTotal: number; late: number; stalled: number; finished: number };

/** Per experiment, over the campaigns that pass the filters. */
export function experimentTotals(rows: readonly PortfolioRow[]): ExperimentTotals[] {
  const by = new Map<string, ExperimentTotals>();
  for (const r of rows) {
    const t = by.get(r.experiment) ?? { experiment: r.experiment, campaigns: 0, filesDone: 0, filesTotal: 0, late: 0, stalled: 0, finished: 0 };
    t.campaigns++;
    t.filesDone += r.filesDone;
    t.filesTotal += r.filesTotal;
    if (r.willMiss) t.late++;
    if (r.health === "stalled") t.stalled++;
    if (r.health === "finished") t.finished++;
    by.set(r.experiment, t);
  }
  return [...by.values()].sort((a, b) => a.experiment.localeCompare(b.experiment));
}

/** Daily files done for the last `days` UTC days up to today (oldest first, missing days 0). */
export function sparklineDays(now: number, days = 14): number[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => today - (days - 1 - i) * DAY_MS);
}

const isoDay = (t: number | null) => (t === null ? "" : new Date(t).toISOString().slice(0, 10));

export const PORTFOLIO_CSV_HEADER = [
  "Campaign", "Experiment", "Health", "Will miss its date", "Files done", "Files total", "Progress (%)", "Forecast (median)", "85 % band from", "85 % band to",
  "Needed by", "Task", "Days late", "Failed jobs, last 7 days (%)", "Files done per day, last 14 days",
];

/** The portfolio as CSV (cells defused as the task export's: a leading =, +, -, @ stays text). */
export function portfolioCsv(rows: readonly PortfolioRow[]): string {
  const pct = (v: number | null) => (v === null ? "" : (Math.round(v * 1000) / 10).toString());
  return (
    CSV_BOM +
    csvRow(PORTFOLIO_CSV_HEADER) +
    rows
      .map((r) =>
        csvRow([
          r.name, r.experiment, HEALTH_LABEL[r.health], r.willMiss ? "yes" : "no", r.filesDone, r.filesTotal, pct(r.progress), isoDay(r.medianAt), isoDay(r.lowAt), isoDay(r.highAt),
          r.neededBy ?? "", r.neededByTask ?? "", r.daysLate ?? "", pct(r.failureShare), r.sparkline.join(" "),
        ]),
      )
      .join("")
  );
}
