/**
 * Refresh step "locate" (after the batch status and the outputs): Completed submissions become Located by their
 * stage's completion rule (lib/outputs/located-rule.ts), with the rule's effective completion type and percentage
 * as they were at launch (the stage snapshot; the stage and its campaign's defaults for submissions without one).
 * Chunks of at most 500 submissions, each read and written in one transaction; the write is guarded by
 * "still Completed and not Located", so a concurrent kick or a second runner changes nothing twice (the refresh
 * also holds its job's advisory lock). A test launch is never Located: it stays Completed, so it never feeds
 * recoveries or dependent stages. Sets locatedAt, locatedBy and a history entry. Launching recovery or
 * dependent stages is not done here: the wrap-up picks up Located submissions whose wrappedUpAt is null.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Step } from "@/lib/background/runner";
import type { CompletionType } from "@/lib/generated/prisma/enums";
import { effectiveStage } from "@/lib/campaigns/effective";
import { judgeLocated, type LocatedBy } from "@/lib/outputs/located-rule";
import { LOCATE_FACT_COLUMNS, LOCATE_FACT_JOINS } from "@/lib/outputs/located-facts";

const CHUNK = 500;
const MAX_PER_RUN = 50_000;

type FactRow = {
  id: number;
  completedAt: Date;
  snapType: string | null;
  snapPct: number | null;
  completionType: CompletionType | null;
  completionPct: number | null;
  defaults: unknown;
  inputs: number;
  consumed: number;
  reported: number;
  jobSucceeded: boolean;
  outputsSeen: number;
  outputsLocated: number;
};

export type LocateReport = { examined: number; located: number; byRule: number; byComplete: number; byTimeout: number; waiting: number };

export async function locateCompleted(now: Date, signal?: AbortSignal): Promise<LocateReport> {
  const report: LocateReport = { examined: 0, located: 0, byRule: 0, byComplete: 0, byTimeout: 0, waiting: 0 };
  let after = 0;
  while (report.examined < MAX_PER_RUN && !signal?.aborted) {
    const n = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<FactRow[]>`
          SELECT s.id, s."statusChangedAt" AS "completedAt",
                 ss."data"->'effective'->>'completionType' AS "snapType", (ss."data"->'effective'->>'completionPct')::int AS "snapPct",
                 st."completionType", st."completionPct", c."defaults", ${LOCATE_FACT_COLUMNS}
            FROM "Submission" s JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "Campaign" c ON c.id = s."campaignId"
            LEFT JOIN "ConfigSnapshot" ss ON ss.id = s."stageSnapshotId"
            ${LOCATE_FACT_JOINS}
           WHERE s."status" = 'COMPLETED' AND s."locatedAt" IS NULL AND NOT s."isTest" AND s.id > ${after}
           ORDER BY s.id LIMIT ${CHUNK}
           FOR UPDATE OF s SKIP LOCKED`;
        if (!rows.length) return 0;
        after = rows[rows.length - 1].id;
        const done: { id: number; by: LocatedBy; reason: string }[] = [];
        for (const r of rows) {
          const eff = effectiveStage({ softwareVersion: null, vomsRole: null, batchBackend: null, completionType: r.completionType, completionPct: r.completionPct, failedRatio: null, paramOverrides: [] }, r.defaults);
          const completionType = r.snapType === "COMPLETE" || r.snapType === "LOCATED" ? r.snapType : eff.completionType;
          const completionPct = r.snapPct ?? eff.completionPct;
          const v = judgeLocated({ completionType, completionPct, inputs: r.inputs, consumed: r.consumed, reported: r.reported, jobSucceeded: r.jobSucceeded, outputsSeen: r.outputsSeen, outputsLocated: r.outputsLocated, completedAt: r.completedAt }, now);
          if (v.located) done.push({ id: r.id, by: v.by, reason: v.reason });
          else report.waiting++;
        }
        if (done.length) {
          const located = await tx.$queryRaw<{ id: number; by: string }[]>`
            WITH upd AS (
              UPDATE "Submission" s SET "status" = 'LOCATED', "locatedAt" = ${now}, "locatedBy" = u.by, "statusChangedAt" = ${now}, "updatedAt" = now()
                FROM unnest(${done.map((d) => d.id)}::int[], ${done.map((d) => d.by)}::text[], ${done.map((d) => d.reason)}::text[]) AS u(id, by, reason)
               WHERE s.id = u.id AND s."status" = 'COMPLETED' AND s."locatedAt" IS NULL AND NOT s."isTest"
              RETURNING s.id, u.by, u.reason),
            ev AS (INSERT INTO "SubmissionEvent" ("submissionId", "status", "actorKind", "reason", "createdAt") SELECT id, 'LOCATED', 'SYSTEM', reason, ${now} FROM upd)
            SELECT id, by FROM upd`;
          for (const l of located) {
            report.located++;
            if (l.by === "rule") report.byRule++;
            else if (l.by === "complete") report.byComplete++;
            else report.byTimeout++;
          }
        }
        return rows.length;
      },
      { timeout: 60_000, maxWait: 20_000 },
    );
    report.examined += n;
    if (n < CHUNK) break;
  }
  return report;
}

export const locateStep: Step = {
  name: "locate",
  timeoutMs: 60_000,
  async run({ now, signal }) {
    return { ...(await locateCompleted(now, signal)) };
  },
};
