/**
 * Per input file results: what each job said it did with each of its inputs (JobReport.files: the local backend
 * reads the job's own list, see lib/batch/local/result-file.ts), applied to the submission's INPUT SubmissionFile
 * rows as CONSUMED or FAILED, with the job in `detail`. Runs inside the refresh's write transaction
 * (apply.ts), so a read that the monitor calls final (monitorDone) never loses its per-file results.
 *
 * One statement over `unnest` arrays sorted by (submission, name); each row guarded by IS DISTINCT FROM, so a
 * replayed read changes nothing. A file two jobs reported (a retried job) is consumed if any job consumed it, and
 * stays consumed when a later read has a job report it failed (its output exists; the burn-up never goes back). The
 * row's updatedAt is the refresh's time of its last change of state (the hour the rollups count it in), not of a
 * change of detail only.
 * An input no job reported on (a job that ended without a per-file report, or a job that stopped before it)
 * keeps its state: "not processed" is every input that is not CONSUMED.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StatusSnapshot } from "@/lib/batch/types";
import { fileRollupSql } from "@/lib/rollups/maintain";

export type FileReport = { submissionId: number; name: string; consumed: boolean; job: string };

/** The per-file reports of a chunk of reads, one per (submission, file): consumed wins over failed. Pure. */
export function fileReports(reads: { submissionId: number; snapshot: StatusSnapshot }[]): FileReport[] {
  const byKey = new Map<string, FileReport>();
  for (const r of reads) {
    if (r.snapshot.kind !== "jobs") continue;
    for (const j of r.snapshot.jobs) {
      for (const f of j.files ?? []) {
        const key = `${r.submissionId}\u0000${f.name}`;
        const prev = byKey.get(key);
        // Consumed wins over failed; between two reports of the same kind, the lowest job id, so that the same jobs
        // listed in another order name the same job (the row, its detail and the rollups do not move).
        if (!prev || (!prev.consumed && f.consumed) || (prev.consumed === f.consumed && j.batchJobId < prev.job))
          byKey.set(key, { submissionId: r.submissionId, name: f.name, consumed: f.consumed, job: j.batchJobId });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.submissionId - b.submissionId || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The words kept with a file's result (the submission page shows them). Pure. */
export const fileDetail = (r: FileReport) => (r.consumed ? `Consumed by job ${r.job}.` : `Job ${r.job} failed on it.`);

/**
 * Applies the per-file reports of a chunk of reads; returns how many input rows changed. The same statement keeps
 * the stage-hour rollup's files done and failed from each changed row's old and new state (lib/rollups/maintain.ts).
 */
export async function applyFileReports(tx: Prisma.TransactionClient, reads: { submissionId: number; snapshot: StatusSnapshot }[], now: Date): Promise<number> {
  const reports = fileReports(reads);
  if (!reports.length) return 0;
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH changed AS (
    UPDATE "SubmissionFile" sf
       SET "status" = CASE WHEN u.consumed THEN 'CONSUMED'::"FileStatus" ELSE 'FAILED'::"FileStatus" END, "detail" = u.detail,
           "updatedAt" = CASE WHEN sf."status"::text = CASE WHEN u.consumed THEN 'CONSUMED' ELSE 'FAILED' END THEN sf."updatedAt" ELSE ${now}::timestamp END
      FROM unnest(${reports.map((r) => r.submissionId)}::int[], ${reports.map((r) => r.name)}::text[], ${reports.map((r) => r.consumed)}::bool[], ${reports.map(fileDetail)}::text[])
             AS u(sid, name, consumed, detail)
      JOIN "Submission" s ON s.id = u.sid
      JOIN "DataFile" f ON f."experimentId" = s."experimentId" AND f."name" = u.name
      JOIN "SubmissionFile" o ON o."submissionId" = u.sid AND o."fileId" = f.id AND o."role" = 'INPUT'
     WHERE sf."submissionId" = u.sid AND sf."fileId" = f.id AND sf."role" = 'INPUT'
       AND (sf."status"::text, sf."detail") IS DISTINCT FROM (CASE WHEN u.consumed THEN 'CONSUMED' ELSE 'FAILED' END, u.detail)
       AND NOT (sf."status" = 'CONSUMED' AND NOT u.consumed)
    RETURNING sf."submissionId", o."status"::text AS was, o."updatedAt" AS "wasAt", sf."status"::text AS "is", sf."updatedAt" AS "isAt"
    ), rolled AS (${fileRollupSql("changed")})
    SELECT count(*)::int AS n FROM changed`;
  return rows[0]?.n ?? 0;
}
