/**
 * The embedded dropbox (the default: an experiment without an FTS URL, jobs on the local backend). The local jobs
 * write their outputs into their batch's output folder (<spool>/<batchId>/output, POMS_OUTPUT_DIR); this dropbox
 * reads each such folder, declares the new files to the embedded catalogue with their parentage and location
 * (declare-embedded.ts), and reports them through the same write path as FTS (record-transfers.ts): declared by
 * the dropbox, then located because the catalogue has their location.
 * A file is tied to its submission by the folder it is in (the batch is the submission's), and to its parent by
 * name among that submission's inputs. Which submissions: local ones with a batch id, launched within 14 days and
 * not yet Located, in experiments without an FTS URL, once their jobs are over (or the submission is Completed by
 * its percentage): outputs of running jobs are not final. A file written in the last few seconds waits for the next
 * sweep (it may still be being written).
 */
import "server-only";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import type { DropboxFile } from "./dropbox";
import { declareEmbeddedOutputs, type OutputToDeclare } from "./declare-embedded";
import { recordDropbox } from "./record-transfers";

const WINDOW_DAYS = 14;
const MAX_SUBMISSIONS = 2_000;
/** A file modified more recently than this is left for the next sweep. */
const SETTLE_MS = 5_000;

export type EmbeddedSweep = { submissions: number; experiments: number; declared: number; located: number; errors: string[] };

/** The output files of one local batch, or null when its folder cannot be read. Skips hidden and partial files. */
export function listBatchOutputs(spoolRoot: string, batchId: string, now = Date.now()): { name: string; location: string; sizeBytes: number }[] | null {
  if (!/^L\d{14}-\d+-[a-z0-9]+$/.test(batchId)) return null;
  const dir = path.join(spoolRoot, batchId, "output");
  try {
    const out: { name: string; location: string; sizeBytes: number }[] = [];
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isFile() || e.name.startsWith(".") || /\.(tmp|part)$/.test(e.name)) continue;
      const location = path.join(dir, e.name);
      const st = statSync(location);
      if (now - st.mtimeMs < SETTLE_MS) continue;
      out.push({ name: e.name, location, sizeBytes: st.size });
    }
    return out;
  } catch {
    return null;
  }
}

export async function sweepEmbeddedDropbox(spoolRoot: string, now: Date, signal?: AbortSignal): Promise<EmbeddedSweep> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const subs = await db.$queryRaw<{ id: number; experimentId: number; batchId: string }[]>`
    SELECT s.id, s."experimentId", s."batchId" FROM "Submission" s JOIN "Experiment" e ON e.id = s."experimentId"
     WHERE s."batchBackend" = 'LOCAL' AND s."batchId" IS NOT NULL AND s."locatedAt" IS NULL AND s."createdAt" >= ${since}
       AND (e."ftsUrl" IS NULL OR e."ftsUrl" = '') AND (s."monitorDone" OR s."status" = 'COMPLETED')
     ORDER BY s.id LIMIT ${MAX_SUBMISSIONS}`;
  const result: EmbeddedSweep = { submissions: subs.length, experiments: 0, declared: 0, located: 0, errors: [] };
  if (!subs.length) return result;
  const known = await db.$queryRaw<{ submissionId: number; fileName: string }[]>`
    SELECT "submissionId", "fileName" FROM "OutputTransfer" WHERE "submissionId" = ANY(${subs.map((s) => s.id)}::int[]) AND "state" = 'LOCATED'`;
  const done = new Set(known.map((k) => `${k.submissionId}\u0000${k.fileName}`));
  const byExperiment = new Map<number, OutputToDeclare[]>();
  for (const s of subs) {
    const files = listBatchOutputs(spoolRoot, s.batchId, now.getTime());
    if (!files) continue; // no output folder (yet): nothing written, or not on this machine
    for (const f of files) {
      if (done.has(`${s.id}\u0000${f.name}`)) continue;
      byExperiment.set(s.experimentId, [...(byExperiment.get(s.experimentId) ?? []), { submissionId: s.id, ...f }]);
    }
  }
  for (const [experimentId, outputs] of byExperiment) {
    if (signal?.aborted) break;
    result.experiments++;
    try {
      const { declared } = await declareEmbeddedOutputs(experimentId, outputs, now);
      const declaredSet = new Set(declared);
      const report: DropboxFile[] = outputs.filter((o) => declaredSet.has(o.name)).map((o) => ({ name: o.name, state: "DECLARED", rawState: "declared", reason: "", submissionId: o.submissionId }));
      const r = await recordDropbox(experimentId, report, { complete: false, now });
      result.declared += declared.length;
      result.located += r.located;
      if (r.locationError) result.errors.push(r.locationError);
    } catch (err) {
      result.errors.push(`experiment ${experimentId}: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
    }
  }
  return result;
}
