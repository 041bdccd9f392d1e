/**
 * The one write path of output transfers, whatever the dropbox (FTS or the embedded one): what a dropbox reported
 * for one experiment becomes OutputTransfer rows, each tied to the submission that wrote it, and that submission's
 * OUTPUT SubmissionFile rows follow (DECLARED / LOCATED; waiting, transferring and stuck files stay PENDING with
 * the reason in `detail`).
 *
 *  1. (one transaction) the reported rows are locked in name order, judged by transfer-rule.ts and the changed ones
 *     written with one upsert over `unnest` arrays; when the report is complete (FTS lists every file it holds),
 *     files missing from two consecutive complete reports have left the dropbox: DECLARED ("left the dropbox");
 *     one missing read changes nothing but a counter (a blip keeps firstSeenAt and stuckSince); rows without a
 *     submission are tied by name (tie-by-name.ts).
 *  2. the catalogue is asked which declared files have a location (catalogue-locations.ts; outside any
 *     transaction: it may be an outside system);
 *  3. (one transaction) those become LOCATED, and the OUTPUT SubmissionFile rows of every row this run changed
 *     are written (files the catalogue knows; one statement).
 * Replaying the same report changes nothing.
 */
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TransferState } from "@/lib/generated/prisma/enums";
import type { DropboxFile } from "./dropbox";
import { tieByName, TIE_WINDOW_DAYS } from "./tie-by-name";
import { nextTransfer, sameTransfer, type TransferRow } from "./transfer-rule";
import { catalogueLocations } from "./catalogue-locations";

export type RecordResult = { reported: number; changed: number; left: number; tied: number; untied: number; located: number; locationError: string | null };

const CHUNK = 5_000;
/** Declared files asked about per run (rotating through them by name, so a backlog never starves the rest). */
const ASK_PER_RUN = 50_000;
const askedUpTo = new Map<number, string>();

type Existing = TransferRow & { fileName: string; absentReads: number };

