/**
 * Stage fields that the stage form does not edit yet in this branch (the test split and per-slice options belong
 * to the slicing work, schedules to the schedules work): checked here with the same rules those use — the split
 * type's own parser, the parameter-pair schema of lib/campaigns/input.ts, croner for cron expressions and the
 * runtime's IANA zone list — so an imported file holds nothing a launch could not read. When the stage input
 * gains these fields, these schemas should be replaced by theirs. Pure.
 */
import { Cron } from "croner";
import { z } from "zod";
import { cleanText } from "@/lib/http/input";
import { paramPairsInput } from "../input";
import { formatSplitType, parseSplitType } from "../split/spec";

const oneLine = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text.` })
    .transform((s) => cleanText(s).replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters.`));

/** The split a test launch takes, stored in the split type's canonical form. */
export const testSplitTypeInput = oneLine("Test split type", 200).transform((text, ctx) => {
  const parsed = parseSplitType(text);
  if (parsed.ok) return formatSplitType(parsed.spec);
  ctx.addIssue({ code: "custom", message: `Test split type: ${parsed.message}` });
  return z.NEVER;
});

const metadataValue = z.union([oneLine("A slice's metadata value", 200), z.number({ message: "A slice's metadata value must be text or a number." })]);
/** Per-slice command options: which slices (metadata values to match) get which extra parameters. */
export const sliceOptionsInput = z
  .array(
    z.strictObject({
      match: z.record(oneLine("A slice's metadata name", 64).pipe(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "A slice's metadata name is a name such as detector or data_tier.")), metadataValue, { message: "match is a table of metadata names and values, e.g. { detector = \"far\" }." }),
      overrides: paramPairsInput("Slice overrides"),
    }),
    { message: "Slice options are a list of { match = {…}, overrides = [[key, value], …] }." },
  )
  .max(200, "At most 200 slice options.");

/** Whether a zone name is one the runtime knows (IANA names, e.g. Europe/Rome). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The next time a cron expression fires after `from`, read in `zone`; null when it never fires again. */
export function nextCronRun(expression: string, zone: string, from = new Date()): Date | null {
  return new Cron(expression, { timezone: zone, paused: true }).nextRun(from);
}

/** A stage schedule: a five-field cron expression (minute hour day month weekday) read in an IANA time zone. */
export const scheduleInput = z
  .strictObject({
    cron: oneLine("Cron expression", 120).pipe(z.string().min(1, "A schedule needs a cron expression, e.g. \"0 3 * * *\" (every day at 03:00).")),
    timeZone: oneLine("Time zone", 64).default("UTC"),
    active: z.boolean({ message: "active must be true or false." }).default(true),
    clearWhenDone: z.boolean({ message: "clearWhenDone must be true or false." }).default(false),
  })
  .superRefine((s, ctx) => {
    if (!knownTimeZone(s.timeZone)) {
      ctx.addIssue({ code: "custom", path: ["timeZone"], message: `"${s.timeZone}" is not a time zone; write an IANA name such as UTC, America/Chicago or Europe/Rome.` });
      return;
    }
    if (s.cron.split(" ").length !== 5) {
      ctx.addIssue({ code: "custom", path: ["cron"], message: `"${s.cron}" is not a cron expression: write five fields (minute hour day month weekday), e.g. "0 3 * * *".` });
      return;
    }
    // Read only here (cheap); whether it ever fires is asked once per expression and zone by the file's reader.
    try {
      new Cron(s.cron, { timezone: s.timeZone, paused: true });
    } catch (e) {
      ctx.addIssue({ code: "custom", path: ["cron"], message: `"${s.cron}" is not a cron expression (${(e as Error).message.replace(/^[A-Za-z]+: /, "")}).` });
    }
  });
export type ScheduleInput = z.output<typeof scheduleInput>;

/** The next run of each (expression, zone) of a file, from one moment: asked once each, then reused by the write. */
export type NextRuns = Map<string, Date | null>;
export const nextRunKey = (cron: string, timeZone: string) => `${cron}\u0000${timeZone}`;

/** The next run of a schedule, memoised in `memo` by its expression and zone (a file may repeat one many times). */
export function memoNextRun(memo: NextRuns, cron: string, timeZone: string, from: Date): Date | null {
  const key = nextRunKey(cron, timeZone);
  if (!memo.has(key)) memo.set(key, nextCronRun(cron, timeZone, from));
  return memo.get(key)!;
}
