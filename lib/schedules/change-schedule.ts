/**
 * Pausing and resuming a schedule (audited). Resuming counts from now: runs that fell while it was paused do not
 * fire. A person who resumes a schedule becomes its owner (the system launches for them from then on).
 */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError } from "@/lib/errors";
import type { SignedInPerson } from "@/lib/people/actor";
import { nextRunAfter } from "./cron";
import { scheduleOfStage, stageForSchedules } from "./access";

export async function setScheduleActive(person: SignedInPerson, stageId: number, scheduleId: number, active: boolean, now = new Date()) {
  const { experimentId } = await stageForSchedules(person, stageId, "act");
  const s = await scheduleOfStage(stageId, scheduleId);
  const next = active ? nextRunAfter(s.cronExpression, s.timeZone, now) : null;
  if (active && !next) throw new DomainError("conflict", "This schedule never runs again; delete it and make a new one.");
  return db.$transaction(async (tx) => {
    const row = await tx.stageSchedule.update({ where: { id: scheduleId }, data: active ? { active: true, nextRunAt: next, ownerId: person.id } : { active: false, nextRunAt: null } });
    await recordAudit(tx, { actorId: person.id, action: active ? "schedule.resume" : "schedule.pause", entityType: "stage", entityId: stageId, experimentId, data: { scheduleId } });
    return row;
  });
}
