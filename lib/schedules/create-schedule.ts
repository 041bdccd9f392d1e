/** A person schedules launches of a stage: a cron expression in a time zone, checked, with its first run. Audited. */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError } from "@/lib/errors";
import type { SignedInPerson } from "@/lib/people/actor";
import { checkSchedule } from "./cron";
import { stageForSchedules } from "./access";

/** At most this many schedules per stage (a stage launched on many clocks is a mistake, not a plan). */
export const MAX_SCHEDULES_PER_STAGE = 10;

export async function createSchedule(person: SignedInPerson, stageId: number, input: { cronExpression: string; timeZone: string; clearWhenDone: boolean }, now = new Date()) {
  const { experimentId } = await stageForSchedules(person, stageId, "act");
  const checked = checkSchedule(input.cronExpression, input.timeZone, now);
  if (!checked.ok) throw new DomainError("invalid_input", checked.message, { field: checked.field });
  return db.$transaction(async (tx) => {
    if ((await tx.stageSchedule.count({ where: { stageId } })) >= MAX_SCHEDULES_PER_STAGE) throw new DomainError("limit_reached", `A stage has at most ${MAX_SCHEDULES_PER_STAGE} schedules; delete one first.`);
    const s = await tx.stageSchedule.create({
      data: { stageId, cronExpression: checked.cronExpression, timeZone: checked.timeZone, clearWhenDone: input.clearWhenDone, ownerId: person.id, nextRunAt: checked.nextRun },
    });
    await recordAudit(tx, { actorId: person.id, action: "schedule.create", entityType: "stage", entityId: stageId, experimentId, data: { scheduleId: s.id, cronExpression: s.cronExpression, timeZone: s.timeZone, clearWhenDone: s.clearWhenDone } });
    return s;
  });
}
