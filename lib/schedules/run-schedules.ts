/**
 * Refresh step "schedules": every active schedule whose next run has come launches its stage once, as the system
 * for the schedule's owner (trigger SCHEDULE, through launchStage: same rights, same gate). The schedule is claimed
 * and moved on to its next run after now in one transaction (FOR UPDATE SKIP LOCKED) before the launch, so runs
 * missed while nothing refreshed fire once, and two refreshes never launch the same run twice.
 * `clearWhenDone`: a launch refused because the split is exhausted deactivates the schedule.
 * A held stage does not pile up held launches: while a scheduled launch of the stage waits in the held launches,
 * its schedules' runs are skipped (said in lastResult); the waiting one takes the next slice when it is released.
 */
import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { loadActor } from "@/lib/people/actor";
import type { Step } from "@/lib/background/runner";
import { isSplitExhausted, launchStage } from "@/lib/launch/launch-stage";
import { nextRunAfter } from "./cron";

type Due = { id: number; stageId: number; cronExpression: string; timeZone: string; clearWhenDone: boolean; ownerId: number };

async function claimDue(now: Date, max: number): Promise<Due[]> {
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<Due[]>`
      SELECT id, "stageId", "cronExpression", "timeZone", "clearWhenDone", "ownerId" FROM "StageSchedule"
       WHERE "active" AND "nextRunAt" <= ${now} ORDER BY "nextRunAt", id LIMIT ${max} FOR UPDATE SKIP LOCKED`;
    for (const s of due) {
      const next = nextRunAfter(s.cronExpression, s.timeZone, now);
      await tx.stageSchedule.update({ where: { id: s.id }, data: { lastRunAt: now, nextRunAt: next, ...(next ? {} : { active: false }) } });
    }
    return due;
  });
}

const said = (text: string) => text.slice(0, 500);

export async function runDueSchedules(opts: { now?: Date; max?: number; signal?: AbortSignal } = {}) {
  const now = opts.now ?? new Date();
  const result = { due: 0, launched: 0, held: 0, refused: 0, cleared: 0, skipped: 0, errors: [] as string[] };
  const due = await claimDue(now, opts.max ?? 50);
  result.due = due.length;
  // The scheduled launches still held, per stage (one statement for every due schedule).
  const waiting = new Map<number, number>();
  if (due.length) {
    const held = await db.heldLaunch.findMany({ where: { stageId: { in: [...new Set(due.map((s) => s.stageId))] }, trigger: "SCHEDULE", releasedAt: null }, orderBy: { id: "asc" }, select: { id: true, stageId: true } });
    for (const h of held) if (!waiting.has(h.stageId)) waiting.set(h.stageId, h.id);
  }
  for (const s of due) {
    if (opts.signal?.aborted) {
      await db.stageSchedule.update({ where: { id: s.id }, data: { lastResult: "Not launched: the refresh ran out of time; the next run will launch." } });
      continue;
    }
    const pending = waiting.get(s.stageId);
    if (pending !== undefined) {
      await db.stageSchedule.update({ where: { id: s.id }, data: { lastResult: `Skipped: held launch ${pending} of this stage's schedule still waits for the hold to be lifted; it launches then, and one is enough.` } });
      result.skipped++;
      continue;
    }
    const owner = await loadActor(s.ownerId);
    if (!owner) {
      await db.stageSchedule.update({ where: { id: s.id }, data: { lastResult: "Not launched: its owner is gone or deactivated; someone who may launch should resume it." } });
      result.refused++;
      continue;
    }
    try {
      const out = await launchStage({ person: owner, trigger: "SCHEDULE", bySystem: true, because: `schedule “${s.cronExpression}” (${s.timeZone})` }, { stageId: s.stageId, mode: "normal" });
      const text = out.kind === "held" ? `Held: ${out.reason}` : out.kind === "launched" ? `Launched submission ${out.submissionId}.` : `Submission ${out.submissionId} could not be handed to the batch system.`;
      await db.stageSchedule.update({ where: { id: s.id }, data: { lastResult: said(text) } });
      if (out.kind === "held") {
        result.held++;
        waiting.set(s.stageId, out.heldLaunchId);
      }
      else if (out.kind === "launched") result.launched++;
      else result.refused++;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isSplitExhausted(err) && s.clearWhenDone) {
        await db.stageSchedule.update({ where: { id: s.id }, data: { active: false, nextRunAt: null, lastResult: said(`Cleared: every slice has been launched. ${message}`) } });
        result.cleared++;
      } else {
        await db.stageSchedule.update({ where: { id: s.id }, data: { lastResult: said(`Not launched: ${message}`) } });
        result.refused++;
        if (!(err instanceof DomainError)) result.errors.push(`schedule ${s.id}: ${message}`);
      }
    }
  }
  return result;
}

export const schedulesStep: Step = {
  name: "schedules",
  timeoutMs: 60_000,
  async run({ now, signal }) {
    return runDueSchedules({ now, signal });
  },
};
