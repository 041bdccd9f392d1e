/**
 * The local batch backend (the embedded default): each job is a real child process on the POMS server, at most
 * `slots` at a time across the whole machine. submit() writes the batch's spool folder and makes sure the runner
 * (lib/batch/local/runner.mjs) runs, detached from the server under a file lock; the runner starts each job in its
 * own detached wrapper (lib/batch/local/wrapper.sh) that records exit code, times, CPU and peak memory in the
 * spool. So killing the server loses nothing: the next status() reads what finished meanwhile, and restarts the
 * runner when jobs are still waiting and it is gone (a machine restart).
 * It runs commands composed from configuration on the server itself, so submit and control are refused unless
 * allowed (lib/batch/registry.ts decides); status always reads. The login/setup's host is not used: local jobs run
 * here, as the server's own user.
 */
import "server-only";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import type { BatchRef, BatchSystem, ControlAction, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";
import { quoteWord } from "@/lib/batch/exec";
import { jobDir, readBatch, readManifest, startedPid, wrapperAlive, type BatchManifest } from "@/lib/batch/local/spool";

export type LocalBatchOptions = {
  /** The spool root: <POMS_DATA_DIR or .data>/batch. */
  root: string;
  slots: number;
  /** Whether submit and control may run (POMS_LOCAL_BATCH=1, or not a production server). */
  allowed: boolean;
  /** Where runner.mjs and wrapper.sh are (default: lib/batch/local in the server's folder). */
  codeDir?: string;
  /** Put first on the jobs' PATH (default: scripts/jobs, where the demo job script is). */
  jobsDir?: string;
};

const REFUSED =
  "The local batch backend is switched off on this server: it runs commands from the stage's configuration on the POMS server itself. An administrator can allow it with POMS_LOCAL_BATCH=1.";
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BATCH_ID = /^L\d{14}-\d+-[a-z0-9]+$/;

/** A unique local batch id: L<yyyymmddhhmmss>-<submissionId>-<random>. */
export function newLocalBatchId(submissionId: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `L${stamp}-${submissionId}-${randomBytes(4).toString("hex")}`;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function localBatchSystem(opts: LocalBatchOptions): BatchSystem {
  const codeDir = opts.codeDir ?? path.join(process.cwd(), "lib/batch/local");
  const jobsDir = opts.jobsDir ?? path.join(process.cwd(), "scripts/jobs");
  const batchDir = (batchId: string) => path.join(opts.root, batchId);

  /** Starts the runner unless one runs (flock: one per spool; -w 5 covers a runner that is just exiting). */
  function ensureRunner(): AdapterResult<null> {
    const runner = path.join(codeDir, "runner.mjs");
    if (!existsSync(runner)) return failure("not_found", `The local batch runner is missing (${runner}).`);
    try {
      const log = openSync(path.join(opts.root, "runner.log"), "a");
      const child = spawn("flock", ["-w", "5", path.join(opts.root, "runner.lock"), process.execPath, runner, opts.root, String(opts.slots)], {
        detached: true,
        stdio: ["ignore", log, log],
      });
      closeSync(log);
      child.on("error", () => {
        /* flock missing: reported by the next status read as jobs that stay idle */
      });
      child.unref();
      return success(null);
    } catch (err) {
      return failure("network", `Could not start the local batch runner: ${(err as Error).message}.`);
    }
  }

  async function submit(req: SubmitRequest): Promise<AdapterResult<{ batchId: string; log: string }>> {
    if (!opts.allowed) return failure("auth", REFUSED);
    if (req.jobs.length === 0) return failure("schema", "There is nothing to launch: the submission has no jobs.");
    const bad = Object.keys(req.env).find((k) => !ENV_NAME.test(k));
    if (bad) return failure("schema", `"${bad}" cannot be the name of an environment variable.`);
    const batchId = newLocalBatchId(req.submissionId);
    const dir = batchDir(batchId);
    try {
      mkdirSync(path.join(dir, "output"), { recursive: true });
      writeFileSync(path.join(dir, "job.sh"), `#!/bin/bash\n${req.setup}\n${req.command}\n`, { mode: 0o755 });
      const envLines = Object.entries({ ...req.env, POMS_BATCH_ID: batchId }).map(([k, v]) => `${k}=${quoteWord(v)}`);
      writeFileSync(path.join(dir, "env"), [...envLines, `PATH=${quoteWord(jobsDir)}:"$PATH"`, ""].join("\n"));
      copyFileSync(path.join(codeDir, "wrapper.sh"), path.join(dir, "wrapper.sh"));
      req.jobs.forEach((inputs, i) => {
        mkdirSync(jobDir(dir, i), { recursive: true });
        writeFileSync(path.join(jobDir(dir, i), "inputs"), inputs.map((f) => `${f}\n`).join(""));
      });
      const manifest: BatchManifest = { batchId, submissionId: req.submissionId, jobs: req.jobs.length, createdAt: new Date().toISOString() };
      writeFileSync(path.join(dir, "batch.json"), JSON.stringify(manifest));
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      return failure("network", `Could not write the local batch's spool folder ${dir}: ${(err as Error).message}.`);
    }
    const started = ensureRunner();
    if (!started.ok) return started;
    const n = req.jobs.length;
    return success({ batchId, log: `Local batch ${batchId}: ${n} job${n === 1 ? "" : "s"} queued on this machine, ${opts.slots} at a time.\nSpool folder: ${dir}` });
  }

  async function status(refs: BatchRef[]): Promise<Map<number, AdapterResult<StatusSnapshot>>> {
    const out = new Map<number, AdapterResult<StatusSnapshot>>();
    let waiting = false;
    for (const ref of refs) {
      const dir = batchDir(ref.batchId);
      const m = BATCH_ID.test(ref.batchId) ? readManifest(dir) : null;
      if (!m) {
        out.set(ref.submissionId, failure("not_found", `There is no local batch ${ref.batchId} on this machine (its spool folder is missing).`));
        continue;
      }
      const snapshot = readBatch(dir, m);
      if (snapshot.jobs.some((j) => j.status === "IDLE")) waiting = true;
      out.set(ref.submissionId, success(snapshot));
    }
    if (waiting && opts.allowed) ensureRunner();
    return out;
  }

  async function control(action: ControlAction, ref: BatchRef): Promise<AdapterResult<{ log: string }>> {
    if (!opts.allowed) return failure("auth", REFUSED);
    const dir = batchDir(ref.batchId);
    const m = BATCH_ID.test(ref.batchId) ? readManifest(dir) : null;
    if (!m) return failure("not_found", `There is no local batch ${ref.batchId} on this machine.`);
    const all = Array.from({ length: m.jobs }, (_, i) => i);
    const notStarted = all.filter((i) => startedPid(dir, i) === null).length;
    if (action === "hold") {
      writeFileSync(path.join(dir, "HELD"), new Date().toISOString());
      return success({ log: `Held ${notStarted} job${notStarted === 1 ? "" : "s"} not yet started; jobs already running go on.` });
    }
    if (action === "release") {
      rmSync(path.join(dir, "HELD"), { force: true });
      const r = ensureRunner();
      if (!r.ok) return r;
      return success({ log: `Released ${ref.batchId}: ${notStarted} job${notStarted === 1 ? "" : "s"} may start.` });
    }
    writeFileSync(path.join(dir, "REMOVED"), new Date().toISOString());
    const running = all.filter((i) => {
      const pid = startedPid(dir, i);
      return pid !== null && !existsSync(path.join(jobDir(dir, i), "result")) && wrapperAlive(pid);
    });
    const groupOf = (i: number): number | null => {
      try {
        const g = Number(readFileSync(path.join(jobDir(dir, i), "pgid"), "utf8").trim());
        return g > 0 ? g : null;
      } catch {
        return startedPid(dir, i);
      }
    };
    const signalAll = (sig: NodeJS.Signals, which: number[]) => {
      for (const i of which) {
        const g = groupOf(i);
        try {
          if (g) process.kill(-g, sig);
        } catch {
          /* already gone */
        }
      }
    };
    for (const i of running) writeFileSync(path.join(jobDir(dir, i), "killed"), new Date().toISOString());
    signalAll("SIGTERM", running);
    const deadline = Date.now() + 4000;
    let left = running;
    while (left.length && Date.now() < deadline) {
      await pause(100);
      left = left.filter((i) => !existsSync(path.join(jobDir(dir, i), "result")) && wrapperAlive(startedPid(dir, i) ?? 0));
    }
    signalAll("SIGKILL", left);
    return success({
      log: `Killed ${ref.batchId}: ${running.length} running job${running.length === 1 ? "" : "s"} stopped${left.length ? ` (${left.length} by force)` : ""}, ${notStarted} not started removed.`,
    });
  }

  return {
    kind: "LOCAL",
    submit,
    status: (refs) => status(refs),
    control: (action, ref) => control(action, ref),
  };
}
