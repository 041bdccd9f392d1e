/**
 * When a Completed submission becomes Located, by its stage's completion rule. Pure (located-rule.test.ts).
 *  - completion type `complete`: at once.
 *  - completion type `located`: when at least completionPct % of its EXPECTED outputs are catalogued with a
 *    location. Expected outputs: one per input file a job reported consumed, plus one per input no job reported on
 *    when at least one of its jobs exited 0 (we cannot tell which job held which input; with no per-file report at
 *    all, as on Slurm or jobsub, that is every input). A submission without input files (a generator) expects every
 *    output its dropbox has seen, and at least one. A submission with nothing expected (every input failed, or
 *    unreported with no job that exited 0) is Located at once: its recovery is the next step.
 *    Outputs counted: those located whose parent is an expected input (one per parent), never more than expected.
 *  - otherwise, 2 days after it became Completed (the timeout).
 *  - a person may kick it (lib/submissions/commands/kick.ts).
 */
import type { CompletionType } from "@/lib/generated/prisma/enums";

export const LOCATE_TIMEOUT_MS = 2 * 24 * 3600_000;

export type LocateFacts = {
  completionType: CompletionType;
  completionPct: number;
  /** Input files of the submission; how many a job reported consumed; how many any job reported on (consumed or failed). */
  inputs: number;
  consumed: number;
  reported: number;
  /** Whether at least one of its jobs exited 0. */
  jobSucceeded: boolean;
  /** Output files the dropbox has seen for it; how many are catalogued with a location (with inputs: how many
   *  expected inputs have a located output made from them). */
  outputsSeen: number;
  outputsLocated: number;
  completedAt: Date;
};

export type LocatedBy = "rule" | "complete" | "timeout" | "kick";
export type LocateVerdict = { located: true; by: LocatedBy; reason: string } | { located: false; expected: number; needed: number; reason: string };

export function expectedOutputs(f: Pick<LocateFacts, "inputs" | "consumed" | "reported" | "outputsSeen" | "jobSucceeded">): number {
  if (f.inputs === 0) return Math.max(1, f.outputsSeen);
  return f.consumed + (f.jobSucceeded ? f.inputs - f.reported : 0);
}

export function judgeLocated(f: LocateFacts, now: Date): LocateVerdict {
  if (f.completionType === "COMPLETE") return { located: true, by: "complete", reason: "Located at once: the stage's completion type is “complete”." };
  const expected = expectedOutputs(f);
  const needed = Math.ceil((Math.min(100, Math.max(0, f.completionPct)) / 100) * expected);
  const located = Math.min(f.outputsLocated, expected);
  if (located >= needed) {
    const reason =
      expected === 0
        ? "Located: no output was expected (no input file was consumed)."
        : `Located: ${located} of ${expected} expected output file${expected === 1 ? "" : "s"} catalogued with a location (the stage needs ${f.completionPct} %).`;
    return { located: true, by: "rule", reason };
  }
  if (now.getTime() - f.completedAt.getTime() >= LOCATE_TIMEOUT_MS)
    return { located: true, by: "timeout", reason: `Located after 2 days Completed: only ${located} of ${expected} expected output files were catalogued with a location.` };
  return { located: false, expected, needed, reason: `Waiting for outputs: ${located} of ${needed} needed (${expected} expected) catalogued with a location.` };
}
