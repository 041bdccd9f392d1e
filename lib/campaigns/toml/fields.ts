/**
 * Stage fields of the TOML file that the stage form checks elsewhere: the test split and per-slice options are the
 * stage input's own schemas (lib/campaigns/input.ts), schedules are read by lib/schedules/cron.ts, so an imported file
 * holds nothing a launch, a form or the refresh could not read. Pure.
 */
import { z } from "zod";
import { cleanText } from "@/lib/http/input";
import { readSchedule, nextRunAfter } from "@/lib/schedules/cron";

export { sliceOptionsInput, testSplitTypeInput } from "../input";

const oneLine = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text.` })
    .transform((s) => cleanText(s).replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters.`));

/** A stage schedule: a five-field cron expression (minute hour day month weekday) read in an IANA time zone. */
export const scheduleInput = z
  .strictObject({
    cron: oneLine("Cron expression", 120).pipe(z.string().min(1, "A schedule needs a cron expression, e.g. \"0 3 * * *\" (every day at 03:00).")),
    timeZone: oneLine("Time zone", 64).default("UTC"),
    active: z.boolean({ message: "active must be true or false." }).default(true),
    clearWhenDone: z.boolean({ message: "clearWhenDone must be true or false." }).default(false),
  })
  .transform((s, ctx) => {
    // Syntax and zone only here (cheap); whether it ever fires is asked once per expression and zone by the reader.
    const read = readSchedule(s.cron, s.timeZone);
    if (read.ok) return { ...s, cron: read.cronExpression, timeZone: read.timeZone };
    ctx.addIssue({ code: "custom", path: [read.field === "timeZone" ? "timeZone" : "cron"], message: read.message });
    return z.NEVER;
  });
export type ScheduleInput = z.output<typeof scheduleInput>;

/** The next run of each (expression, zone) of a file, from one moment: asked once each, then reused by the write. */
export type NextRuns = Map<string, Date | null>;
export const nextRunKey = (cron: string, timeZone: string) => `${cron}\u0000${timeZone}`;

/** The next run of a schedule, memoised in `memo` by its expression and zone (a file may repeat one many times). */
export function memoNextRun(memo: NextRuns, cron: string, timeZone: string, from: Date): Date | null {
  const key = nextRunKey(cron, timeZone);
  if (!memo.has(key)) memo.set(key, nextRunAfter(cron, timeZone, from));
  return memo.get(key)!;
}
