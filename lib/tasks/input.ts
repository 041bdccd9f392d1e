/**
 * What a request must look like. Text is normalised at the edge (lib/http/input.ts) because
 * whitespace and stray characters in user input broke launches before. Objects are strict: a field
 * that cannot be set is refused by name rather than silently ignored.
 */
import { z } from "zod";
import { cleanText, optionalTextLine, textBlock, textLine, version } from "@/lib/http/input";
import { TASK_STATUSES } from "./lifecycle";

export const TASK_KINDS = ["MC_GENERATION", "REPROCESSING", "KEEPUP", "CALIBRATION", "DATA_TRANSFER", "OTHER"] as const;
export const TASK_PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;

export const KIND_LABEL: Record<(typeof TASK_KINDS)[number], string> = {
  MC_GENERATION: "Monte Carlo generation",
  REPROCESSING: "Reprocessing",
  KEEPUP: "Keep-up processing",
  CALIBRATION: "Calibration",
  DATA_TRANSFER: "Data transfer",
  OTHER: "Other",
};

const optionalCount = (label: string, max: number) =>
  z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v.trim()) : v),
    z.number({ message: `${label} must be a whole number.` }).int(`${label} must be a whole number.`).min(1, `${label} must be at least 1.`).max(max, `${label} is too large.`).optional(),
  );

/** 2027-02-30 parses (as 2 March) but is not a date anyone meant. */
function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** A needed-by date as YYYY-MM-DD, not in the past (today is allowed), judged in UTC. */
const neededBy = (today: () => string) =>
  z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Needed-by must be a date (YYYY-MM-DD).")
      .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), "Needed-by must be a real date.")
      .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || d >= today(), "Needed-by cannot be in the past.")
      .optional(),
  );

const links = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v ?? []),
  z
    .array(z.string().url("Each link must be a full http(s) URL.").refine((u) => /^https?:\/\//i.test(u), "Each link must be a full http(s) URL.").max(500, "A link must be at most 500 characters."))
    .max(10, "At most 10 links."),
);

/** A name picked from a list (experiment): required, with the list's own wording when missing. */
const choice = (message: string) =>
  z
    .string({ message })
    .transform((s) => cleanText(s).trim())
    .pipe(z.string().min(1, message).max(50, message));

const todayUtc = () => new Date().toISOString().slice(0, 10);

function taskFields(today: () => string = todayUtc) {
  return {
    title: textLine("Title", 200),
    kind: z.enum(TASK_KINDS, { message: "Choose what kind of work this is." }),
    description: textBlock("Description", 20_000),
    inputDataset: optionalTextLine("Input dataset or query", 2000),
    softwareVersion: optionalTextLine("Software version", 100),
    estimatedFiles: optionalCount("Estimated files", 100_000_000),
    estimatedEvents: optionalCount("Estimated events", Number.MAX_SAFE_INTEGER),
    priority: z.enum(TASK_PRIORITIES, { message: "Choose a priority." }).default("NORMAL"),
    neededBy: neededBy(today),
    links,
  };
}

export const createTaskInput = (today?: () => string) => z.strictObject({ experiment: choice("Choose an experiment."), ...taskFields(today) });

export const editTaskInput = (today?: () => string) => z.strictObject(taskFields(today)).partial();

export const reason = textBlock("The reason", 2000);

export const transitionInput = z.strictObject({
  to: z.enum(TASK_STATUSES, { message: "Unknown target state." }),
  reason,
  version: version().optional(),
});

export const commentInput = z.strictObject({ body: textBlock("A comment", 5000, true) });

export type CreateTaskInput = z.infer<ReturnType<typeof createTaskInput>>;
export type EditTaskInput = z.infer<ReturnType<typeof editTaskInput>>;
