/**
 * A campaign's progress charts over a time window. Reads only the rollups the refresh keeps (StageHourRollup,
 * FailureRollup, EfficiencyRollup), the campaign's forecast, a page-sized window of its submissions and the incidents
 * and outages of the services it depends on: never the Job table. Eight small statements, run together, whatever the
 * campaign's size; pure shaping in shape.ts.
 */
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decide, type Actor } from "@/lib/people/policy";
import { bucketStarts, type ChartWindow } from "./window";
import { cumulative, describeForecast, efficiencyHistogram, failureBreakdown, forecastFan, jobSeries, perBucket, type FailureBreakdown, type FanPoint, type ForecastFacts, type JobSeries } from "./shape";

/** How many submissions the time bars show at most (the newest that overlap the window). */
export const SUBMISSION_BARS = 30;

/** A stage's burn-up: files (a generator stage: jobs) done and failed since the campaign began, at each bucket's end. */
export type ChartStage = { id: number; name: string; input: boolean; unit: "files" | "jobs"; done: number[]; failed: number[] };
export type SubmissionBar = { id: number; stageId: number; status: string; start: number; end: number | null };
export type ChartIncident = { id: number; title: string; status: string; impact: string; start: number; end: number | null; services: { id: number; name: string }[] };
export type ChartDowntime = { id: number; serviceId: number; service: string; title: string; start: number; end: number | null };

export type CampaignCharts = {
  campaign: { id: number; name: string; experiment: string };
  window: { name: ChartWindow["name"]; from: number; to: number; bucket: ChartWindow["bucket"] };
  generatedAt: number;
  /** Bucket starts (ms since epoch, UTC), oldest first; every series below has one value per bucket. */
  buckets: number[];
  /** The campaign's total (its input stages' files; from the forecast), null before the first forecast. */
  total: number | null;
  /** Files done and failed in the input stages, cumulative since the campaign began, at each bucket's end. */
  burnUp: { done: number[]; failed: number[] };
  stages: ChartStage[];
  jobs: JobSeries;
  submissions: { shown: number; overlapping: number; bars: SubmissionBar[] };
  failures: FailureBreakdown;
  efficiency: number[];
  incidents: ChartIncident[];
  downtimes: ChartDowntime[];
  forecast: (ForecastFacts & { dailyRate: number | null; erratic: boolean; description: string; fan: FanPoint[] }) | null;
};

const ms = (d: Date | null) => (d ? d.getTime() : null);
/** A timestamp from json_agg: PostgreSQL writes `timestamp` columns without a zone; they are UTC. */
const utc = (s: string) => Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);

/** The campaign, if the person may see its charts (managers, OPOS, administrators, the experiment's members); else 404. */
async function chartableCampaign(person: Actor, campaignId: number) {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, name: true, experimentId: true, experiment: { select: { name: true } } } });
  // Another experiment's campaign is not found (its id says nothing), as on the campaign page.
  if (!campaign || !decide(person, "charts.view", { experimentId: campaign.experimentId }).allowed) throw notFound("Campaign");
  return campaign;
}

