/**
 * Failures grouped by exit code × hold reason × site, for a stage or a campaign over a window, read from the
 * failures rollup the refresh keeps (FailureRollup; never a scan of Job), with the service incidents and ACTUAL
 * downtimes of the same period beside them. The services the scope needs (its stages' own and those every launch
 * needs) come first; the others of the period follow, so an outage nobody tied to the stage is still seen.
 */
import "server-only";
import { db } from "@/lib/db";
import { DomainError, notFound } from "@/lib/errors";
import type { SignedInPerson } from "@/lib/people/actor";
import { mustSeeExperiment } from "@/lib/people/visibility";
import { windowEnding, type FailureWindowKey } from "./failure-window";

export type FailureScope = { stageId: number } | { campaignId: number };
export type FailureWindow = { from: Date; to: Date };

export type FailureGroup = { exitCode: number | null; holdReason: string | null; site: string | null; jobs: number; firstHour: Date; lastHour: Date };
export type PeriodIncident = { id: number; title: string; status: string; impact: string; startedAt: Date; resolvedAt: Date | null; services: { id: number; name: string; needed: boolean }[] };
export type PeriodDowntime = { id: number; serviceId: number; service: string; needed: boolean; title: string; startsAt: Date; endsAt: Date | null };

export type FailureBreakdown = {
  window: FailureWindow;
  total: number;
  groups: FailureGroup[];
  incidents: PeriodIncident[];
  downtimes: PeriodDowntime[];
};

/** The longest window the breakdown reads (the rollup is hourly: 90 days is 2,160 hours a stage). */
export const MAX_WINDOW_DAYS = 90;
const GROUPS = 50;

/** A window that is well-formed and not too long, or a clear refusal. Pure. */
export function checkWindow(w: FailureWindow): FailureWindow {
  if (Number.isNaN(w.from.getTime()) || Number.isNaN(w.to.getTime())) throw new DomainError("invalid_input", "The window needs a start and an end time.", { field: "from" });
  if (w.to <= w.from) throw new DomainError("invalid_input", "The window must end after it starts.", { field: "to" });
  if (w.to.getTime() - w.from.getTime() > MAX_WINDOW_DAYS * 86_400_000) throw new DomainError("invalid_input", `The window may be at most ${MAX_WINDOW_DAYS} days long.`, { field: "from" });
  return w;
}

async function scopeExperiment(scope: FailureScope): Promise<number> {
  if ("stageId" in scope) {
    const s = await db.campaignStage.findUnique({ where: { id: scope.stageId }, select: { campaign: { select: { experimentId: true } } } });
    if (!s) throw notFound("Stage");
    return s.campaign.experimentId;
  }
  const c = await db.campaign.findUnique({ where: { id: scope.campaignId }, select: { experimentId: true } });
  if (!c) throw notFound("Campaign");
  return c.experimentId;
}

