/** A stage's schedules for its page: when each runs next (in its zone), what its last run did, whose it is. */
import "server-only";
import { db } from "@/lib/db";
import type { SignedInPerson } from "@/lib/people/actor";
import { formatInZone } from "./cron";
import { stageForSchedules } from "./access";

export async function stageSchedules(person: SignedInPerson, stageId: number) {
  const { act } = await stageForSchedules(person, stageId, "read");
  const rows = await db.stageSchedule.findMany({ where: { stageId }, orderBy: { id: "asc" }, include: { owner: { select: { username: true } } } });
  return {
    schedules: rows.map((s) => ({
      id: s.id,
      cronExpression: s.cronExpression,
      timeZone: s.timeZone,
      active: s.active,
      clearWhenDone: s.clearWhenDone,
      owner: s.owner.username,
      nextRunAt: s.nextRunAt,
      nextRunText: s.active && s.nextRunAt ? formatInZone(s.nextRunAt, s.timeZone) : null,
      lastRunAt: s.lastRunAt,
      lastResult: s.lastResult,
    })),
    rights: { act },
  };
}
export type StageSchedules = Awaited<ReturnType<typeof stageSchedules>>;
