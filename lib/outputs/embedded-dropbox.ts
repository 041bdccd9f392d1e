/**
 * The embedded dropbox (the default: an experiment without an FTS URL, jobs on the local backend). The local jobs
 * write their outputs into their batch's output folder (<spool>/<batchId>/output, POMS_OUTPUT_DIR); this dropbox
 * reads each such folder, declares the new files to the embedded catalogue with their parentage and location
 * (declare-embedded.ts), and reports them through the same write path as FTS (record-transfers.ts): declared by
 * the dropbox, then located because the catalogue has their location.
 *
 * Which submissions: local ones with a batch id, COMPLETED (by their jobs or by their percentage) within
 * WINDOW_DAYS and not yet Located, in experiments without an FTS URL; never failed, removed or cancelled ones.
 * At most MAX_SUBMISSIONS a run, rotating by id from where the last run stopped (InstallationSetting
 * "dropbox.embedded.cursor"), so a backlog never starves newer ones.
 * Which files: regular files (never symlinks) of the output folder, itself a real folder inside the spool (no
 * symlinked batch or output folder), except hidden ones, `*.tmp`/`*.part` and files written in the last few
 * seconds; at most MAX_FILES_PER_FOLDER a folder and run; a file that cannot be read is skipped alone.
 * Which are declared: an output made from an input its job CONSUMED (the job reported it, so the job has ended);
 * one whose parent failed, or was not reported while others were, is not (its job failed or stopped before it);
 * with no per-file report at all, or without a parent, only once every job of the submission is over.
 * Files already handled (a transfer of this submission under the name or its batch-qualified name) are skipped.
 */
import "server-only";
import { lstat, opendir, realpath } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import type { DropboxFile } from "./dropbox";
import { parentStems } from "./dropbox";
import { declareEmbeddedOutputs, type OutputToDeclare } from "./declare-embedded";
import { recordDropbox } from "./record-transfers";

const WINDOW_DAYS = 14;
const MAX_SUBMISSIONS = 2_000;
export const MAX_FILES_PER_FOLDER = 5_000;
/** A file modified more recently than this is left for the next sweep. */
const SETTLE_MS = 5_000;
const CURSOR_KEY = "dropbox.embedded.cursor";

export type EmbeddedSweep = { submissions: number; experiments: number; declared: number; conflicts: number; located: number; errors: string[] };
export type BatchOutput = { name: string; location: string; sizeBytes: number };

/** Whether `inner` is `outer` or inside it. Pure. */
const inside = (outer: string, inner: string) => inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);

/**
 * The output files of one local batch, or null when its folder is missing, not a real folder inside the spool, or
 * unreadable. Skips symlinks, hidden and partial files and files still being written; reads at most `max` entries.
 */
export async function listBatchOutputs(spoolRoot: string, batchId: string, now = Date.now(), max = MAX_FILES_PER_FOLDER): Promise<BatchOutput[] | null> {
  if (!/^L\d{14}-\d+-[a-z0-9]+$/.test(batchId)) return null;
  let dir: string;
  try {
    const root = await realpath(spoolRoot);
    const batch = path.join(root, batchId);
    dir = path.join(batch, "output");
    for (const d of [batch, dir]) {
      const st = await lstat(d);
      if (!st.isDirectory() || st.isSymbolicLink()) return null;
    }
    if (!inside(root, await realpath(dir))) return null;
  } catch {
    return null;
  }
  const out: BatchOutput[] = [];
  let seen = 0;
  try {
    const folder = await opendir(dir);
    for await (const e of folder) {
      if (++seen > max) break;
      if (!e.isFile() || e.name.startsWith(".") || /\.(tmp|part)$/.test(e.name)) continue;
      const location = path.join(dir, e.name);
      try {
        const st = await lstat(location);
        if (!st.isFile() || now - st.mtimeMs < SETTLE_MS) continue;
        out.push({ name: e.name, location, sizeBytes: st.size });
      } catch {
        // gone or unreadable meanwhile: the next sweep sees it again
      }
    }
  } catch {
    return out.length ? out : null;
  }
  return out;
}

type SweptSubmission = { id: number; experimentId: number; stageId: number; batchId: string; monitorDone: boolean; reported: number };

async function readCursor(): Promise<number> {
  const row = await db.installationSetting.findUnique({ where: { key: CURSOR_KEY } });
  const v = (row?.value as { after?: unknown } | null)?.after;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0;
}

async function saveCursor(after: number) {
  const value = JSON.stringify({ after });
  await db.$executeRaw`
    INSERT INTO "InstallationSetting" ("key", "value", "updatedAt") VALUES (${CURSOR_KEY}, ${value}::jsonb, now())
    ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now()`;
}

