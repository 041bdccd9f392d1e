/**
 * The jobsub backend (HTCondor at Fermilab through jobsub_lite). Submit: `jobsub_submit -G <experiment> --role
 * <role> -N <jobs> -e POMS4_…=… --lines '+POMS4_…=…' file://<script>` (the job script is written to a temporary
 * file on the login/setup's host first; every job's inputs are embedded in it, picked by $PROCESS), and the batch
 * id read from "Use job id … to retrieve output". Control: `jobsub_rm|jobsub_hold|jobsub_release -G <exp>
 * --constraint 'POMS4_SUBMISSION_ID==N'`. Status: Landscape LENS GraphQL counts (batched aliases in one POST per
 * 100 submissions) when POMS_LENS_URL is set, else `condor_q -json -attributes …` per job (one call per
 * experiment and login). Facts and line numbers: docs/batch-systems.md.
 */
import "server-only";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import { httpJson, inBatches } from "@/lib/adapters/http";
import type { BatchRef, BatchSystem, ControlAction, StatusSnapshot, SubmitRequest } from "@/lib/batch/types";
import { env } from "@/lib/env";
import { exitFailure, isLocalHost, runChecked, runCommand } from "@/lib/batch/exec";
import { composeJobScript } from "@/lib/batch/job-script";
import { CONDOR_ATTRIBUTES, classAdValue, lensAnswer, lensEntryFor, lensQuery, parseCondorQ, parseSubmitOutput, snapshotFromAds, splitJobsubId } from "@/lib/batch/jobsub/formats";

