/**
 * Writing files into our catalogue tables in bulk: one multi-row INSERT … ON CONFLICT per chunk over `unnest`
 * arrays, never a statement per file. Used by the embedded client's declare and by the snapshot of an outside
 * catalogue's dataset. Columns the new data leaves empty keep what we knew; metadata objects are merged.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { FileColumns } from "./metadata";

export const MIRROR_CHUNK = 2000;

export type FileRow = { name: string; columns: FileColumns; metadata: Record<string, unknown>; location?: string | null };

type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** Last row wins for a name given twice (one INSERT may not touch a row twice). */
export function distinctByName<T extends { name: string }>(rows: readonly T[]): T[] {
  return [...new Map(rows.map((r) => [r.name, r])).values()];
}

/** Upserts the rows; `declared` stamps declaredAt (outputs), a location stamps locatedAt when it is new. */
export async function upsertFiles(tx: Tx, experimentId: number, rows: readonly FileRow[], opts: { declared: boolean }) {
  const unique = distinctByName(rows);
  for (let i = 0; i < unique.length; i += MIRROR_CHUNK) {
    const chunk = unique.slice(i, i + MIRROR_CHUNK);
    const col = <K extends keyof FileColumns>(k: K) => chunk.map((r) => r.columns[k]);
    const iso = (ds: (Date | null)[]) => ds.map((d) => (d ? d.toISOString() : null));
    await tx.$executeRaw`
      INSERT INTO "DataFile" ("experimentId", "name", "sizeBytes", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "endTime", "eventCount", "metadata", "declaredAt", "location", "locatedAt")
      SELECT ${experimentId}, t.name, t.size, t.run, t.subrun, t.det, t.stream, t.tier, t.st AT TIME ZONE 'UTC', t.et AT TIME ZONE 'UTC', t.ev, t.md::jsonb,
             CASE WHEN ${opts.declared} THEN now() END, t.loc, CASE WHEN t.loc IS NOT NULL THEN now() END
        FROM unnest(${chunk.map((r) => r.name)}::text[], ${col("sizeBytes")}::bigint[], ${col("runNumber")}::int[], ${col("subrun")}::int[], ${col("detector")}::text[],
                    ${col("stream")}::text[], ${col("dataTier")}::text[], ${iso(col("startTime"))}::timestamptz[], ${iso(col("endTime"))}::timestamptz[], ${col("eventCount")}::int[],
                    ${chunk.map((r) => JSON.stringify(r.metadata))}::text[], ${chunk.map((r) => r.location ?? null)}::text[])
             AS t(name, size, run, subrun, det, stream, tier, st, et, ev, md, loc)
      ON CONFLICT ("experimentId", "name") DO UPDATE SET
        "sizeBytes" = coalesce(EXCLUDED."sizeBytes", "DataFile"."sizeBytes"),
        "runNumber" = coalesce(EXCLUDED."runNumber", "DataFile"."runNumber"),
        "subrun" = coalesce(EXCLUDED."subrun", "DataFile"."subrun"),
        "detector" = coalesce(EXCLUDED."detector", "DataFile"."detector"),
        "stream" = coalesce(EXCLUDED."stream", "DataFile"."stream"),
        "dataTier" = coalesce(EXCLUDED."dataTier", "DataFile"."dataTier"),
        "startTime" = coalesce(EXCLUDED."startTime", "DataFile"."startTime"),
        "endTime" = coalesce(EXCLUDED."endTime", "DataFile"."endTime"),
        "eventCount" = coalesce(EXCLUDED."eventCount", "DataFile"."eventCount"),
        "metadata" = coalesce("DataFile"."metadata", '{}'::jsonb) || coalesce(EXCLUDED."metadata", '{}'::jsonb),
        "declaredAt" = coalesce("DataFile"."declaredAt", EXCLUDED."declaredAt"),
        "location" = coalesce(EXCLUDED."location", "DataFile"."location"),
        "locatedAt" = CASE WHEN EXCLUDED."location" IS NULL THEN "DataFile"."locatedAt"
                           WHEN EXCLUDED."location" IS NOT DISTINCT FROM "DataFile"."location" THEN coalesce("DataFile"."locatedAt", EXCLUDED."locatedAt")
                           ELSE EXCLUDED."locatedAt" END`;
  }
  return unique.length;
}
