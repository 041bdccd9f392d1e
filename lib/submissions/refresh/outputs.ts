/**
 * Refresh step "outputs" (after the batch status): what the dropboxes hold. Each experiment with an FTS URL has its
 * FTS status read (lib/outputs/fts-dropbox.ts: a failed read changes nothing, marks the dropbox stale and backs
 * off); the local jobs of the other experiments have their output folders swept by the embedded dropbox
 * (lib/outputs/embedded-dropbox.ts), which declares the new files to the embedded catalogue. Both record through
 * lib/outputs/record-transfers.ts.
 */
import "server-only";
import type { Step } from "@/lib/background/runner";
import { env } from "@/lib/env";
import { localSpoolRoot } from "@/lib/batch/registry";
import { readFtsDropboxes } from "@/lib/outputs/fts-dropbox";
import { sweepEmbeddedDropbox } from "@/lib/outputs/embedded-dropbox";

export async function readOutputs(now: Date, signal?: AbortSignal) {
  const fts = await readFtsDropboxes(now, { signal });
  const embedded = await sweepEmbeddedDropbox(localSpoolRoot(env()), now, signal);
  return { fts, embedded };
}

export const outputsStep: Step = {
  name: "outputs",
  timeoutMs: 60_000,
  async run({ now, signal }) {
    const { fts, embedded } = await readOutputs(now, signal);
    return {
      dropboxesRead: fts.read,
      dropboxesFailed: fts.failed,
      dropboxesSkipped: fts.skipped,
      transfersChanged: fts.changed,
      leftDropbox: fts.left,
      located: fts.located + embedded.located,
      declaredHere: embedded.declared,
      notDeclared: embedded.conflicts,
      errors: [...fts.errors, ...embedded.errors].slice(0, 5),
    };
  },
};
