/**
 * The output dropbox in the domain's words: the files a dropbox (FTS, or the embedded dropbox of the local backend)
 * says it holds, each in one of our transfer states, with the dropbox's own word for it and its reason. Pure rules:
 * how FTS's lists map to our states, when a file counts as stuck, and which input an output was made from.
 */
import type { TransferState } from "@/lib/generated/prisma/enums";
import type { FtsFile } from "./fts-status";

/**
 * One output file as a dropbox reports it. `submissionId`: when the dropbox knows which submission wrote it;
 * `parentFileId`: when it knows the input it was made from (the embedded dropbox does).
 */
export type DropboxFile = { name: string; state: TransferState; rawState: string; reason: string; submissionId?: number; parentFileId?: bigint | null };

/** A file still waiting or transferring after this long is stuck (shown with how long and FTS's last words). */
export const STUCK_AFTER_HOURS = 24;

/** FTS's lists → our states: new → waiting, pending → transferring, error → stuck (with FTS's message). Pure. */
export function fromFts(f: FtsFile): DropboxFile {
  if (f.list === "error") return { name: f.name, state: "STUCK", rawState: "error", reason: f.message || "FTS reports an error for this file (no message)." };
  return { name: f.name, state: f.list === "new" ? "WAITING" : "TRANSFERRING", rawState: f.list, reason: f.message };
}

/** The name without its last extension ("a/b_f0001_out.root" → "b_f0001_out"). Pure. */
export function stemOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The input stems an output may have been made from, longest first: the output's stem, then the stem cut at each
 * "_" from the right ("run1_f0001_out" → "run1_f0001_out", "run1_f0001", "run1"). An output is tied to the input
 * whose stem is the longest of these (the demo job writes <input stem>_out.root). Pure.
 */
export function parentStems(outputName: string): string[] {
  const stem = stemOf(outputName);
  const out = [stem];
  for (let i = stem.lastIndexOf("_"); i > 0; i = stem.lastIndexOf("_", i - 1)) out.push(stem.slice(0, i));
  return out;
}
