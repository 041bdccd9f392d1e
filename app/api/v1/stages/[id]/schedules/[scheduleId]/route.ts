import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { intIdText, parseJson, parseParams } from "@/lib/http/input";
import { setScheduleActive } from "@/lib/schedules/change-schedule";
import { deleteSchedule } from "@/lib/schedules/delete-schedule";

const ids = z.object({ id: intIdText(), scheduleId: intIdText("schedule id") });
const body = z.strictObject({ active: z.boolean() });

/** PUT {active}: pause or resume a schedule (campaign.act). Resuming counts from now; the person becomes its owner. */
export const PUT = authedRoute<{ id: string; scheduleId: string }>(async (req, { person, params }) => {
  const { id, scheduleId } = parseParams(params, ids);
  const input = await parseJson(req, body);
  const s = await setScheduleActive(person, id, scheduleId, input.active);
  return NextResponse.json({ id: s.id, active: s.active, nextRunAt: s.nextRunAt });
});

/** DELETE: remove a schedule (campaign.act). */
export const DELETE = authedRoute<{ id: string; scheduleId: string }>(async (_req, { person, params }) => {
  const { id, scheduleId } = parseParams(params, ids);
  await deleteSchedule(person, id, scheduleId);
  return new NextResponse(null, { status: 204 });
});