/** The failure breakdown of a stage or a campaign over a window (the person must see its experiment). Four statements. */
export async function failureBreakdown(person: SignedInPerson, scope: FailureScope, window: FailureWindow): Promise<FailureBreakdown> {
  const w = checkWindow(window);
  const experimentId = await scopeExperiment(scope);
  mustSeeExperiment(person, experimentId, "stageId" in scope ? "Stage" : "Campaign");
  const stageId = "stageId" in scope ? scope.stageId : null;
  const campaignId = "campaignId" in scope ? scope.campaignId : null;
  // The rollup's hours that overlap the window: an hour row covers [hour, hour + 1h).
  const from = new Date(Math.floor(w.from.getTime() / 3_600_000) * 3_600_000);
  const [groups, needed] = await Promise.all([
    db.$queryRaw<(FailureGroup & { total: number })[]>`
      SELECT NULLIF(r."exitCode", -1) AS "exitCode", NULLIF(r."holdReason", '') AS "holdReason", NULLIF(r.site, '') AS site,
             sum(r.jobs)::int AS jobs, min(r.hour) AS "firstHour", max(r.hour) AS "lastHour", (sum(sum(r.jobs)) OVER ())::int AS total
        FROM "FailureRollup" r
       WHERE r.hour >= ${from} AND r.hour < ${w.to}
         AND (${stageId}::int IS NULL OR r."stageId" = ${stageId}::int)
         AND (${campaignId}::int IS NULL OR r."campaignId" = ${campaignId}::int)
       GROUP BY r."exitCode", r."holdReason", r.site
       ORDER BY jobs DESC, r."exitCode", r."holdReason", r.site
       LIMIT ${GROUPS}`,
    db.$queryRaw<{ id: number }[]>`
      SELECT DISTINCT ss."serviceId" AS id FROM "StageService" ss JOIN "CampaignStage" s ON s.id = ss."stageId"
       WHERE (${stageId}::int IS NULL OR s.id = ${stageId}::int) AND (${campaignId}::int IS NULL OR s."campaignId" = ${campaignId}::int)
      UNION
      SELECT sv.id FROM "Service" sv WHERE sv."gatesAll" AND (sv."experimentId" IS NULL OR sv."experimentId" = ${experimentId})`,
  ]);
  const neededIds = needed.map((n) => n.id);
  const [incidents, downtimes] = await Promise.all([
    db.$queryRaw<(Omit<PeriodIncident, "services"> & { services: { id: number; name: string }[]; needed: boolean })[]>`
      SELECT i.id, i.title, i.status::text AS status, i.impact::text AS impact, i."startedAt", i."resolvedAt",
             COALESCE(json_agg(json_build_object('id', sv.id, 'name', sv."displayName") ORDER BY sv."displayName") FILTER (WHERE sv.id IS NOT NULL), '[]') AS services,
             COALESCE(bool_or(sv.id = ANY(${neededIds}::int[])), false) AS needed
        FROM "Incident" i LEFT JOIN "IncidentService" x ON x."incidentId" = i.id LEFT JOIN "Service" sv ON sv.id = x."serviceId"
       WHERE i."startedAt" < ${w.to} AND (i."resolvedAt" IS NULL OR i."resolvedAt" > ${w.from})
       GROUP BY i.id
       ORDER BY needed DESC, i."startedAt" DESC
       LIMIT 20`,
    db.$queryRaw<PeriodDowntime[]>`
      SELECT d.id, d."serviceId", sv."displayName" AS service, (sv.id = ANY(${neededIds}::int[])) AS needed, d.title, d."startsAt", d."endsAt"
        FROM "ServiceDowntime" d JOIN "Service" sv ON sv.id = d."serviceId"
       WHERE d.kind = 'ACTUAL' AND d."startsAt" < ${w.to} AND (d."endsAt" IS NULL OR d."endsAt" > ${w.from})
       ORDER BY needed DESC, d."startsAt" DESC
       LIMIT 30`,
  ]);
  const need = new Set(neededIds);
  return {
    window: w,
    total: groups[0]?.total ?? 0,
    groups: groups.map(({ total: _t, ...g }) => g),
    incidents: incidents.map(({ needed: _n, ...i }) => ({ ...i, startedAt: new Date(i.startedAt), resolvedAt: i.resolvedAt && new Date(i.resolvedAt), services: i.services.map((s) => ({ ...s, needed: need.has(s.id) })) })),
    downtimes,
  };
}

/** The breakdown from a moment until now (at most MAX_WINDOW_DAYS): a submission's page reads its stage's since its launch. */
export async function failureBreakdownSince(person: SignedInPerson, scope: FailureScope, from: Date): Promise<FailureBreakdown | null> {
  const to = new Date(Math.min(Date.now(), from.getTime() + MAX_WINDOW_DAYS * 86_400_000));
  return to > from ? failureBreakdown(person, scope, { from, to }) : null;
}

/** The breakdown over the last days named by a page's address (lib/services/failure-window.ts). */
export async function failureBreakdownLast(person: SignedInPerson, scope: FailureScope, key: FailureWindowKey): Promise<FailureBreakdown> {
  return failureBreakdown(person, scope, windowEnding(key, Date.now()));
}
