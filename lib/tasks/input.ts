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

export const PRIORITY_LABEL: Record<(typeof TASK_PRIORITIES)[number], string> = { LOW: "Low", NORMAL: "Normal", HIGH: "High", URGENT: "Urgent" };

/** Digits in groups of three, one separator throughout: "120,000", "120 000" (also no-break and thin spaces). */
const GROUPED = /^\d{1,3}([, \u00a0\u202f\u2009])\d{3}(?:\1\d{3})*$/;

/**
 * A count as people write it, and as the app prints it: "120000", "120,000" or "120 000". A decimal
 * point is refused rather than guessed at ("1.5" is not a count; "120.000" means 120 to some and
 * 120,000 to others). Returns the number, or what is wrong in words that follow the field's label.
 */
export function readCount(text: string): { value: number } | { problem: string } {
  const s = text.trim();
  if (/^\d+$/.test(s)) return { value: Number(s) };
  if (GROUPED.test(s)) return { value: Number(s.replace(/\D/g, "")) };
  if (/^-\s*\d/.test(s)) return { problem: "must be at least 1." };
  if (/^\d[\d, \u00a0\u202f\u2009]*$/.test(s)) return { problem: "has its digits grouped oddly: write it like 120,000 or 120000." };
  return { problem: "must be a whole number, like 120,000." };
}

/** A count after reading: whole, positive, bounded (size judged before wholeness: zod calls an integer beyond 2^53 not whole). */
const countCheck = (label: string, max: number) =>
  z.number({ message: `${label} must be a whole number, like 120,000.` }).min(1, `${label} must be at least 1.`).max(max, `${label} is too large (at most ${max.toLocaleString("en-US")}).`).int(`${label} must be a whole number, like 120,000.`);

/** Reads a JSON number as it is and text as readCount does; empty ("" or null) becomes `empty`. */
const readCountInput =
  <E extends undefined | null>(label: string, empty: E) =>
  (v: unknown, ctx: z.RefinementCtx) => {
    if (v === "" || v === null || v === undefined) return empty;
    if (typeof v !== "string") return v;
    const r = readCount(v);
    if ("value" in r) return r.value;
    ctx.addIssue({ code: "custom", message: `${label} ${r.problem}` });
    return z.NEVER;
  };

/** A count of a new request: empty means not given. */
const optionalCount = (label: string, max: number) => z.unknown().transform(readCountInput(label, undefined)).pipe(countCheck(label, max).optional()).optional();

/** A count in an edit: absent leaves it as it is; empty ("" from the form, null in JSON) clears it. */
const clearableCount = (label: string, max: number) => z.unknown().transform(readCountInput(label, null)).pipe(countCheck(label, max).nullable()).optional();

/** 2027-02-30 parses (as 2 March) but is not a date anyone meant. */
function isCalendarDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

const neededByDate = (today: () => string) =>
  z
    .string({ message: "Needed-by must be a date (YYYY-MM-DD)." })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Needed-by must be a date (YYYY-MM-DD).")
    .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDate(d), "Needed-by must be a real date.")
    .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || d >= today(), "Needed-by cannot be in the past.");

/** A needed-by date as YYYY-MM-DD, not in the past (today is allowed), judged in UTC; empty means none. */
const neededBy = (today: () => string) => z.preprocess((v) => (v === "" || v === null ? undefined : v), neededByDate(today).optional());

/** In an edit: absent leaves it; empty ("" or null) clears it. */
const clearableNeededBy = (today: () => string) => z.preprocess((v) => (v === "" ? null : v), neededByDate(today).nullable().optional());

const isWebUrl = (u: string) => {
  if (!/^https?:\/\//i.test(u) || /\s/.test(u)) return false;
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
};
const shortened = (u: string) => (u.length > 60 ? `${u.slice(0, 57)}…` : u);

/**
 * Links: a list (JSON) or text with one link per line. On a line, spaces or a comma right before the
 * next address ("scheme:") separate too; anything else stays together, so a comma inside a URL is
 * kept and "not a url" is judged (and refused) as the one thing it is.
 */
export function splitLinks(text: string): string[] {
  return text
    .split("\n")
    .flatMap((line) => line.trim().split(/[\s,]+(?=[a-z][a-z0-9+.-]*:)/i))
    .map((s) => s.trim().replace(/,+$/, ""))
    .filter(Boolean);
}

const links = z.preprocess(
  (v) => (typeof v === "string" ? splitLinks(v) : v ?? []),
  z
    .array(z.string({ message: "Each link must be text (a full http(s) URL)." }), { message: "Links must be a list of http(s) URLs." })
    .max(10, "At most 10 links.")
    .superRefine((list, ctx) => {
      list.forEach((u, i) => {
        const which = list.length > 1 ? `Link ${i + 1}` : "The link";
        if (u.length > 500) ctx.addIssue({ code: "custom", path: [i], message: `${which} is longer than 500 characters.` });
        else if (!isWebUrl(u)) ctx.addIssue({ code: "custom", path: [i], message: `${which} ("${shortened(u)}") is not a full web address: it must start with https:// or http://.` });
      });
    }),
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

/** What an edit may change; the counts and the date can also be cleared. */
function editFields(today: () => string = todayUtc) {
  return {
    ...taskFields(today),
    // No default here: zod 4 applies a default even to a field left out of a partial object, which
    // reset the priority of every edit that did not mention it.
    priority: z.enum(TASK_PRIORITIES, { message: "Choose a priority." }),
    estimatedFiles: clearableCount("Estimated files", 100_000_000),
    estimatedEvents: clearableCount("Estimated events", Number.MAX_SAFE_INTEGER),
    neededBy: clearableNeededBy(today),
  };
}

export const createTaskInput = (today?: () => string) => z.strictObject({ experiment: choice("Choose an experiment."), ...taskFields(today) });

export const editTaskInput = (today?: () => string) => z.strictObject(editFields(today)).partial();

export const reason = textBlock("The reason", 2000);

export const transitionInput = z.strictObject({
  to: z.enum(TASK_STATUSES, { message: "Unknown target state." }),
  reason,
  version: version().optional(),
});

export const commentInput = z.strictObject({ body: textBlock("A comment", 5000, true) });

export type CreateTaskInput = z.infer<ReturnType<typeof createTaskInput>>;
export type EditTaskInput = z.infer<ReturnType<typeof editTaskInput>>;