export async function campaignCharts(person: Actor, campaignId: number, window: ChartWindow, now = new Date()): Promise<CampaignCharts> {
  const campaign = await chartableCampaign(person, campaignId);
  const { from, to, bucket } = window;
  const [stages, counted, before, samples, failures, efficiency, submissions, services, forecast] = await Promise.all([
    // Input stages, as the forecast counts them (lib/forecast/campaigns.ts): no upstream stage other than themselves,
    // test and approval stages aside. Their files are the campaign's total; a generator stage counts its jobs.
    db.$queryRaw<{ id: number; name: string; input: boolean; generator: boolean }[]>`
      SELECT st.id, st."name",
             st."stageType" NOT IN ('TEST', 'APPROVAL') AND NOT EXISTS (SELECT 1 FROM "StageDependency" d WHERE d."toStageId" = st.id AND d."fromStageId" <> st.id) AS "input",
             (st."stageType" = 'GENERATOR' OR btrim(st."inputDataset") = '') AS generator
        FROM "CampaignStage" st WHERE st."campaignId" = ${campaignId} ORDER BY st."position", st.id`,
    db.$queryRaw<{ stageId: number; t: Date; done: number; failed: number; jobsDone: number; jobsFailed: number }[]>`
      SELECT r."stageId", date_trunc(${bucket}, r."hour") AS t, sum(r."filesDone")::int AS done, sum(r."filesFailed")::int AS failed,
             sum(r."jobsCompleted")::int AS "jobsDone", sum(r."jobsFailed" + r."jobsRemoved")::int AS "jobsFailed"
        FROM "StageHourRollup" r
       WHERE r."campaignId" = ${campaignId} AND r."hour" >= ${from} AND r."hour" < ${to}
       GROUP BY 1, 2`,
    db.$queryRaw<{ stageId: number; done: number; failed: number; jobsDone: number; jobsFailed: number }[]>`
      SELECT r."stageId", sum(r."filesDone")::int AS done, sum(r."filesFailed")::int AS failed,
             sum(r."jobsCompleted")::int AS "jobsDone", sum(r."jobsFailed" + r."jobsRemoved")::int AS "jobsFailed"
        FROM "StageHourRollup" r WHERE r."campaignId" = ${campaignId} AND r."hour" < ${from} GROUP BY 1`,
    db.$queryRaw<{ t: Date; idle: number | null; running: number | null; held: number | null }[]>`
      SELECT r."hour" AS t, sum(r."sampleIdle")::int AS idle, sum(r."sampleRunning")::int AS running, sum(r."sampleHeld")::int AS held
        FROM "StageHourRollup" r
       WHERE r."campaignId" = ${campaignId} AND r."hour" >= ${from} AND r."hour" < ${to} AND r."sampledAt" IS NOT NULL
       GROUP BY 1`,
    db.$queryRaw<{ exitCode: number; holdReason: string; site: string; jobs: number }[]>`
      SELECT f."exitCode", f."holdReason", f."site", sum(f."jobs")::int AS jobs
        FROM "FailureRollup" f WHERE f."campaignId" = ${campaignId} AND f."hour" >= ${from} AND f."hour" < ${to}
       GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 500`,
    db.$queryRaw<{ bucket: number; jobs: number }[]>`
      SELECT e."bucket", sum(e."jobs")::int AS jobs
        FROM "EfficiencyRollup" e WHERE e."campaignId" = ${campaignId} AND e."day" >= date_trunc('day', ${from}::timestamp) AND e."day" < ${to}
       GROUP BY 1`,
    // The newest submissions that overlap the window. A submission ended when it reached an end state; its last
    // change can only be later, so "changed since the window began" bounds the scan before the end is looked up.
    db.$queryRaw<{ id: number; stageId: number; status: string; start: Date; end: Date | null; overlapping: number }[]>`
      WITH w AS (
        SELECT s.id, s."stageId", s."status", s."createdAt", s."statusChangedAt",
               s."status" IN ('COMPLETED', 'LOCATED', 'FAILED', 'CANCELLED', 'REMOVED', 'LAUNCH_FAILED') AS ended
          FROM "Submission" s
         WHERE s."campaignId" = ${campaignId} AND NOT s."isTest" AND s."createdAt" < ${to}
           AND (s."status" NOT IN ('COMPLETED', 'LOCATED', 'FAILED', 'CANCELLED', 'REMOVED', 'LAUNCH_FAILED') OR s."statusChangedAt" >= ${from})
      )
      SELECT w.id, w."stageId", w."status"::text AS "status", w."createdAt" AS "start",
             CASE WHEN w.ended THEN COALESCE(
               (SELECT min(e."createdAt") FROM "SubmissionEvent" e
                 WHERE e."submissionId" = w.id AND e."status" IN ('COMPLETED', 'FAILED', 'CANCELLED', 'REMOVED', 'LAUNCH_FAILED')),
               w."statusChangedAt") END AS "end",
             (SELECT count(*)::int FROM w) AS overlapping
        FROM (SELECT * FROM w ORDER BY w."createdAt" DESC, w.id DESC LIMIT ${SUBMISSION_BARS}) w`,
    // The services the campaign depends on: those its stages need, those every launch needs and its experiment's
    // own, with their groups and members; their incidents and outages (ACTUAL downtimes) that overlap the window.
    db.$queryRaw<{ incidents: { id: number; title: string; status: string; impact: string; startedAt: string; resolvedAt: string | null; services: { id: number; name: string }[] }[]; downtimes: { id: number; serviceId: number; service: string; title: string; startsAt: string; endsAt: string | null }[] }[]>`
      WITH RECURSIVE needed AS (
        SELECT ss."serviceId" AS id FROM "StageService" ss JOIN "CampaignStage" st ON st.id = ss."stageId" WHERE st."campaignId" = ${campaignId}
        UNION SELECT s.id FROM "Service" s WHERE s."active" AND (s."gatesAll" OR s."experimentId" = ${campaign.experimentId})
      ), down AS (
        SELECT id FROM needed UNION SELECT s.id FROM "Service" s JOIN down ON s."parentId" = down.id
      ), up AS (
        SELECT id FROM needed UNION SELECT s."parentId" FROM "Service" s JOIN up ON s.id = up.id WHERE s."parentId" IS NOT NULL
      ), related AS (SELECT id FROM down UNION SELECT id FROM up)
      SELECT
        COALESCE((SELECT json_agg(x ORDER BY x."startedAt") FROM (
          SELECT i.id, i."title", i."status"::text AS "status", i."impact"::text AS "impact", i."startedAt", i."resolvedAt",
                 json_agg(json_build_object('id', s.id, 'name', s."displayName") ORDER BY s."displayName") AS services
            FROM "Incident" i JOIN "IncidentService" isv ON isv."incidentId" = i.id JOIN "Service" s ON s.id = isv."serviceId"
           WHERE isv."serviceId" IN (SELECT id FROM related) AND i."startedAt" < ${to} AND (i."resolvedAt" IS NULL OR i."resolvedAt" >= ${from})
           GROUP BY i.id ORDER BY i."startedAt" DESC LIMIT 50) x), '[]'::json) AS incidents,
        COALESCE((SELECT json_agg(y ORDER BY y."startsAt") FROM (
          SELECT d.id, d."serviceId", s."displayName" AS service, d."title", d."startsAt", d."endsAt"
            FROM "ServiceDowntime" d JOIN "Service" s ON s.id = d."serviceId"
           WHERE d."kind" = 'ACTUAL' AND d."serviceId" IN (SELECT id FROM related) AND d."startsAt" < ${to} AND (d."endsAt" IS NULL OR d."endsAt" >= ${from})
           ORDER BY d."startsAt" DESC LIMIT 100) y), '[]'::json) AS downtimes`,
    db.campaignForecast.findUnique({ where: { campaignId } }),
  ]);

  const starts = bucketStarts(window);
  const beforeBy = new Map(before.map((b) => [b.stageId, b]));
  const chartStages: ChartStage[] = stages.map((st) => {
    const rows = counted.filter((r) => r.stageId === st.id);
    // A generator stage has no input files: its jobs are its units of work (each generates one batch of events).
    const doneKey = st.generator ? "jobsDone" : "done";
    const failedKey = st.generator ? "jobsFailed" : "failed";
    const b = beforeBy.get(st.id);
    return {
      id: st.id, name: st.name, input: st.input, unit: st.generator ? "jobs" : "files",
      done: cumulative(perBucket(starts, bucket, rows.map((r) => ({ t: r.t.getTime(), value: r[doneKey] }))), b?.[doneKey] ?? 0),
      failed: cumulative(perBucket(starts, bucket, rows.map((r) => ({ t: r.t.getTime(), value: r[failedKey] }))), b?.[failedKey] ?? 0),
    };
  });
  const inputs = chartStages.filter((s) => s.input);
  const sumOf = (k: "done" | "failed") => starts.map((_, i) => inputs.reduce((a, s) => a + s[k][i], 0));
  const [{ incidents, downtimes }] = services;
  const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

  let fc: CampaignCharts["forecast"] = null;
  if (forecast) {
    const facts: ForecastFacts = {
      state: forecast.state, filesTotal: forecast.filesTotal, filesDone: forecast.filesDone,
      medianAt: ms(forecast.medianAt), lowAt: ms(forecast.lowAt), highAt: ms(forecast.highAt), computedAt: forecast.computedAt.getTime(),
    };
    const more = { dailyRate: forecast.dailyRate, erratic: forecast.erratic, method: forecast.method };
    fc = { ...facts, dailyRate: forecast.dailyRate, erratic: forecast.erratic, description: describeForecast({ ...facts, ...more }), fan: forecastFan(facts) };
  }

  return {
    campaign: { id: campaign.id, name: campaign.name, experiment: campaign.experiment.name },
    window: { name: window.name, from: from.getTime(), to: to.getTime(), bucket },
    generatedAt: now.getTime(),
    buckets: starts,
    total: forecast ? forecast.filesTotal : null,
    burnUp: { done: sumOf("done"), failed: sumOf("failed") },
    stages: chartStages,
    jobs: jobSeries(starts, bucket, samples.map((s) => ({ t: s.t.getTime(), idle: s.idle, running: s.running, held: s.held }))),
    submissions: {
      shown: submissions.length,
      overlapping: submissions[0]?.overlapping ?? 0,
      bars: submissions.map((s) => ({ id: s.id, stageId: s.stageId, status: s.status, start: s.start.getTime(), end: ms(s.end) })).reverse(),
    },
    failures: failureBreakdown(failures),
    efficiency: efficiencyHistogram(efficiency),
    incidents: json(incidents).map((i) => ({ id: i.id, title: i.title, status: i.status, impact: i.impact, start: utc(i.startedAt), end: i.resolvedAt ? utc(i.resolvedAt) : null, services: i.services })),
    downtimes: json(downtimes).map((d) => ({ id: d.id, serviceId: d.serviceId, service: d.service, title: d.title, start: utc(d.startsAt), end: d.endsAt ? utc(d.endsAt) : null })),
    forecast: fc,
  };
}
