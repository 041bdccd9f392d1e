/**
 * The managers' portfolio: every campaign the person may see, across experiments, with progress, forecast, health
 * and a 14-day throughput sparkline. Two statements, run together, whatever the number of campaigns (below).
 * Filtering, order and paging follow the pure rules of portfolio-rules.ts.
 */
import "server-only";
import { db } from "@/lib/db";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import { forbidden } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import { taskKey } from "@/lib/tasks/keys";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import {
  comparePortfolio, experimentTotals, judgeCampaign, matchesPortfolio, PORTFOLIO_PAGE_SIZE, sparklineDays,
  type CampaignFacts, type ExperimentTotals, type PortfolioQuery, type PortfolioRow,
} from "./portfolio-rules";

export type Portfolio = {
  rows: PortfolioRow[];
  /** Campaigns that pass the filters (all pages). */
  matching: number;
  page: number;
  pages: number;
  totals: ExperimentTotals[];
  experiments: string[];
  generatedAt: number;
  /** The days of the sparklines (UTC midnights, oldest first). */
  sparklineDays: number[];
};

type Row = Omit<CampaignFacts, "medianAt" | "lowAt" | "highAt" | "neededByTask" | "jobsEnded7d" | "jobsFailed7d"> & {
  medianAt: Date | null;
  lowAt: Date | null;
  highAt: Date | null;
  taskNumber: number | null;
};
type DayRow = { campaignId: number; day: Date; done: number; ended: number; failed: number };

/**
 * Every visible campaign judged. Two statements: the campaigns with their forecast and nearest needed-by date, and one
 * scan of the last 14 days of the stage-hour rollup summed per campaign and day, which gives both the sparklines and
 * last week's failure share (the last 7 UTC days, today included).
 */
async function judgedCampaigns(person: Actor, now: Date): Promise<{ rows: PortfolioRow[]; days: number[] }> {
  const ids = visibleExperimentIds(person);
  const days = sparklineDays(now.getTime());
  const [rows, daily] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT c.id, c."name", e."name" AS experiment, c."active", f."state"::text AS "state",
             COALESCE(f."filesTotal", 0) AS "filesTotal", COALESCE(f."filesDone", 0) AS "filesDone", f."medianAt", f."lowAt", f."highAt",
             t."neededBy", t."number" AS "taskNumber"
        FROM "Campaign" c
        JOIN "Experiment" e ON e.id = c."experimentId"
        LEFT JOIN "CampaignForecast" f ON f."campaignId" = c.id
        LEFT JOIN LATERAL (
          SELECT to_char(tk."neededBy", 'YYYY-MM-DD') AS "neededBy", tk."number"
            FROM "TaskCampaign" tc JOIN "Task" tk ON tk.id = tc."taskId"
           WHERE tc."campaignId" = c.id AND tk."neededBy" IS NOT NULL AND tk."status"::text = ANY(${OPEN_STATUSES as string[]})
           ORDER BY tk."neededBy", tk.id LIMIT 1) t ON true
       WHERE ${ids === undefined} OR c."experimentId" = ANY(${ids ?? []}::int[])`,
    db.$queryRaw<DayRow[]>`
      SELECT h."campaignId", date_trunc('day', h."hour") AS day, sum(h."filesDone")::int AS done,
             sum(h."jobsCompleted" + h."jobsFailed" + h."jobsRemoved")::int AS ended, sum(h."jobsFailed")::int AS failed
        FROM "StageHourRollup" h
       WHERE h."hour" >= ${new Date(days[0])} AND (${ids === undefined} OR h."experimentId" = ANY(${ids ?? []}::int[]))
       GROUP BY 1, 2`,
  ]);
  const at = new Map(days.map((d, i) => [d, i]));
  const byCampaign = new Map<number, { spark: number[]; ended: number; failed: number }>();
  for (const d of daily) {
    const i = at.get(d.day.getTime());
    if (i === undefined) continue;
    const c = byCampaign.get(d.campaignId) ?? { spark: days.map(() => 0), ended: 0, failed: 0 };
    c.spark[i] += d.done;
    if (i >= days.length - 7) {
      c.ended += d.ended;
      c.failed += d.failed;
    }
    byCampaign.set(d.campaignId, c);
  }
  const judged = rows.map((r) => {
    const recent = byCampaign.get(r.id);
    const facts: CampaignFacts = {
      id: r.id, name: r.name, experiment: r.experiment, active: r.active, state: r.state, filesTotal: r.filesTotal, filesDone: r.filesDone,
      medianAt: r.medianAt?.getTime() ?? null, lowAt: r.lowAt?.getTime() ?? null, highAt: r.highAt?.getTime() ?? null,
      neededBy: r.neededBy, neededByTask: r.taskNumber === null ? null : taskKey(r.experiment, r.taskNumber),
      jobsEnded7d: recent?.ended ?? 0, jobsFailed7d: recent?.failed ?? 0,
    };
    return { ...facts, ...judgeCampaign(facts, now.getTime()), sparkline: recent?.spark ?? days.map(() => 0) };
  });
  return { rows: judged, days };
}

function mustSeePortfolio(person: Actor) {
  const allowed = decide(person, "charts.view").allowed || person.memberships.size > 0;
  if (!allowed) throw forbidden("The portfolio is for managers, OPOS and members of an experiment.");
}

/** One page of the portfolio, with per-experiment totals over every campaign that passes the filters. */
export async function portfolio(person: Actor, query: PortfolioQuery, now = new Date()): Promise<Portfolio> {
  mustSeePortfolio(person);
  const { rows: all, days } = await judgedCampaigns(person, now);
  const matching = all.filter((r) => matchesPortfolio(r, query)).sort(comparePortfolio(query.sort, query.dir));
  const pages = Math.max(1, Math.ceil(matching.length / PORTFOLIO_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return {
    rows: matching.slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE),
    matching: matching.length,
    page,
    pages,
    totals: experimentTotals(matching),
    experiments: [...new Set(all.map((r) => r.experiment))].sort(),
    generatedAt: now.getTime(),
    sparklineDays: days,
  };
}

/** Every campaign that passes the filters, in order, with sparklines (the CSV export). */
export async function portfolioForExport(person: Actor, query: PortfolioQuery, now = new Date()): Promise<PortfolioRow[]> {
  mustSeePortfolio(person);
  return (await judgedCampaigns(person, now)).rows.filter((r) => matchesPortfolio(r, query)).sort(comparePortfolio(query.sort, query.dir));
}
