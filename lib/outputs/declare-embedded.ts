/**
 * Declaring output files to the embedded catalogue, as FTS declares them to SAM: one DataFile row per output with
 * the metadata of the input it was made from (run, subrun, detector, stream, tier, times, events and the parent's
 * metadata, plus `parents` and `poms.submission_id`), its parentage (FileParentage) and its location (where it
 * is stored: the file's path). One transaction, three statements over `unnest` arrays; declaring a file again
 * (a relaunch writing the same name) updates its location and metadata. The catalogue port is being extended
 * in parallel (`declareFiles`); this is the one function that would call it instead (docs/outputs.md).
 */
import "server-only";
import { db } from "@/lib/db";
import { parentStems } from "./dropbox";

export type OutputToDeclare = { submissionId: number; name: string; location: string; sizeBytes: number };

/** Declares the outputs (all of one experiment); returns the names declared and how many got a parent. */
export async function declareEmbeddedOutputs(experimentId: number, outputs: OutputToDeclare[], now: Date): Promise<{ declared: string[]; withParent: number }> {
  if (!outputs.length) return { declared: [], withParent: 0 };
  const list = [...new Map(outputs.map((o) => [o.name, o])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cNames: string[] = [];
  const cStems: string[] = [];
  const cRanks: number[] = [];
  const cSubs: number[] = [];
  for (const o of list) parentStems(o.name).forEach((s, i) => (cNames.push(o.name), cStems.push(s), cRanks.push(i), cSubs.push(o.submissionId)));
  return db.$transaction(
    async (tx) => {
      // The parent: the submission's own input whose stem is the longest candidate.
      const parents = await tx.$queryRaw<{ name: string; parentId: bigint }[]>`
        SELECT DISTINCT ON (c.name) c.name, f.id AS "parentId"
          FROM unnest(${cNames}::text[], ${cStems}::text[], ${cRanks}::int[], ${cSubs}::int[]) AS c(name, stem, rank, sid)
          JOIN "SubmissionFile" sf ON sf."submissionId" = c.sid AND sf."role" = 'INPUT'
          JOIN "DataFile" f ON f.id = sf."fileId" AND regexp_replace(f."name", '^.*/|\\.[^./]*$', '', 'g') = c.stem
         ORDER BY c.name, c.rank`;
      const parentOf = new Map(parents.map((p) => [p.name, p.parentId]));
      const rows = await tx.$queryRaw<{ id: bigint; name: string }[]>`
        INSERT INTO "DataFile" ("experimentId", "name", "sizeBytes", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "endTime", "eventCount",
                                "metadata", "declaredAt", "locatedAt", "location")
        SELECT ${experimentId}, u.name, u.size, p."runNumber", p."subrun", p."detector", p."stream", p."dataTier", p."startTime", p."endTime", p."eventCount",
               COALESCE(p."metadata", '{}'::jsonb) || jsonb_build_object('parents', CASE WHEN p.id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(p."name") END, 'poms.submission_id', u.sid),
               ${now}, ${now}, u.loc
          FROM unnest(${list.map((o) => o.name)}::text[], ${list.map((o) => o.sizeBytes)}::bigint[], ${list.map((o) => o.location)}::text[], ${list.map((o) => o.submissionId)}::int[],
                      ${list.map((o) => parentOf.get(o.name) ?? null)}::bigint[]) AS u(name, size, loc, sid, pid)
          LEFT JOIN "DataFile" p ON p.id = u.pid
        ON CONFLICT ("experimentId", "name") DO UPDATE SET "sizeBytes" = EXCLUDED."sizeBytes", "metadata" = EXCLUDED."metadata", "declaredAt" = EXCLUDED."declaredAt",
               "locatedAt" = EXCLUDED."locatedAt", "location" = EXCLUDED."location", "runNumber" = EXCLUDED."runNumber", "subrun" = EXCLUDED."subrun",
               "detector" = EXCLUDED."detector", "stream" = EXCLUDED."stream", "dataTier" = EXCLUDED."dataTier", "startTime" = EXCLUDED."startTime",
               "endTime" = EXCLUDED."endTime", "eventCount" = EXCLUDED."eventCount"
        RETURNING id, "name"`;
      const idOf = new Map(rows.map((r) => [r.name, r.id]));
      const links = list.filter((o) => parentOf.has(o.name) && idOf.has(o.name));
      if (links.length) {
        await tx.$executeRaw`
          INSERT INTO "FileParentage" ("childId", "parentId")
          SELECT * FROM unnest(${links.map((o) => idOf.get(o.name)!)}::bigint[], ${links.map((o) => parentOf.get(o.name)!)}::bigint[]) ORDER BY 1, 2
          ON CONFLICT DO NOTHING`;
      }
      return { declared: rows.map((r) => r.name), withParent: links.length };
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
