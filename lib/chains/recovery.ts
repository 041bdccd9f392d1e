/**
 * The recovery rule of the wrap-up (pure). A job type has an ordered recovery list (JobTypeRecovery, positions from
 * 1); a submission stores which entry it was launched for (`recoveryPosition`, 0: not a recovery). When it is Located,
 * the entries after its position are tried in order, and the first one whose files-to-recover are not empty is
 * launched (an entry with nothing to recover is passed over, as the original POMS did); none → no recovery.
 * The child's overrides are the entry's merged over the parent's, so "more memory on retry" sticks.
 */
import { mergePairs, readPairs, type ParamPairs } from "@/lib/campaigns/effective";

/** How each recovery type reads "the files to recover" (the SQL is lib/chains/recovery-files.ts). */
export const RECOVERY_TYPES = {
  consumed_status: "Input files the jobs did not report as processed (failed, skipped or never delivered).",
  proj_status: "Input files the data handling project (the jobs' per-file reports) marked failed.",
  added_files: "Files added to the input dataset since the launch that no submission of the stage has taken.",
  pending_files: "Input files with no output declared from them since the launch (no child matching the job type's output patterns).",
} as const;
export type RecoveryType = keyof typeof RECOVERY_TYPES;

export const isRecoveryType = (t: string): t is RecoveryType => Object.hasOwn(RECOVERY_TYPES, t);
/** The original POMS read an unknown type as consumed_status; so do we (the job type form only offers the four). */
export const recoveryTypeOf = (t: string): RecoveryType => (isRecoveryType(t) ? t : "consumed_status");

export type RecoveryEntry = { position: number; recoveryType: string; paramOverrides: ParamPairs };

/** The job type's recovery list as a snapshot (or the table) holds it, well-formed entries only, by position. */
export function readRecoveryList(json: unknown): RecoveryEntry[] {
  if (!Array.isArray(json)) return [];
  const out: RecoveryEntry[] = [];
  for (const e of json) {
    if (!e || typeof e !== "object") continue;
    const r = e as Record<string, unknown>;
    if (typeof r.position !== "number" || !Number.isSafeInteger(r.position) || typeof r.recoveryType !== "string") continue;
    out.push({ position: r.position, recoveryType: r.recoveryType, paramOverrides: readPairs(r.paramOverrides) });
  }
  return out.sort((a, b) => a.position - b.position);
}

export type RecoveryChoice = { entry: RecoveryEntry; type: RecoveryType; overrides: ParamPairs };

/**
 * The recovery to launch for a submission at `position` with `parentOverrides`, given how many files each type
 * would recover for it; null when no later entry has anything to recover.
 */
export function chooseRecovery(list: readonly RecoveryEntry[], position: number, parentOverrides: ParamPairs, filesByType: Partial<Record<RecoveryType, number>>): RecoveryChoice | null {
  for (const entry of list) {
    if (entry.position <= position) continue;
    const type = recoveryTypeOf(entry.recoveryType);
    if ((filesByType[type] ?? 0) > 0) return { entry, type, overrides: mergePairs(parentOverrides, entry.paramOverrides) };
  }
  return null;
}

/** The recovery types a submission at `position` could still use (what the wrap-up must count for it). */
export function typesAfter(list: readonly RecoveryEntry[], position: number): RecoveryType[] {
  return [...new Set(list.filter((e) => e.position > position).map((e) => recoveryTypeOf(e.recoveryType)))];
}

/** The names the wrap-up gives the datasets it makes (unique per experiment; named after the submission). */
export const recoveryDatasetName = (submissionId: number, position: number) => `submission_${submissionId}_recovery_${position}`;
export const dependencyDatasetName = (submissionId: number, toStageId: number) => `submission_${submissionId}_outputs_for_stage_${toStageId}`;

/** The outcomes of a recovery launch a person may retry (same row): it was refused or never reached the batch system. */
export const RETRYABLE_OUTCOMES: readonly string[] = ["refused", "failed"];
