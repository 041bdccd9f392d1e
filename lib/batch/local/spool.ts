/**
 * The local backend's spool: one folder per batch under <root> (<POMS_DATA_DIR or .data>/batch/<batchId>/):
 *   batch.json (written last: the runner ignores a folder without it), job.sh (setup + command), env (the jobs'
 *   environment), wrapper.sh, output/ (POMS_OUTPUT_DIR), HELD / REMOVED / DONE markers, and per job
 *   jobs/<i>/{inputs, started, pgid, output.log, files, killed, result}.
 * Reading a batch back into JobReports is here; starting jobs is runner.mjs's; recording them is wrapper.sh's.
 */
import "server-only";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JobReport } from "@/lib/batch/types";
import { parseJobResult } from "./result-file";
import { jobReport } from "../job-report";

export type BatchManifest = { batchId: string; submissionId: number; jobs: number; createdAt: string };

export const jobDir = (batchDir: string, i: number) => path.join(batchDir, "jobs", String(i));

export function readManifest(batchDir: string): BatchManifest | null {
  try {
    return JSON.parse(readFileSync(path.join(batchDir, "batch.json"), "utf8")) as BatchManifest;
  } catch {
    return null;
  }
}

const readText = (file: string): string | null => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
};

/** Whether the wrapper with this pid still runs (and is a wrapper, not a recycled pid). */
export function wrapperAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return (readText(`/proc/${pid}/cmdline`) ?? "").includes("wrapper.sh");
  } catch {
    return false;
  }
}

export const startedPid = (batchDir: string, i: number): number | null => {
  const t = readText(path.join(jobDir(batchDir, i), "started"));
  return t ? Number(t.split(" ")[0]) : null;
};

/** One job as the spool says: a result, running, or not started (held, removed or idle). */
export function readJob(batchDir: string, m: BatchManifest, i: number): JobReport {
  const dir = jobDir(batchDir, i);
  const base = jobReport(`${m.batchId}.${i}`, i, "IDLE", { site: "local", submittedAt: new Date(m.createdAt) });
  const removed = existsSync(path.join(batchDir, "REMOVED"));
  const startedText = readText(path.join(dir, "started"));
  if (startedText === null) {
    if (removed) return { ...base, status: "REMOVED" };
    if (existsSync(path.join(batchDir, "HELD"))) return { ...base, status: "HELD", holdReason: "Held by a person: not started until released.", holdReasonCode: 1 };
    return base;
  }
  const [pidText, startText] = startedText.trim().split(" ");
  const started = { ...base, numStarts: 1, node: os.hostname(), outputPath: path.join(dir, "output.log"), startedAt: new Date(Math.round(Number(startText) * 1000)) };
  let resultText = readText(path.join(dir, "result"));
  if (resultText === null) {
    if (wrapperAlive(Number(pidText))) return { ...started, status: "RUNNING" };
    resultText = readText(path.join(dir, "result")); // it may have finished between the two looks
    if (resultText === null) return { ...started, status: removed ? "REMOVED" : "FAILED" }; // lost: the wrapper is gone
  }
  const r = parseJobResult(resultText);
  const killed = existsSync(path.join(dir, "killed"));
  const status = r.exitCode === 0 ? "COMPLETED" : killed || (removed && r.lost) ? "REMOVED" : "FAILED";
  const startedAt = r.startedAt ?? started.startedAt;
  return {
    ...started,
    status,
    exitCode: r.exitCode,
    startedAt,
    endedAt: r.endedAt,
    cpuSeconds: r.cpuSeconds,
    memoryMb: r.memoryMb,
    wallSeconds: r.endedAt && startedAt ? Math.max(0, Math.round((r.endedAt.getTime() - startedAt.getTime()) / 10) / 100) : null,
    files: r.files,
  };
}

/** Every job of a batch, and whether all of them are over. */
export function readBatch(batchDir: string, m: BatchManifest): { kind: "jobs"; jobs: JobReport[]; done: boolean } {
  const jobs = Array.from({ length: m.jobs }, (_, i) => readJob(batchDir, m, i));
  return { kind: "jobs", jobs, done: jobs.every((j) => j.status === "COMPLETED" || j.status === "FAILED" || j.status === "REMOVED") };
}
