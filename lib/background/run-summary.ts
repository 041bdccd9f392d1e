/**
 * A refresh run's steps as the Operations page shows them: each step's outcome, time, and what it read, changed
 * and failed in words (a step reports a free-form record; its numbers become "label: value" facts, its errors a
 * list). Pure; tolerant of old or odd summaries (a malformed one shows no steps rather than breaking the page).
 */
import { z } from "zod";

const stepReport = z.object({
  step: z.string(),
  ok: z.boolean(),
  ms: z.number(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  log: z.array(z.string()).optional(),
});

export type StepFact = { label: string; value: string };
export type StepView = { step: string; title: string; ok: boolean; ms: number; facts: StepFact[]; errors: string[]; log: string[] };

/** Step names people read (unknown names are turned into words). */
const STEP_TITLE: Record<string, string> = {
  "batch-status": "Batch status of active submissions",
  "stale-new": "Submissions stuck as New",
  "drain-held-launches": "Held launches whose gate opened",
  "expire-notifications": "Old notifications",
};

/** "jobsChanged" → "jobs changed"; "drain-held" → "drain held". */
export function words(key: string): string {
  return key
    .replace(/[-_]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

export function stepTitle(step: string): string {
  if (STEP_TITLE[step]) return STEP_TITLE[step];
  const w = words(step);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function factValue(v: unknown): string | null {
  if (typeof v === "number") return Number.isFinite(v) ? v.toLocaleString("en") : null;
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return ISO.test(v) ? `${v.slice(0, 16).replace("T", " ")} UTC` : v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (Array.isArray(v)) return `${v.length.toLocaleString("en")} item(s)`;
  if (v && typeof v === "object") return `${Object.keys(v).length.toLocaleString("en")} entr${Object.keys(v).length === 1 ? "y" : "ies"}`;
  return null;
}

/** What a step's result record says, in words; `errors`/`error` entries are listed apart. */
export function describeStepResult(result: Record<string, unknown> | undefined): { facts: StepFact[]; errors: string[] } {
  const facts: StepFact[] = [];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(result ?? {})) {
    if (k === "errors" || k === "error") {
      for (const e of Array.isArray(v) ? v : [v]) if (e !== null && e !== undefined && e !== "") errors.push(typeof e === "string" ? e : JSON.stringify(e));
      continue;
    }
    const value = factValue(v);
    if (value !== null) facts.push({ label: words(k), value });
  }
  return { facts, errors };
}

/** The steps of a RefreshRun.summary ({steps: StepReport[]}), in the order they ran. */
export function readRunSteps(summary: unknown): StepView[] {
  const steps = z.object({ steps: z.array(z.unknown()) }).safeParse(summary);
  if (!steps.success) return [];
  const out: StepView[] = [];
  for (const raw of steps.data.steps) {
    const s = stepReport.safeParse(raw);
    if (!s.success) continue;
    const { facts, errors } = describeStepResult(s.data.result);
    if (s.data.error) errors.unshift(s.data.error);
    out.push({ step: s.data.step, title: stepTitle(s.data.step), ok: s.data.ok, ms: s.data.ms, facts, errors, log: s.data.log ?? [] });
  }
  return out;
}

export const RUN_STATUS_LABEL = { RUNNING: "Running", OK: "OK", PARTIAL: "Partly failed", FAILED: "Failed", ABANDONED: "Abandoned" } as const;
export type RunStatus = keyof typeof RUN_STATUS_LABEL;

/** How long a run took (or has been running, for one still RUNNING), in milliseconds; null when unknown. */
export function runMs(startedAt: string | Date, finishedAt: string | Date | null, now: number): number | null {
  const start = new Date(startedAt).getTime();
  const end = finishedAt ? new Date(finishedAt).getTime() : now;
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}

/** "cron", "system" or a username: who or what started a run, in words. */
export function describeTrigger(triggeredBy: string): string {
  if (triggeredBy === "cron") return "the cron route";
  if (triggeredBy === "embedded" || triggeredBy === "timer") return "the built-in timer";
  return triggeredBy;
}
