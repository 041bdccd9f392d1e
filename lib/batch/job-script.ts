/**
 * The job script a batch array runs (Slurm, jobsub): the submission's ids, each job's index and input list (the
 * inputs of every job are embedded and picked by the array index the batch system gives), then the login/setup's
 * setup lines and the composed command. Pure; every value is quoted, so nothing in an input name escapes its word.
 */
import type { SubmitRequest } from "@/lib/batch/types";
import { quoteWord } from "@/lib/batch/shell-word";

export type ScriptPlaces = {
  /** The variable holding this job's index (Slurm: SLURM_ARRAY_TASK_ID; HTCondor/jobsub: PROCESS). */
  indexVar: string;
  /** The variable holding the batch's id (Slurm: SLURM_ARRAY_JOB_ID; HTCondor: CLUSTER). */
  batchVar: string;
  /** A shell expression for the folder that holds the job's outputs. */
  outputDir: string;
};

export function composeJobScript(req: SubmitRequest, places: ScriptPlaces, header: string[] = []): string {
  const exports = Object.entries(req.env).map(([k, v]) => `export ${k}=${quoteWord(v)}`);
  const cases = req.jobs.map((inputs, i) => `  ${i}) ${inputs.length ? `printf '%s\\n' ${inputs.map(quoteWord).join(" ")}` : ":"} > "$POMS_INPUT_LIST" ;;`);
  return [
    "#!/bin/bash",
    ...header,
    ...exports,
    `export POMS_BATCH_ID="$${places.batchVar}" POMS_JOB_INDEX="$${places.indexVar}"`,
    `export POMS_OUTPUT_DIR="${places.outputDir}"`,
    'mkdir -p "$POMS_OUTPUT_DIR"',
    'export POMS_INPUT_LIST="${TMPDIR:-/tmp}/poms-inputs-$POMS_BATCH_ID-$POMS_JOB_INDEX"',
    // The job's own per-file list ("consumed <name>" / "failed <name>"), read back by the backend where it can.
    'export POMS_FILE_REPORT="$POMS_OUTPUT_DIR/.poms-files-$POMS_JOB_INDEX"',
    `trap 'rm -f "$POMS_INPUT_LIST"' EXIT`,
    'case "$POMS_JOB_INDEX" in',
    ...cases,
    '  *) echo "POMS: no inputs for job $POMS_JOB_INDEX" >&2; exit 64 ;;',
    "esac",
    req.setup,
    req.command,
    "",
  ].join("\n");
}