export async function sweepEmbeddedDropbox(spoolRoot: string, now: Date, signal?: AbortSignal, opts: { maxSubmissions?: number } = {}): Promise<EmbeddedSweep> {
  const limit = opts.maxSubmissions ?? MAX_SUBMISSIONS;
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const after = await readCursor();
  const subs = await db.$queryRaw<SweptSubmission[]>`
    SELECT s.id, s."experimentId", s."stageId", s."batchId", s."monitorDone",
           (SELECT count(*)::int FROM "SubmissionFile" sf WHERE sf."submissionId" = s.id AND sf."role" = 'INPUT' AND sf."status" IN ('CONSUMED', 'FAILED')) AS reported
      FROM "Submission" s JOIN "Experiment" e ON e.id = s."experimentId"
     WHERE s."batchBackend" = 'LOCAL' AND s."batchId" IS NOT NULL AND s."status" = 'COMPLETED' AND s."locatedAt" IS NULL AND s."statusChangedAt" >= ${since}
       AND (e."ftsUrl" IS NULL OR e."ftsUrl" = '') AND s.id > ${after}
     ORDER BY s.id LIMIT ${limit}`;
  await saveCursor(subs.length === limit ? subs[subs.length - 1].id : 0);
  const result: EmbeddedSweep = { submissions: subs.length, experiments: 0, declared: 0, conflicts: 0, located: 0, errors: [] };
  if (!subs.length) return result;

  const found: { s: SweptSubmission; f: BatchOutput }[] = [];
  for (const s of subs) {
    if (signal?.aborted) break;
    const files = await listBatchOutputs(spoolRoot, s.batchId, now.getTime());
    for (const f of files ?? []) found.push({ s, f });
  }
  if (!found.length) return result;
  // Already handled: a transfer of this submission under the name or its batch-qualified name.
  const handled = await db.$queryRaw<{ submissionId: number; fileName: string }[]>`
    SELECT t."submissionId", t."fileName" FROM "OutputTransfer" t
      JOIN unnest(${found.map((x) => x.s.id)}::int[], ${found.map((x) => x.f.name)}::text[], ${found.map((x) => `${x.s.batchId}/${x.f.name}`)}::text[]) AS u(sid, name, qname)
        ON t."submissionId" = u.sid AND t."fileName" IN (u.name, u.qname)`;
  const done = new Set(handled.map((h) => `${h.submissionId}\u0000${h.fileName}`));
  const fresh = found.filter((x) => !done.has(`${x.s.id}\u0000${x.f.name}`) && !done.has(`${x.s.id}\u0000${x.s.batchId}/${x.f.name}`));
  if (!fresh.length) return result;

  // The parent of each: the submission's own input (not the file itself) whose stem is the longest candidate.
  const cIdx: number[] = [];
  const cStems: string[] = [];
  const cRanks: number[] = [];
  const cSubs: number[] = [];
  const cNames: string[] = [];
  fresh.forEach((x, i) => parentStems(x.f.name).forEach((st, r) => (cIdx.push(i), cStems.push(st), cRanks.push(r), cSubs.push(x.s.id), cNames.push(x.f.name))));
  const parents = await db.$queryRaw<{ i: number; parentId: bigint; status: string }[]>`
    SELECT DISTINCT ON (c.i) c.i, f.id AS "parentId", sf."status"::text AS status
      FROM unnest(${cIdx}::int[], ${cStems}::text[], ${cRanks}::int[], ${cSubs}::int[], ${cNames}::text[]) AS c(i, stem, rank, sid, name)
      JOIN "SubmissionFile" sf ON sf."submissionId" = c.sid AND sf."role" = 'INPUT'
      JOIN "DataFile" f ON f.id = sf."fileId" AND f."name" <> c.name AND regexp_replace(f."name", '^.*/|\\.[^./]*$', '', 'g') = c.stem
     ORDER BY c.i, c.rank, f.id`;
  const parentOf = new Map(parents.map((p) => [p.i, p]));

  const byExperiment = new Map<number, OutputToDeclare[]>();
  fresh.forEach((x, i) => {
    const p = parentOf.get(i);
    const ready = p ? p.status === "CONSUMED" || (p.status !== "FAILED" && x.s.reported === 0 && x.s.monitorDone) : x.s.monitorDone;
    if (!ready) return;
    const list = byExperiment.get(x.s.experimentId) ?? [];
    list.push({ submissionId: x.s.id, stageId: x.s.stageId, batchId: x.s.batchId, ...x.f, parentFileId: p?.parentId ?? null });
    byExperiment.set(x.s.experimentId, list);
  });
  for (const [experimentId, outputs] of byExperiment) {
    if (signal?.aborted) break;
    result.experiments++;
    try {
      const outcomes = await declareEmbeddedOutputs(experimentId, outputs, now);
      const report: DropboxFile[] = outcomes.map((o) =>
        o.declared
          ? { name: o.fileName, state: "DECLARED", rawState: "declared", reason: "", submissionId: o.submissionId, parentFileId: o.parentFileId }
          : { name: o.fileName, state: "STUCK", rawState: "conflict", reason: o.conflict, submissionId: o.submissionId, parentFileId: o.parentFileId },
      );
      const r = await recordDropbox(experimentId, report, { complete: false, now });
      result.declared += outcomes.filter((o) => o.declared).length;
      result.conflicts += outcomes.filter((o) => !o.declared).length;
      result.located += r.located;
      if (r.locationError) result.errors.push(r.locationError);
    } catch (err) {
      console.error(`[outputs] the embedded dropbox of experiment ${experimentId} could not be recorded:`, err);
      result.errors.push(`experiment ${experimentId}: the embedded dropbox could not be recorded`);
    }
  }
  return result;
}
