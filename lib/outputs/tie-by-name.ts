/**
 * Tying a dropbox's output files to the submission that made them, by name (FTS's status gives only names).
 * An output is tied to a submission when:
 *  - its name matches an output file pattern of that submission's job type as launched (the job-type snapshot;
 *    the stage's job type today for a submission without one): a stray file or an input dropped in the dropbox is
 *    not an output of anything;
 *  - it is not itself an input file of any submission of the experiment;
 *  - its stem, or that stem cut at an "_" (dropbox.ts parentStems, longest first), is the stem of an input that
 *    submission did not fail on, among the experiment's own submissions that did not end failed, removed or
 *    cancelled and are live (still running, or launched or completed within TIE_WINDOW_DAYS, and not Located
 *    longer ago than that);
 *  - exactly one submission explains it at the best rank. Two (a relaunch on the same file) leave it untied with
 *    the reason in `tieNote`: which submission made it cannot be told from a name.
 * Untied rows are tried again in rotation (least recently tried first, TIE_BATCH a run, `tieTriedAt`), for
 * TIE_WINDOW_DAYS after they were first seen; then they are given up (the submission page says how many).
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parentStems } from "./dropbox";
import { matchesOutputPatterns } from "./file-patterns";

export const TIE_WINDOW_DAYS = 14;
const TIE_BATCH = 2_000;

type Candidate = { name: string; rank: number; sid: number; fid: bigint; patterns: string[] };
export type Tie = { sid: number | null; parentFileId: bigint | null; note: string };

/** For each untied name, the submission it is tied to, or why not. Pure. */
export function decideTies(names: string[], candidates: Candidate[], inputNames: Set<string>): Map<string, Tie> {
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byName.get(c.name);
    if (list) list.push(c);
    else byName.set(c.name, [c]);
  }
  const out = new Map<string, Tie>();
  for (const name of names) {
    if (inputNames.has(name)) {
      out.set(name, { sid: null, parentFileId: null, note: "It is an input file of a submission, not an output: not tied." });
      continue;
    }
    const all = byName.get(name) ?? [];
    const fits = all.filter((c) => matchesOutputPatterns(name, c.patterns));
    if (!fits.length) {
      out.set(name, { sid: null, parentFileId: null, note: all.length ? "Its name matches no output file pattern of the job type of the submissions whose inputs it resembles." : "No input of a recent submission explains it." });
      continue;
    }
    const best = Math.min(...fits.map((c) => c.rank));
    const sids = [...new Set(fits.filter((c) => c.rank === best).map((c) => c.sid))].sort((a, b) => a - b);
    const parent = fits.filter((c) => c.rank === best).map((c) => c.fid).sort((a, b) => (a < b ? -1 : 1))[0];
    out.set(name, sids.length === 1 ? { sid: sids[0], parentFileId: parent, note: "" } : { sid: null, parentFileId: null, note: `Submissions ${sids.slice(0, 5).join(", ")} read the input it was made from: which one made it cannot be told.` });
  }
  return out;
}

export async function tieByName(tx: Prisma.TransactionClient, experimentId: number, now: Date): Promise<{ tied: number; untied: number }> {
  const since = new Date(now.getTime() - TIE_WINDOW_DAYS * 86_400_000);
  const due = await tx.$queryRaw<{ fileName: string }[]>`
    SELECT "fileName" FROM "OutputTransfer" WHERE "experimentId" = ${experimentId} AND "submissionId" IS NULL AND "firstSeenAt" >= ${since}
     ORDER BY "tieTriedAt" ASC NULLS FIRST, "fileName" LIMIT ${TIE_BATCH}`;
  if (!due.length) return { tied: 0, untied: 0 };
  const names = due.map((d) => d.fileName);
  const cNames: string[] = [];
  const cStems: string[] = [];
  const cRanks: number[] = [];
  for (const n of names) parentStems(n).forEach((s, i) => (cNames.push(n), cStems.push(s), cRanks.push(i)));
  // The inputs of the window's live submissions only (bounded by the window), joined to the candidates by stem.
  const candidates = await tx.$queryRaw<Candidate[]>`
    WITH cand AS (SELECT * FROM unnest(${cNames}::text[], ${cStems}::text[], ${cRanks}::int[]) AS c(name, stem, rank)),
         subs AS (
           SELECT s.id, CASE WHEN js."data" ? 'outputFilePatterns' THEN ARRAY(SELECT jsonb_array_elements_text(js."data"->'outputFilePatterns')) ELSE jt."outputFilePatterns" END AS patterns
             FROM "Submission" s JOIN "CampaignStage" st ON st.id = s."stageId" JOIN "JobType" jt ON jt.id = st."jobTypeId"
             LEFT JOIN "ConfigSnapshot" js ON js.id = s."jobTypeSnapshotId"
            WHERE s."experimentId" = ${experimentId} AND s."status" NOT IN ('FAILED', 'REMOVED', 'CANCELLED', 'LAUNCH_FAILED')
              AND (s."createdAt" >= ${since} OR s."statusChangedAt" >= ${since} OR s."status" IN ('NEW', 'IDLE', 'RUNNING', 'HELD'))
              AND (s."locatedAt" IS NULL OR s."locatedAt" >= ${since})),
         inputs AS (
           SELECT sf."submissionId" AS sid, f.id AS fid, regexp_replace(f."name", '^.*/|\\.[^./]*$', '', 'g') AS stem
             FROM subs JOIN "SubmissionFile" sf ON sf."submissionId" = subs.id AND sf."role" = 'INPUT' AND sf."status" <> 'FAILED'
             JOIN "DataFile" f ON f.id = sf."fileId" AND f."experimentId" = ${experimentId})
    SELECT DISTINCT c.name, c.rank, i.sid, i.fid, subs.patterns FROM cand c JOIN inputs i ON i.stem = c.stem JOIN subs ON subs.id = i.sid`;
  const inputs = await tx.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT f."name" FROM "DataFile" f JOIN "SubmissionFile" sf ON sf."fileId" = f.id AND sf."role" = 'INPUT'
     WHERE f."experimentId" = ${experimentId} AND f."name" = ANY(${names}::text[])`;
  const ties = decideTies(names, candidates, new Set(inputs.map((i) => i.name)));
  const list = names.map((n) => ({ name: n, ...ties.get(n)! }));
  await tx.$executeRaw`
    UPDATE "OutputTransfer" t SET "submissionId" = u.sid, "parentFileId" = u.pid, "tieNote" = u.note, "tieTriedAt" = ${now},
           "updatedAt" = CASE WHEN u.sid IS NULL THEN t."updatedAt" ELSE ${now} END
      FROM unnest(${list.map((l) => l.name)}::text[], ${list.map((l) => l.sid)}::int[], ${list.map((l) => l.parentFileId)}::bigint[], ${list.map((l) => l.note)}::text[]) AS u(name, sid, pid, note)
     WHERE t."experimentId" = ${experimentId} AND t."fileName" = u.name AND t."submissionId" IS NULL`;
  const tied = list.filter((l) => l.sid !== null).length;
  return { tied, untied: list.length - tied };
}