async function upsertReported(tx: Prisma.TransactionClient, experimentId: number, files: DropboxFile[], now: Date): Promise<number> {
  let changed = 0;
  const sorted = [...new Map(files.map((f) => [f.name, f])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const part = sorted.slice(i, i + CHUNK);
    const prev = await tx.$queryRaw<Existing[]>`
      SELECT "fileName", "state"::text AS "state", "rawState", "reason", "firstSeenAt", "stuckSince", "submissionId", "absentReads" FROM "OutputTransfer"
       WHERE "experimentId" = ${experimentId} AND "fileName" = ANY(${part.map((f) => f.name)}::text[]) ORDER BY "fileName" FOR UPDATE`;
    const byName = new Map(prev.map((p) => [p.fileName, p]));
    const rows: (TransferRow & { name: string; parentFileId: bigint | null })[] = [];
    for (const f of part) {
      const before = byName.get(f.name) ?? null;
      const next = nextTransfer(before, f, now);
      if (!before || before.absentReads > 0 || !sameTransfer(before, next)) rows.push({ ...next, name: f.name, parentFileId: f.parentFileId ?? null });
    }
    if (!rows.length) continue;
    changed += await tx.$executeRaw`
      INSERT INTO "OutputTransfer" ("experimentId", "submissionId", "fileName", "state", "rawState", "reason", "firstSeenAt", "stuckSince", "updatedAt", "absentReads", "parentFileId")
      SELECT ${experimentId}, u.sid, u.name, u.st::"TransferState", u.raw, u.reason, u.seen, u.stuck, ${now}, 0, u.pid
        FROM unnest(${rows.map((r) => r.submissionId)}::int[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.state)}::text[], ${rows.map((r) => r.rawState)}::text[],
                    ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.firstSeenAt)}::timestamp[], ${rows.map((r) => r.stuckSince)}::timestamp[], ${rows.map((r) => r.parentFileId)}::bigint[])
             AS u(sid, name, st, raw, reason, seen, stuck, pid)
      ON CONFLICT ("experimentId", "fileName") DO UPDATE SET "submissionId" = EXCLUDED."submissionId", "state" = EXCLUDED."state", "rawState" = EXCLUDED."rawState",
             "reason" = EXCLUDED."reason", "firstSeenAt" = EXCLUDED."firstSeenAt", "stuckSince" = EXCLUDED."stuckSince", "updatedAt" = ${now}, "absentReads" = 0,
             "parentFileId" = COALESCE("OutputTransfer"."parentFileId", EXCLUDED."parentFileId")`;
  }
  return changed;
}

/**
 * Files a complete report does not list: absent once, only counted (a partial or flapping answer must not wipe what
 * is known); absent from two consecutive complete reports, they have left the dropbox (declared and stored, or
 * removed): DECLARED. Returns how many left.
 */
async function markAbsent(tx: Prisma.TransactionClient, experimentId: number, names: string[], now: Date): Promise<number> {
  const [r] = await tx.$queryRaw<{ left: number }[]>`
    WITH upd AS (
      UPDATE "OutputTransfer" SET "absentReads" = "absentReads" + 1,
             "state" = CASE WHEN "absentReads" >= 1 THEN 'DECLARED'::"TransferState" ELSE "state" END,
             "rawState" = CASE WHEN "absentReads" >= 1 THEN 'gone' ELSE "rawState" END,
             "reason" = CASE WHEN "absentReads" >= 1 THEN 'Left the dropbox.' ELSE "reason" END,
             "stuckSince" = CASE WHEN "absentReads" >= 1 THEN NULL ELSE "stuckSince" END,
             "updatedAt" = CASE WHEN "absentReads" >= 1 THEN ${now} ELSE "updatedAt" END
       WHERE "experimentId" = ${experimentId} AND "state" IN ('WAITING', 'TRANSFERRING', 'STUCK') AND NOT ("fileName" = ANY(${names}::text[]))
      RETURNING "state")
    SELECT count(*) FILTER (WHERE "state" = 'DECLARED')::int AS left FROM upd`;
  return r?.left ?? 0;
}

/** The OUTPUT SubmissionFile rows of the transfers changed at `now`, for files the catalogue knows. */
async function markSubmissionOutputs(tx: Prisma.TransactionClient, experimentId: number, now: Date): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "detail", "updatedAt")
    SELECT t."submissionId", f.id, 'OUTPUT',
           (CASE t."state" WHEN 'LOCATED' THEN 'LOCATED' WHEN 'DECLARED' THEN 'DECLARED' ELSE 'PENDING' END)::"FileStatus", t."reason", ${now}
      FROM "OutputTransfer" t JOIN "DataFile" f ON f."experimentId" = t."experimentId" AND f."name" = t."fileName"
     WHERE t."experimentId" = ${experimentId} AND t."updatedAt" = ${now} AND t."submissionId" IS NOT NULL
     ORDER BY t."submissionId", f.id
    ON CONFLICT ("submissionId", "fileId", "role") DO UPDATE SET "status" = EXCLUDED."status", "detail" = EXCLUDED."detail", "updatedAt" = EXCLUDED."updatedAt"
     WHERE ("SubmissionFile"."status", "SubmissionFile"."detail") IS DISTINCT FROM (EXCLUDED."status", EXCLUDED."detail")`;
}

/**
 * Records one dropbox report of one experiment. `complete`: the report lists every file the dropbox holds (FTS's
 * status does), so files missing from it have left; the embedded dropbox reports only what it just declared.
 */
export async function recordDropbox(experimentId: number, files: DropboxFile[], opts: { complete: boolean; now: Date }): Promise<RecordResult> {
  const { now } = opts;
  const result: RecordResult = { reported: files.length, changed: 0, left: 0, tied: 0, untied: 0, located: 0, locationError: null };
  await db.$transaction(
    async (tx) => {
      result.changed = await upsertReported(tx, experimentId, files, now);
      if (opts.complete) result.left = await markAbsent(tx, experimentId, files.map((f) => f.name), now);
      const t = await tieByName(tx, experimentId, now);
      result.tied = t.tied;
      result.untied = t.untied;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  // Declared files are asked about while they are recent (a file the catalogue never locates stops being asked).
  const recent = new Date(now.getTime() - TIE_WINDOW_DAYS * 86_400_000);
  const from = askedUpTo.get(experimentId) ?? "";
  const declared = await db.$queryRaw<{ fileName: string }[]>`
    SELECT "fileName" FROM "OutputTransfer" WHERE "experimentId" = ${experimentId} AND "state" = 'DECLARED' AND "updatedAt" >= ${recent} AND "fileName" > ${from}
     ORDER BY "fileName" LIMIT ${ASK_PER_RUN}`;
  askedUpTo.set(experimentId, declared.length === ASK_PER_RUN ? declared[declared.length - 1].fileName : "");
  let located: { name: string; location: string }[] = [];
  if (declared.length) {
    const answer = await catalogueLocations(experimentId, declared.map((d) => d.fileName));
    if (answer.ok) located = [...answer.value].map(([name, location]) => ({ name, location }));
    else result.locationError = `${answer.kind}: ${answer.message}`; // a failed read changes nothing: they stay declared
  }
  await db.$transaction(
    async (tx) => {
      if (located.length) {
        result.located = await tx.$executeRaw`
          UPDATE "OutputTransfer" t SET "state" = 'LOCATED', "rawState" = CASE WHEN t."rawState" = '' THEN 'located' ELSE t."rawState" END, "reason" = '', "stuckSince" = NULL, "updatedAt" = ${now}
            FROM unnest(${located.map((l) => l.name)}::text[]) AS u(name)
           WHERE t."experimentId" = ${experimentId} AND t."fileName" = u.name AND t."state" = 'DECLARED'`;
      }
      await markSubmissionOutputs(tx, experimentId, now);
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  return result;
}

export type { TransferState };
