import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams, textLine } from "@/lib/http/input";
import { stageSchedules } from "@/lib/schedules/queries";
import { createSchedule } from "@/lib/schedules/create-schedule";

/** GET: the stage's schedules with their next run (in their zone), last result and owner; whether the person may change them. */
export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  return NextResponse.json(await stageSchedules(person, id));
});

const body = z.strictObject({ cronExpression: textLine("cron expression", 120), timeZone: textLine("time zone", 64), clearWhenDone: z.boolean().default(false) });

/** POST {cronExpression, timeZone, clearWhenDone?}: schedule launches of the stage (campaign.act); the person owns it. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, body);
  const s = await createSchedule(person, id, input);
  return NextResponse.json({ id: s.id, nextRunAt: s.nextRunAt }, { status: 201 });
});
