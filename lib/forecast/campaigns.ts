/**
 * Each active campaign's forecast, computed by the refresh from the rollups and stored in CampaignForecast, so
 * pages read it instead of simulating per request. Bulk: one read of the campaigns' totals, one of their daily
 * sums, one upsert; the simulation itself is lib/forecast/monte-carlo.ts.
 *
 * A campaign's input stages are its stages that no other stage feeds (a self-edge does not count), test and
 * approval stages aside. Its total is, over its input stages, the files of the stage's input dataset (or, when more,
 * the distinct files its submissions were given); a generator stage (no input files) counts the jobs its launches
 * asked for, each job generating one requested batch of events. Done is the input stages' files done (a generator
 * stage's jobs completed) from the stage-hour rollup; the daily series is the same per UTC day. A campaign with a
 * generator input stage gets no forecast (NO_DATA, with a note): its total is only the jobs launched so far, so it
 * would read "finished" between two launches.
 *
 * The simulations run one campaign at a time, giving the event loop a turn between campaigns (the web process
 * serves pages meanwhile).
 */
// Not "server-only": the demo seed (scripts outside Next) computes its forecasts with its own client.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { forecastCompletion, WINDOW_DAYS, type Forecast } from "./monte-carlo";
import { seedOf } from "./rng";

const DAY = 86_400_000;

type CampaignRow = { campaignId: number; total: number; done: number; firstAt: Date | null; generator: boolean };
type DayRow = { campaignId: number; day: Date; n: number };

const inputStages = `
  SELECT st.id, st."campaignId", c."experimentId", st."inputDataset", (st."stageType" = 'GENERATOR' OR btrim(st."inputDataset") = '') AS generator
    FROM "CampaignStage" st JOIN "Campaign" c ON c.id = st."campaignId"
   WHERE c."active" AND st."stageType" NOT IN ('TEST', 'APPROVAL')
     AND NOT EXISTS (SELECT 1 FROM "StageDependency" d WHERE d."toStageId" = st.id AND d."fromStageId" <> st.id)`;

/** Per active campaign (or the listed ones): total, done and when its input stages first did anything. */
async function readCampaigns(client: PrismaClient, ids: number[] | null): Promise<CampaignRow[]> {
  return client.$queryRawUnsafe<CampaignRow[]>(
    `WITH i AS (${inputStages} AND ($1::int[] IS NULL OR st."campaignId" = ANY($1::int[])))
     SELECT i."campaignId",
            sum(CASE WHEN i.generator THEN (SELECT COALESCE(sum(s."plannedJobs"), 0) FROM "Submission" s WHERE s."stageId" = i.id)
                     ELSE GREATEST((SELECT count(*) FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."experimentId" = i."experimentId" AND d."name" = i."inputDataset"),
                                   (SELECT count(DISTINCT sf."fileId") FROM "SubmissionFile" sf JOIN "Submission" s ON s.id = sf."submissionId" WHERE s."stageId" = i.id AND sf."role" = 'INPUT')) END)::int AS total,
            COALESCE(sum(r.done), 0)::int AS done, min(r."firstAt") AS "firstAt", bool_or(i.generator) AS generator
       FROM i LEFT JOIN LATERAL (
              SELECT sum(CASE WHEN i.generator THEN h."jobsCompleted" ELSE h."filesDone" END) AS done,
                     min(h."hour") FILTER (WHERE h."filesDone" + h."filesFailed" + h."jobsCompleted" + h."jobsFailed" + h."jobsRemoved" > 0) AS "firstAt"
                FROM "StageHourRollup" h WHERE h."stageId" = i.id) r ON true
      GROUP BY 1`,
    ids,
  );
}

