/**
 * What a request must look like. Text is normalised at the edge (trimmed, CRLF → LF, control
 * characters removed) because whitespace and stray characters in user input broke launches before.
 */
import { z } from "zod";
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

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const clean = (s: string) => s.replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();

const line = (label: string, max: number) =>
  z
    .string({ message: `${label} is required.` })
    .transform((s) => clean(s).replace(/\s+/g, " "))
    .pipe(z.string().min(1, `${label} is required.`).max(max, `${label} must be at most ${max} characters.`));

const optionalLine = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => clean(s ?? "").replace(/\s+/g, " "))
    .pipe(z.string().max(max, `${label} must be at most ${max} characters.`));

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

const todayUtc = () => new Date().toISOString().slice(0, 10);

function taskFields(today: () => string = todayUtc) {
  return {
    title: line("Title", 200),
    kind: z.enum(TASK_KINDS, { message: "Choose what kind of work this is." }),
    description: z
      .string()
      .optional()
      .transform((s) => clean(s ?? ""))
      .pipe(z.string().max(20_000, "Description must be at most 20,000 characters.")),
    inputDataset: optionalLine("Input dataset or query", 2000),
    softwareVersion: optionalLine("Software version", 100),
    estimatedFiles: optionalCount("Estimated files", 100_000_000),
    estimatedEvents: optionalCount("Estimated events", Number.MAX_SAFE_INTEGER),
    priority: z.enum(TASK_PRIORITIES, { message: "Choose a priority." }).default("NORMAL"),
    neededBy: neededBy(today),
    links,
  };
}

export const createTaskInput = (today?: () => string) =>
  z.object({ experiment: z.string({ message: "Choose an experiment." }).trim().min(1, "Choose an experiment."), ...taskFields(today) });

export const editTaskInput = (today?: () => string) => z.object(taskFields(today)).partial();

export const transitionInput = z.object({
  to: z.enum(TASK_STATUSES, { message: "Unknown target state." }),
  reason: z
    .string()
    .optional()
    .transform((s) => clean(s ?? ""))
    .pipe(z.string().max(2000, "The reason must be at most 2,000 characters.")),
  version: z.number().int().positive().optional(),
});

export const commentInput = z.object({
  body: z
    .string({ message: "Write a comment." })
    .transform(clean)
    .pipe(z.string().min(1, "Write a comment.").max(5000, "A comment must be at most 5,000 characters.")),
});

export type CreateTaskInput = z.infer<ReturnType<typeof createTaskInput>>;
export type EditTaskInput = z.infer<ReturnType<typeof editTaskInput>>;
