/**
 * The managers' portfolio: every campaign the person may see, across experiments, with progress, forecast, health
 * and a 14-day throughput sparkline. Two statements whatever the number of campaigns: the campaigns with their
 * forecast, nearest needed-by date and last week's job failures (from the rollups), then the sparklines of the rows
 * shown. Filtering, order and paging follow the pure rules of portfolio-rules.ts.
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
import { DAY_MS } from "./window";

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

type Row = Omit<CampaignFacts, "medianAt" | "lowAt" | "highAt" | "neededByTask"> & { medianAt: Date | null; lowAt: Date | null; highAt: Date | null; taskNumber: number | null };

async function judgedCampaigns(person: Actor, now: Date): Promise<PortfolioRow[]> {
  const ids = visibleExperimentIds(person);
  const since = new Date(now.getTime() - 7 * DAY_MS);
  const rows = await db.$queryRaw<Row[]>`
    SELECT c.id, c."name", e."name" AS experiment, c."active", f."state"::text AS "state",
           COALESCE(f."filesTotal", 0) AS "filesTotal", COALESCE(f."filesDone", 0) AS "filesDone", f."medianAt", f."lowAt", f."highAt",
           t."neededBy", t."number" AS "taskNumber",
           COALESCE(r.ended, 0)::int AS "jobsEnded7d", COALESCE(r.failed, 0)::int AS "jobsFailed7d"
      FROM "Campaign" c
      JOIN "Experiment" e ON e.id = c."experimentId"
      LEFT JOIN "CampaignForecast" f ON f."campaignId" = c.id
      LEFT JOIN LATERAL (
        SELECT to_char(tk."neededBy", 'YYYY-MM-DD') AS "neededBy", tk."number"
          FROM "TaskCampaign" tc JOIN "Task" tk ON tk.id = tc."taskId"
         WHERE tc."campaignId" = c.id AND tk."neededBy" IS NOT NULL AND tk."status"::text = ANY(${OPEN_STATUSES as string[]})
         ORDER BY tk."neededBy", tk.id LIMIT 1) t ON true
      LEFT JOIN (
        SELECT h."campaignId", sum(h."jobsCompleted" + h."jobsFailed" + h."jobsRemoved") AS ended, sum(h."jobsFailed") AS failed
          FROM "StageHourRollup" h WHERE h."hour" >= ${since} GROUP BY 1) r ON r."campaignId" = c.id
     WHERE ${ids === undefined} OR c."experimentId" = ANY(${ids ?? []}::int[])`;
  return rows.map((r) => {
    const facts: CampaignFacts = {
      id: r.id, name: r.name, experiment: r.experiment, active: r.active, state: r.state, filesTotal: r.filesTotal, filesDone: r.filesDone,
      medianAt: r.medianAt?.getTime() ?? null, lowAt: r.lowAt?.getTime() ?? null, highAt: r.highAt?.getTime() ?? null,
      neededBy: r.neededBy, neededByTask: r.taskNumber === null ? null : taskKey(r.experiment, r.taskNumber),
      jobsEnded7d: r.jobsEnded7d, jobsFailed7d: r.jobsFailed7d,
    };
    return { ...facts, ...judgeCampaign(facts, now.getTime()), sparkline: [] };
  });
}

/** Daily files done over the last 14 days for these campaigns (one statement). */
async function fillSparklines(rows: PortfolioRow[], days: number[]): Promise<void> {
  if (!rows.length) return;
  const got = await db.$queryRaw<{ campaignId: number; day: Date; done: number }[]>`
    SELECT h."campaignId", date_trunc('day', h."hour") AS day, sum(h."filesDone")::int AS done
      FROM "StageHourRollup" h
     WHERE h."campaignId" = ANY(${rows.map((r) => r.id)}::int[]) AND h."hour" >= ${new Date(days[0])}
     GROUP BY 1, 2`;
  const at = new Map(days.map((d, i) => [d, i]));
  const by = new Map(rows.map((r) => [r.id, r]));
  for (const r of rows) r.sparkline = days.map(() => 0);
  for (const g of got) {
    const i = at.get(g.day.getTime());
    const row = by.get(g.campaignId);
    if (i !== undefined && row) row.sparkline[i] += g.done;
  }
}

function mustSeePortfolio(person: Actor) {
  const allowed = decide(person, "charts.view").allowed || person.memberships.size > 0;
  if (!allowed) throw forbidden("The portfolio is for managers, OPOS and members of an experiment.");
}

/** One page of the portfolio, with per-experiment totals over every campaign that passes the filters. */
export async function portfolio(person: Actor, query: PortfolioQuery, now = new Date()): Promise<Portfolio> {
  mustSeePortfolio(person);
  const all = await judgedCampaigns(person, now);
  const matching = all.filter((r) => matchesPortfolio(r, query)).sort(comparePortfolio(query.sort, query.dir));
  const pages = Math.max(1, Math.ceil(matching.length / PORTFOLIO_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = matching.slice((page - 1) * PORTFOLIO_PAGE_SIZE, page * PORTFOLIO_PAGE_SIZE);
  const days = sparklineDays(now.getTime());
  await fillSparklines(rows, days);
  return {
    rows,
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
  const rows = (await judgedCampaigns(person, now)).filter((r) => matchesPortfolio(r, query)).sort(comparePortfolio(query.sort, query.dir));
  await fillSparklines(rows, sparklineDays(now.getTime()));
  return rows;
}
