/** Deleting a schedule (audited, with what it was). */
import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { DomainError } from "@/lib/errors";
import type { SignedInPerson } from "@/lib/people/actor";
import { scheduleOfStage, stageForSchedules } from "./access";

export async function deleteSchedule(person: SignedInPerson, stageId: number, scheduleId: number) {
  const { experimentId } = await stageForSchedules(person, stageId, "act");
  const s = await scheduleOfStage(stageId, scheduleId);
  await db.$transaction(async (tx) => {
    const n = await tx.stageSchedule.deleteMany({ where: { id: scheduleId } });
    if (!n.count) throw new DomainError("conflict", "This schedule was already deleted.");
    await recordAudit(tx, { actorId: person.id, action: "schedule.delete", entityType: "stage", entityId: stageId, experimentId, data: { scheduleId, cronExpression: s.cronExpression, timeZone: s.timeZone } });
  });
}
