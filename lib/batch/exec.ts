/**
 * Running a batch system's command-line tool on a login/setup's host: here when the host is this machine
 * ("localhost", "127.0.0.1", "::1" or os.hostname()), else through
 * `ssh -o BatchMode=yes -o ConnectTimeout=10 <account>@<host> -- <quoted command>`. Stdin, extra environment,
 * a time limit (a hang is a timeout: the whole process group is killed), an AbortSignal and bounded output.
 * Never throws: a failure is an AdapterFailure whose kind says what went wrong and whose message says it in
 * people's words. A command that ran and exited non-zero is a success with its exit code here; callers turn it
 * into a failure with `exitFailure` when non-zero means "no" (`runChecked`).
 */
import "server-only";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { env, inheritedEnvironment } from "@/lib/env";
import { failure, success, type AdapterFailure, type AdapterResult } from "@/lib/adapters/result";
import { quoteWord } from "@/lib/batch/shell-word";

export { quoteWord };

export type Login = { host: string; account: string };
export type ExecRequest = {
  login: Login;
  argv: string[];
  stdin?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
};
export type ExecAnswer = { stdout: string; stderr: string; code: number; where: string };

const LOCAL_NAMES = new Set(["localhost", "127.0.0.1", "::1", "localhost.localdomain"]);

/** Whether a login/setup's host is this machine (commands then run here, as the server's own user). */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (LOCAL_NAMES.has(h)) return true;
  const me = os.hostname().toLowerCase();
  return h === me || h === me.split(".")[0];
}


const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The environment of commands run here: SLURM_CONF from POMS_SLURM_CONF, PATH with POMS_JOBSUB_BIN first. */
export function localEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e = env();
  const base = inheritedEnvironment();
  if (e.POMS_SLURM_CONF) base.SLURM_CONF = e.POMS_SLURM_CONF;
  if (e.POMS_JOBSUB_BIN) base.PATH = `${path.resolve(e.POMS_JOBSUB_BIN)}${path.delimiter}${base.PATH ?? ""}`;
  return { ...base, ...extra };
}

/** The argv actually run for `req`: the command itself here, or ssh with the command quoted for the remote shell. */
export function commandLine(req: Pick<ExecRequest, "login" | "argv" | "env">): { file: string; args: string[]; where: string } {
  if (isLocalHost(req.login.host)) return { file: req.argv[0], args: req.argv.slice(1), where: "this machine" };
  const envWords = Object.entries(req.env ?? {}).map(([k, v]) => quoteWord(`${k}=${v}`));
  const remote = [...(envWords.length ? ["env", ...envWords] : []), ...req.argv.map(quoteWord)].join(" ");
  return { file: "ssh", args: ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", `${req.login.account}@${req.login.host}`, "--", remote], where: `${req.login.account}@${req.login.host}` };
}

/** Runs one command; resolves with its output and exit code, or a failure (not started, timed out, aborted, too much output). */
export function runCommand(req: ExecRequest): Promise<AdapterResult<ExecAnswer>> {
  const timeoutMs = req.timeoutMs ?? 60_000;
  const maxBytes = req.maxOutputBytes ?? 64 * 1024 * 1024;
  const name = path.basename(req.argv[0] ?? "");
  for (const k of Object.keys(req.env ?? {})) if (!ENV_NAME.test(k)) return Promise.resolve(failure("schema", `"${k}" cannot be the name of an environment variable.`));
  if (!name) return Promise.resolve(failure("schema", "No command to run."));
  const { file, args, where } = commandLine(req);
  const local = where === "this machine";
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: AdapterResult<ExecAnswer>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { env: localEnvironment(local ? req.env : {}), stdio: ["pipe", "pipe", "pipe"], detached: true });
    } catch (err) {
      return resolve(failure("not_found", `Could not run ${name} on ${where}: ${(err as Error).message}.`));
    }
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        killGroup();
        return finish(failure("parse", `${name} on ${where} printed more than ${Math.round(maxBytes / 1024 / 1024)} MB; stopped reading.`));
      }
      into.push(chunk);
    };
    child.stdout!.on("data", collect(out));
    child.stderr!.on("data", collect(err));
    const timer = setTimeout(() => {
      killGroup();
      finish(failure("timeout", `${name} on ${where} did not finish within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    const onAbort = () => {
      killGroup();
      finish(failure("timeout", `${name} on ${where} was stopped: the caller gave up waiting.`));
    };
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener("abort", onAbort);
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") finish(failure("not_found", `${local ? name : "ssh"} is not installed on ${local ? "this machine" : "the POMS server"} (or not on its PATH).`));
      else finish(failure("network", `Could not run ${name} on ${where}: ${e.message}.`));
    });
    child.stdin!.on("error", () => {
      /* the command did not read its stdin: its exit code says what happened */
    });
    child.stdin!.end(req.stdin ?? "");
    child.on("close", (code, sig) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (!local && code === 255) return finish(failure(/Permission denied|Host key verification failed/i.test(stderr) ? "auth" : "network", `Could not reach ${where} by ssh: ${firstLine(stderr) || "ssh failed"}.`));
      finish(success({ stdout, stderr, code: code ?? (sig ? 128 + (os.constants.signals[sig] ?? 0) : 1), where }));
    });
  });
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 300) ?? ""
  );
}

/** A non-zero exit as a failure, its kind read from what the tool said. */
export function exitFailure(name: string, a: ExecAnswer): AdapterFailure {
  const said = firstLine(a.stderr) || firstLine(a.stdout) || "no message";
  const text = `${a.stderr}\n${a.stdout}`;
  if (a.code === 127) return failure("not_found", `${name} is not installed on ${a.where}.`);
  if (/unable to contact|failed to connect|failed to fetch|connection refused|could not resolve|no route to host|timed out|socket|unreachable|temporarily unavailable|connect\b.*failed/i.test(text))
    return failure("network", `${name} on ${a.where} could not reach the batch system: ${said}`);
  if (/permission denied|not authori[sz]ed|access denied|expired|credential|token|authenticat|proxy/i.test(text)) return failure("auth", `${name} on ${a.where} was refused: ${said}`);
  if (/invalid job id|does not exist|not found|no such/i.test(text)) return failure("not_found", `${name} on ${a.where} did not find it: ${said}`);
  return failure("http", `${name} on ${a.where} failed (exit ${a.code}): ${said}`);
}

/** Runs a command whose non-zero exit means failure. */
export async function runChecked(req: ExecRequest): Promise<AdapterResult<ExecAnswer>> {
  const r = await runCommand(req);
  if (!r.ok) return r;
  return r.value.code === 0 ? r : exitFailure(path.basename(req.argv[0]), r.value);
}