export type JobsubOptions = {
  /** LENS base URL (…/lens/query is appended); default env().POMS_LENS_URL; null: always condor_q. */
  lensUrl?: string | null;
  timeoutMs?: number;
  lensTimeoutMs?: number;
  /** The clock of the LENS back-off (tests). */
  now?: () => number;
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPERIMENT = /^[a-z0-9][a-z0-9_-]{0,39}$/i;
const ROLE = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
// jobsub_submit copies the script when it submits, so the temporary file goes once it has returned.
const SUBMIT_WRAPPER = 'set -e; f=$(mktemp "${TMPDIR:-/tmp}/poms-job-XXXXXX.sh"); trap \'rm -f "$f"\' EXIT; cat > "$f"; chmod 755 "$f"; jobsub_submit "$@" "file://$f"';

/** The jobsub_submit arguments of a launch (without the script, which comes last as file://…). */
export function jobsubSubmitArgs(req: SubmitRequest): string[] {
  const args = ["-G", req.experiment];
  if (req.vomsRole) args.push("--role", req.vomsRole);
  args.push("-N", String(req.jobs.length));
  for (const [k, v] of Object.entries(req.env)) args.push("-e", `${k}=${v}`);
  // As the original's poms_wrap (jobsub_lite lib/poms_wrap.py 67–80): the ids become job ClassAds, so --constraint finds them.
  for (const [k, v] of Object.entries(req.env)) if (k.startsWith("POMS4_")) args.push("--lines", `+${k}=${classAdValue(v)}`);
  return args;
}

export function jobsubJobScript(req: SubmitRequest): string {
  return composeJobScript(req, { indexVar: "PROCESS", batchVar: "CLUSTER", outputDir: "${_CONDOR_SCRATCH_DIR:-$PWD}/poms-output" });
}

export function jobsubBatchSystem(opts: JobsubOptions = {}): BatchSystem {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const lensTimeoutMs = opts.lensTimeoutMs ?? 10_000;
  const now = opts.now ?? Date.now;
  const backoff = new EndpointBackoff();
  const lensBase = () => (opts.lensUrl === undefined ? (env().POMS_LENS_URL ?? null) : opts.lensUrl);

  async function submit(req: SubmitRequest, signal?: AbortSignal): Promise<AdapterResult<{ batchId: string; log: string }>> {
    if (req.jobs.length === 0) return failure("schema", "There is nothing to launch: the submission has no jobs.");
    if (!EXPERIMENT.test(req.experiment)) return failure("schema", `"${req.experiment}" is not a jobsub group name.`);
    if (req.vomsRole && !ROLE.test(req.vomsRole)) return failure("schema", `"${req.vomsRole}" is not a VOMS role.`);
    const bad = Object.keys(req.env).find((k) => !ENV_NAME.test(k));
    if (bad) return failure("schema", `"${bad}" cannot be the name of an environment variable.`);
    const args = jobsubSubmitArgs(req);
    const r = await runChecked({ login: req.login, argv: ["bash", "-c", SUBMIT_WRAPPER, "jobsub_submit", ...args], stdin: jobsubJobScript(req), timeoutMs, signal });
    if (!r.ok) return r;
    const id = parseSubmitOutput(r.value.stdout);
    if (!id.ok) return id;
    return success({ batchId: id.value, log: `$ jobsub_submit ${args.join(" ")} file://<job script>   (on ${r.value.where})\n${r.value.stdout.trim()}` });
  }

  async function statusFromLens(base: string, refs: BatchRef[]): Promise<Map<number, AdapterResult<StatusSnapshot>>> {
    const out = new Map<number, AdapterResult<StatusSnapshot>>();
    const endpoint = `${base.replace(/\/+$/, "")}/lens/query`;
    const skip = backoff.allowed(endpoint, now());
    if (!skip.ok) {
      const f = failure("network", `LENS failed recently; not asked again until ${new Date(skip.until).toISOString().slice(11, 19)} UTC.`);
      for (const r of refs) out.set(r.submissionId, f);
      return out;
    }
    const chunks: BatchRef[][] = [];
    for (let i = 0; i < refs.length; i += 100) chunks.push(refs.slice(i, i + 100));
    await inBatches(chunks, 4, async (chunk) => {
      const answer = await httpJson(
        { url: endpoint, method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ query: lensQuery(chunk.map((r) => r.batchId)), operationName: null }), timeoutMs: lensTimeoutMs },
        lensAnswer,
      );
      if (!answer.ok) {
        backoff.failed(endpoint, now());
        const f = { ...answer, message: `LENS: ${answer.message}` };
        for (const r of chunk) out.set(r.submissionId, f);
        return;
      }
      backoff.succeeded(endpoint);
      chunk.forEach((r, i) => {
        const read = lensEntryFor(answer.value, `j${i}`, r);
        out.set(r.submissionId, read.ok ? success({ kind: "counts", counts: read.value.counts, done: read.value.done }) : read);
      });
    });
    return out;
  }

  async function statusFromCondorQ(refs: BatchRef[], signal?: AbortSignal): Promise<Map<number, AdapterResult<StatusSnapshot>>> {
    const out = new Map<number, AdapterResult<StatusSnapshot>>();
    const groups = new Map<string, BatchRef[]>();
    for (const ref of refs) {
      if (!splitJobsubId(ref.batchId)) {
        out.set(ref.submissionId, failure("not_found", `"${ref.batchId}" is not a jobsub job id.`));
        continue;
      }
      const key = `${ref.experiment} ${isLocalHost(ref.login.host) ? "here" : `${ref.login.account}@${ref.login.host}`}`;
      groups.set(key, [...(groups.get(key) ?? []), ref]);
    }
    for (const group of groups.values()) {
      const { experiment, login } = group[0];
      for (let i = 0; i < group.length; i += 1000) {
        const chunk = group.slice(i, i + 1000);
        const constraint = `member(POMS4_SUBMISSION_ID, {${chunk.map((r) => r.submissionId).join(",")}})`;
        const q = await runCommand({ login, argv: ["condor_q", "-G", experiment, "-json", "-attributes", CONDOR_ATTRIBUTES.join(","), "-constraint", constraint], timeoutMs, signal, maxOutputBytes: 512 * 1024 * 1024 });
        const ads = !q.ok ? q : q.value.code !== 0 ? exitFailure("condor_q", q.value) : parseCondorQ(q.value.stdout);
        for (const ref of chunk) {
          if (!ads.ok) {
            out.set(ref.submissionId, ads);
            continue;
          }
          out.set(ref.submissionId, snapshotFromAds(ads.value, ref));
        }
      }
    }
    return out;
  }

  async function status(refs: BatchRef[], signal?: AbortSignal): Promise<Map<number, AdapterResult<StatusSnapshot>>> {
    const base = lensBase();
    return base ? statusFromLens(base, refs) : statusFromCondorQ(refs, signal);
  }

  async function control(action: ControlAction, ref: BatchRef, signal?: AbortSignal): Promise<AdapterResult<{ log: string }>> {
    if (!EXPERIMENT.test(ref.experiment)) return failure("schema", `"${ref.experiment}" is not a jobsub group name.`);
    const tool = action === "kill" ? "jobsub_rm" : action === "hold" ? "jobsub_hold" : "jobsub_release";
    const argv = [tool, "-G", ref.experiment, ...(ref.vomsRole && ROLE.test(ref.vomsRole) ? ["--role", ref.vomsRole] : []), "--constraint", controlConstraint(ref)];
    const r = await runChecked({ login: ref.login, argv, timeoutMs, signal });
    if (!r.ok) return r;
    return success({ log: `$ ${argv.join(" ")}   (on ${r.value.where})\n${`${r.value.stdout}${r.value.stderr}`.trim()}` });
  }

  return { kind: "JOBSUB", submit, status, control };
}

/**
 * Which jobs a control command hits: the submission's, and only in its own cluster (the batch id's), so that two
 * installations sharing a jobsub group (a test and a production POMS) never touch each other's submission N.
 */
export function controlConstraint(ref: { submissionId: number; batchId: string }): string {
  const cluster = /^(\d+)(?:\.\d+)?@/.exec(ref.batchId)?.[1];
  return `POMS4_SUBMISSION_ID==${ref.submissionId}${cluster ? ` && ClusterId==${cluster}` : ""}`;
}
