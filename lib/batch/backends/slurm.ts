/**
 * The Slurm backend: one `sbatch --parsable --array=0-<n-1>` per submission with the job script on stdin (the
 * inputs of every task are embedded in the script and picked by SLURM_ARRAY_TASK_ID, so it works through ssh too);
 * status of many submissions from ONE `squeue --json` per login (it ignores filters: we filter by array job id) plus
 * one `sacct -P` when accounting is on (exit codes of jobs squeue no longer lists); control with
 * `scontrol hold|release <id>` and `scancel <id>`. Commands run here or through ssh (lib/batch/exec.ts).
 */
import "server-only";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import type { BatchRef, BatchSystem, ControlAction, JobReport, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";
import { composeJobScript } from "@/lib/batch/job-script";
import { exitFailure, isLocalHost, runChecked, runCommand, type Login } from "@/lib/batch/exec";
import { parseSacct, parseSbatch, parseSqueueJson, snapshotOfBatch } from "@/lib/batch/slurm/formats";
import os from "node:os";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { parseFileReport } from "@/lib/batch/local/result-file";

export type SlurmOptions = {
  /** SLURM_CONF for commands run here (default: env().POMS_SLURM_CONF, applied by lib/batch/exec.ts). */
  conf?: string;
  timeoutMs?: number;
  /** The folder sbatch runs in when the host is this machine (job output files, POMS_OUTPUT_DIR); default the temp dir. */
  workDir?: string;
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOB_ID = /^\d+$/;

/** The job script: the submission's ids, each task's index and input list, then setup and command. */
export function slurmJobScript(req: SubmitRequest): string {
  return composeJobScript(req, { indexVar: "SLURM_ARRAY_TASK_ID", batchVar: "SLURM_ARRAY_JOB_ID", outputDir: "$PWD/poms-output-$SLURM_ARRAY_JOB_ID" }, [`#SBATCH --job-name=poms-${req.submissionId}`]);
}

export function slurmBatchSystem(opts: SlurmOptions = {}): BatchSystem {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const envFor = (login: Login) => (opts.conf && isLocalHost(login.host) ? { SLURM_CONF: opts.conf } : undefined);

  async function submit(req: SubmitRequest, signal?: AbortSignal): Promise<AdapterResult<{ batchId: string; log: string }>> {
    if (req.jobs.length === 0) return failure("schema", "There is nothing to launch: the submission has no jobs.");
    const bad = Object.keys(req.env).find((k) => !ENV_NAME.test(k));
    if (bad) return failure("schema", `"${bad}" cannot be the name of an environment variable.`);
    const argv = ["sbatch", "--parsable", `--array=0-${req.jobs.length - 1}`, `--job-name=poms-${req.submissionId}`, "--output=poms-%A_%a.out"];
    if (isLocalHost(req.login.host)) argv.push(`--chdir=${opts.workDir ?? os.tmpdir()}`);
    const r = await runChecked({ login: req.login, argv, stdin: slurmJobScript(req), env: envFor(req.login), timeoutMs, signal });
    if (!r.ok) return r;
    const id = parseSbatch(r.value.stdout);
    if (!id.ok) return id;
    return success({ batchId: id.value, log: `$ ${argv.join(" ")}   (on ${r.value.where}; job script on stdin)\n${r.value.stdout.trim()}${r.value.stderr.trim() ? `\n${r.value.stderr.trim()}` : ""}\nSlurm array job ${id.value}: ${req.jobs.length} task${req.jobs.length === 1 ? "" : "s"}.` });
  }

  async function status(refs: BatchRef[], signal?: AbortSignal): Promise<Map<number, AdapterResult<StatusSnapshot>>> {
    const out = new Map<number, AdapterResult<StatusSnapshot>>();
    const byLogin = new Map<string, BatchRef[]>();
    for (const ref of refs) {
      if (!JOB_ID.test(ref.batchId)) {
        out.set(ref.submissionId, failure("not_found", `"${ref.batchId}" is not a Slurm job id.`));
        continue;
      }
      const key = isLocalHost(ref.login.host) ? "here" : `${ref.login.account}@${ref.login.host}`;
      byLogin.set(key, [...(byLogin.get(key) ?? []), ref]);
    }
    for (const group of byLogin.values()) {
      const login = group[0].login;
      const q = await runCommand({ login, argv: ["squeue", "--json"], env: envFor(login), timeoutMs, signal, maxOutputBytes: 512 * 1024 * 1024 });
      const jobs = !q.ok ? q : q.value.code !== 0 ? exitFailure("squeue", q.value) : parseSqueueJson(q.value.stdout);
      if (!jobs.ok) {
        for (const ref of group) out.set(ref.submissionId, jobs);
        continue;
      }
      // Accounting (when slurmdbd is there): exit codes of jobs the controller has let go. Optional: without it, squeue says all.
      const ids = group.map((r) => r.batchId).join(",");
      const acct = await runCommand({ login, argv: ["sacct", "-X", "-n", "-P", "-o", "JobIDRaw,JobID,State,ExitCode,Start,End,NodeList", "-j", ids], env: envFor(login), timeoutMs, signal });
      const rows = acct.ok && acct.value.code === 0 ? parseSacct(acct.value.stdout) : [];
      for (const ref of group) {
        const snap = snapshotOfBatch(jobs.value, ref.batchId, rows);
        if (snap.ok && snap.value.kind === "jobs" && isLocalHost(login.host)) await attachFileReports(ref.batchId, snap.value.jobs);
        out.set(ref.submissionId, snap);
      }
    }
    return out;
  }

  /**
   * Jobs that ran on this machine's cluster leave their per-file list in the submit folder (POMS_FILE_REPORT,
   * lib/batch/job-script.ts): read for finished tasks, so "files not processed" is exact. Through ssh the list stays on
   * the other host (not read; the refresh then keeps those inputs as they were).
   */
  async function attachFileReports(batchId: string, jobs: JobReport[]) {
    const dir = path.join(opts.workDir ?? os.tmpdir(), `poms-output-${batchId}`);
    for (const job of jobs) {
      if (job.taskIndex === null || (job.status !== "COMPLETED" && job.status !== "FAILED")) continue;
      try {
        const files = parseFileReport(await readFile(path.join(dir, `.poms-files-${job.taskIndex}`), "utf8"));
        if (files.length) job.files = files;
      } catch {
        // No list (the job wrote none, or it is gone): nothing is known per file.
      }
    }
  }

  async function control(action: ControlAction, ref: BatchRef, signal?: AbortSignal): Promise<AdapterResult<{ log: string }>> {
    if (!JOB_ID.test(ref.batchId)) return failure("not_found", `"${ref.batchId}" is not a Slurm job id.`);
    const argv = action === "kill" ? ["scancel", ref.batchId] : ["scontrol", action, ref.batchId];
    const r = await runChecked({ login: ref.login, argv, env: envFor(ref.login), timeoutMs, signal });
    if (!r.ok) return r;
    const what = action === "kill" ? "cancelled" : action === "hold" ? "held (tasks not yet started)" : "released";
    return success({ log: `$ ${argv.join(" ")}   (on ${r.value.where})\n${`${r.value.stdout}${r.value.stderr}`.trim()}\nSlurm job ${ref.batchId} ${what}.`.replace(/\n\n/g, "\n") });
  }

  return { kind: "SLURM", submit, status, control };
}
