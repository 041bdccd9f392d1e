/**
 * The runner of background work: a named job is a list of named steps, run one after another by one
 * runner at a time (a PostgreSQL advisory lock per job), each bounded in time. Every run is a
 * RefreshRun row saying what each step did; a run whose process died is marked ABANDONED by the next
 * run (its lock is gone with its session, so the row is the only trace).
 * A step reports what it did; it must be idempotent (a run may be repeated or cut short).
 */
import "server-only";
import pg from "pg";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { JOB_LOCK } from "./job-lock";

export type StepContext = { now: Date; signal: AbortSignal; log: (line: string) => void };
export type Step = { name: string; timeoutMs: number; run: (ctx: StepContext) => Promise<Record<string, unknown>> };
export type StepReport = { step: string; ok: boolean; ms: number; result?: Record<string, unknown>; error?: string; log: string[] };
export type RunReport =
  | { ran: true; runId: number; status: "OK" | "PARTIAL" | "FAILED"; steps: StepReport[]; abandoned: number }
  | { ran: false; reason: string };

class StepTimeout extends Error {}

async function runStep(step: Step, now: Date): Promise<StepReport> {
  const controller = new AbortController();
  const log: string[] = [];
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Settle first: a step that ends on the abort signal has still run out of time.
        reject(new StepTimeout(`did not finish within ${step.timeoutMs} ms and was stopped`));
        controller.abort();
      }, step.timeoutMs);
    });
    const result = await Promise.race([step.run({ now, signal: controller.signal, log: (l) => log.push(l) }), timeout]);
    return { step: step.name, ok: true, ms: Math.round(performance.now() - started), result, log };
  } catch (err) {
    return { step: step.name, ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err), log };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `steps` as job `job` unless another runner holds it. The lock lives on a dedicated connection
 * (not the Prisma pool) so that it is held for the whole run and released if this process dies.
 */
export async function runJob(job: string, steps: Step[], triggeredBy: string, now = new Date()): Promise<RunReport> {
  const lockClient = new pg.Client({ connectionString: env().DATABASE_URL });
  await lockClient.connect();
  try {
    const { rows } = await lockClient.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS locked", [JOB_LOCK, job]);
    if (!rows[0].locked) return { ran: false, reason: `Another "${job}" run is in progress.` };
    // Holding the lock, any RUNNING row of this job belongs to a runner that is gone.
    const abandoned = await db.refreshRun.updateMany({ where: { job, status: "RUNNING" }, data: { status: "ABANDONED", finishedAt: now } });
    const run = await db.refreshRun.create({ data: { job, triggeredBy, status: "RUNNING", startedAt: now } });
    const reports: StepReport[] = [];
    for (const step of steps) reports.push(await runStep(step, now));
    const failed = reports.filter((r) => !r.ok).length;
    const status = failed === 0 ? "OK" : failed === reports.length ? "FAILED" : "PARTIAL";
    await db.refreshRun.update({ where: { id: run.id }, data: { status, finishedAt: new Date(), summary: { steps: reports } as unknown as Prisma.InputJsonValue } });
    return { ran: true, runId: run.id, status, steps: reports, abandoned: abandoned.count };
  } finally {
    await lockClient.end().catch(() => {}); // ending the session releases the lock
  }
}

/** The latest runs of a job, for the operations page and the API. */
export function recentRuns(job: string, take = 20) {
  return db.refreshRun.findMany({ where: { job }, orderBy: { startedAt: "desc" }, take });
}