/** Per campaign and complete UTC day of the window: files (a generator's jobs) done by its input stages. */
async function readDays(client: PrismaClient, ids: number[], from: Date, to: Date): Promise<DayRow[]> {
  if (!ids.length) return [];
  return client.$queryRawUnsafe<DayRow[]>(
    `WITH i AS (${inputStages} AND st."campaignId" = ANY($1::int[]))
     SELECT i."campaignId", date_trunc('day', h."hour") AS day, sum(CASE WHEN i.generator THEN h."jobsCompleted" ELSE h."filesDone" END)::int AS n
       FROM i JOIN "StageHourRollup" h ON h."stageId" = i.id AND h."hour" >= $2 AND h."hour" < $3
      GROUP BY 1, 2`,
    ids,
    from,
    to,
  );
}

/** The daily series of one campaign: from its first counted day (or the window's start) to yesterday, zero days included. Pure. */
export function dailySeries(days: { day: Date; n: number }[], firstAt: Date | null, today: Date): number[] {
  if (!firstAt) return [];
  const start = Math.max(Date.UTC(firstAt.getUTCFullYear(), firstAt.getUTCMonth(), firstAt.getUTCDate()), today.getTime() - WINDOW_DAYS * DAY);
  const n = Math.max(0, Math.round((today.getTime() - start) / DAY));
  const out = Array<number>(n).fill(0);
  for (const d of days) {
    const k = Math.round((d.day.getTime() - start) / DAY);
    if (k >= 0 && k < n) out[k] += d.n;
  }
  return out;
}

/** Computes and stores the forecasts of every active campaign (or the listed ones); returns how many by state. */
export async function refreshForecasts(client: PrismaClient, now: Date, campaignIds: number[] | null = null): Promise<Record<string, number>> {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const campaigns = await readCampaigns(client, campaignIds);
  const days = await readDays(client, campaigns.map((c) => c.campaignId), new Date(today.getTime() - WINDOW_DAYS * DAY), today);
  const byCampaign = new Map<number, DayRow[]>();
  for (const d of days) byCampaign.set(d.campaignId, [...(byCampaign.get(d.campaignId) ?? []), d]);
  const out: (Forecast & { campaignId: number })[] = [];
  for (const c of campaigns) {
    if (out.length) await new Promise<void>((resolve) => setImmediate(resolve));
    const daily = dailySeries(byCampaign.get(c.campaignId) ?? [], c.firstAt, today);
    out.push({ campaignId: c.campaignId, ...forecastCompletion({ total: c.total, done: c.done, daily, now, seed: seedOf(c.campaignId, today.getTime() / DAY), openTotal: c.generator }) });
  }
  if (out.length) {
    await client.$executeRaw`
      INSERT INTO "CampaignForecast" ("campaignId", "state", "filesTotal", "filesDone", "medianAt", "lowAt", "highAt", "dailyRate", "erratic", "method", "computedAt")
      SELECT u.id, u.state::"ForecastState", u.total, u.done, u.med, u.low, u.high, u.rate, u.erratic, u.method, ${now}
        FROM unnest(${out.map((f) => f.campaignId)}::int[], ${out.map((f) => f.state)}::text[], ${out.map((f) => f.total)}::int[], ${out.map((f) => f.done)}::int[],
                    ${out.map((f) => f.medianAt)}::timestamp[], ${out.map((f) => f.lowAt)}::timestamp[], ${out.map((f) => f.highAt)}::timestamp[],
                    ${out.map((f) => f.dailyRate)}::float8[], ${out.map((f) => f.erratic)}::bool[], ${out.map((f) => JSON.stringify(f.method))}::jsonb[])
             AS u(id, state, total, done, med, low, high, rate, erratic, method)
      ON CONFLICT ("campaignId") DO UPDATE SET "state" = EXCLUDED."state", "filesTotal" = EXCLUDED."filesTotal", "filesDone" = EXCLUDED."filesDone",
         "medianAt" = EXCLUDED."medianAt", "lowAt" = EXCLUDED."lowAt", "highAt" = EXCLUDED."highAt", "dailyRate" = EXCLUDED."dailyRate",
         "erratic" = EXCLUDED."erratic", "method" = EXCLUDED."method", "computedAt" = EXCLUDED."computedAt"`;
  }
  const counts: Record<string, number> = { campaigns: out.length };
  for (const f of out) counts[f.state] = (counts[f.state] ?? 0) + 1;
  return counts;
}
