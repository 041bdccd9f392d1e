/**
 * Declaring output files to the embedded catalogue, as FTS declares them to SAM: one DataFile row per output, its
 * parentage (FileParentage) and its location (where it is stored: the file's path). One transaction, statements
 * over `unnest` arrays. The catalogue port is being extended in parallel (`declareFiles`); this is the one function
 * that would call it instead (docs/outputs.md).
 *
 * Metadata (output-metadata.ts): run, subrun, detector, stream and times of the input it was made from, the
 * parent's other physics metadata without what describes the parent file itself (its data tier, type, size,
 * events…), and `poms.output: true`, `poms.submission_id`, `parents`. The data tier is left empty (a job type has
 * none), so a dataset defined as `data_tier raw` never grows with outputs.
 *
 * One name, one file (docs/outputs.md): an output is declared under its file name when the catalogue has no file of
 * that name, or has it as this submission's own output (declared again: updated). When the name is another
 * submission's output of the same stage (a relaunch on the same data), it is declared under `<batch id>/<name>`,
 * unique per batch. When the name is anything else (an input, another stage's output, a file someone declared),
 * nothing is declared: the outcome is a conflict, reported as a stuck transfer with the reason. Never insert over
 * another file (ON CONFLICT … WHERE it is this submission's own), never a file as its own parent.
 */
import "server-only";
import { db } from "@/lib/db";
import { outputMetadataSql } from "./output-metadata";

export type OutputToDeclare = { submissionId: number; stageId: number; batchId: string; name: string; location: string; sizeBytes: number; parentFileId: bigint | null };
export type DeclareOutcome = { submissionId: number; fileName: string; parentFileId: bigint | null; declared: boolean; conflict: string };

const qualified = (o: OutputToDeclare) => `${o.batchId}/${o.name}`;

/** Declares the outputs (all of one experiment); one outcome per output, under the name it has in the catalogue. */
export async function declareEmbeddedOutputs(experimentId: number, outputs: OutputToDeclare[], now: Date): Promise<DeclareOutcome[]> {
  if (!outputs.length) return [];
  const list = [...new Map(outputs.map((o) => [`${o.submissionId}\u0000${o.name}`, o])).values()].sort((a, b) => a.submissionId - b.submissionId || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return db.$transaction(
    async (tx) => {
      // Who holds each plain name now: nobody, this submission, another submission's output of the same stage, or other.
      const holders = await tx.$queryRaw<{ name: string; isOutput: boolean; sid: number | null; stageId: number | null }[]>`
        SELECT f."name", COALESCE(f."metadata"->>'poms.output', '') = 'true' AS "isOutput", x.id AS sid, x."stageId"
          FROM "DataFile" f LEFT JOIN "Submission" x ON x.id = CASE WHEN f."metadata"->>'poms.submission_id' ~ '^[0-9]{1,9}$' THEN (f."metadata"->>'poms.submission_id')::int END
         WHERE f."experimentId" = ${experimentId} AND f."name" = ANY(${list.map((o) => o.name)}::text[])`;
      const holder = new Map(holders.map((h) => [h.name, h]));
      const plan = list.map((o) => {
        // A name two outputs of this call want goes to the first (lowest submission id), as if already declared.
        const h = holder.get(o.name) ?? null;
        if (!h) holder.set(o.name, { name: o.name, isOutput: true, sid: o.submissionId, stageId: o.stageId });
        if (!h || (h.isOutput && h.sid === o.submissionId)) return { o, name: o.name, conflict: "" };
        if (h.isOutput && h.stageId === o.stageId) return { o, name: qualified(o), conflict: "" };
        const what = h.isOutput ? "an output of another stage" : "a file of the catalogue that is not an output (an input?)";
        return { o, name: qualified(o), conflict: `Not declared: the catalogue already has ${o.name}, ${what}. Rename the output or remove the other file.` };
      });
      const todo = plan.filter((p) => !p.conflict);
      const rows = todo.length
        ? await tx.$queryRaw<{ id: bigint; name: string }[]>`
            INSERT INTO "DataFile" ("experimentId", "name", "sizeBytes", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "endTime", "eventCount",
                                    "metadata", "declaredAt", "locatedAt", "location")
            SELECT ${experimentId}, u.name, u.size, p."runNumber", p."subrun", p."detector", p."stream", NULL, p."startTime", p."endTime", NULL,
                   ${outputMetadataSql}, ${now}, ${now}, u.loc
              FROM unnest(${todo.map((p) => p.name)}::text[], ${todo.map((p) => p.o.sizeBytes)}::bigint[], ${todo.map((p) => p.o.location)}::text[], ${todo.map((p) => p.o.submissionId)}::int[],
                          ${todo.map((p) => p.o.parentFileId)}::bigint[]) AS u(name, size, loc, sid, pid)
              LEFT JOIN "DataFile" p ON p.id = u.pid AND p."name" <> u.name
             ORDER BY u.name
            ON CONFLICT ("experimentId", "name") DO UPDATE SET "sizeBytes" = EXCLUDED."sizeBytes", "metadata" = EXCLUDED."metadata", "declaredAt" = EXCLUDED."declaredAt",
                   "locatedAt" = EXCLUDED."locatedAt", "location" = EXCLUDED."location", "runNumber" = EXCLUDED."runNumber", "subrun" = EXCLUDED."subrun",
                   "detector" = EXCLUDED."detector", "stream" = EXCLUDED."stream", "dataTier" = NULL, "startTime" = EXCLUDED."startTime", "endTime" = EXCLUDED."endTime", "eventCount" = NULL
             WHERE "DataFile"."metadata"->>'poms.output' = 'true' AND "DataFile"."metadata"->>'poms.submission_id' = EXCLUDED."metadata"->>'poms.submission_id'
            RETURNING id, "name"`
        : [];
      const idOf = new Map(rows.map((r) => [r.name, r.id]));
      const links = todo.filter((p) => p.o.parentFileId !== null && idOf.has(p.name) && idOf.get(p.name) !== p.o.parentFileId);
      if (links.length) {
        await tx.$executeRaw`
          INSERT INTO "FileParentage" ("childId", "parentId")
          SELECT * FROM unnest(${links.map((p) => idOf.get(p.name)!)}::bigint[], ${links.map((p) => p.o.parentFileId!)}::bigint[]) ORDER BY 1, 2
          ON CONFLICT DO NOTHING`;
      }
      return plan.map((p) => {
        const declared = !p.conflict && idOf.has(p.name);
        const conflict = p.conflict || (declared ? "" : `Not declared: the catalogue took the name ${p.name} for another file meanwhile.`);
        return { submissionId: p.o.submissionId, fileName: p.name, parentFileId: p.o.parentFileId, declared, conflict };
      });
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
