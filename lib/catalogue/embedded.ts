/**
 * The embedded data catalogue (the default): datasets, files and their metadata in our own database. A dataset is
 * a named list of files (DatasetFile) or a metadata query (Dataset.query, lib/catalogue/query.ts). Declared
 * outputs become DataFile rows with their metadata columns, FileParentage rows, and a location when given.
 * A data-handling "project" is a submission: its input files and their states. Every call is a few statements.
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DomainError } from "@/lib/errors";
import { failure, success, type AdapterResult } from "@/lib/adapters/result";
import { projectPercent, type CatalogueFile, type DataCatalogue, type DeclaredFile, type ProjectProgress, type ProjectState } from "./catalogue";
import { datasetFilesSql, datasetFilesSqlWith, queryFilesSql, type SqlReader } from "./dataset-sql";
import { columnsFromMetadata } from "./metadata";
import { distinctByName, upsertFiles, MIRROR_CHUNK } from "./mirror";
import { parseQuery } from "./query";

/** A file as the SQL reads it: sizes come back as bigint, metadata may be null. */
type FileRowSql = Omit<CatalogueFile, "sizeBytes" | "metadata"> & { sizeBytes: bigint | null; metadata: Record<string, unknown> | null };

const toFile = (r: FileRowSql): CatalogueFile => ({ ...r, sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes), metadata: r.metadata ?? {} });

/** The files selected by `selection` (`"fileId", ord`), with their metadata, in order. */
async function filesOf(selection: Prisma.Sql, reader: SqlReader = db): Promise<CatalogueFile[]> {
  const rows = await reader.$queryRaw<FileRowSql[]>`
    SELECT f."name", d.ord AS position, f."runNumber", f."subrun", f."detector", f."stream", f."dataTier", f."startTime", f."endTime", f."sizeBytes", f."eventCount", f."metadata"
      FROM (${selection}) d JOIN "DataFile" f ON f.id = d."fileId" ORDER BY d.ord`;
  return rows.map(toFile);
}

/** A DomainError from resolving a dataset or query becomes the adapter's failure; anything else is a real fault. */
async function asResult<T>(work: () => Promise<T>): Promise<AdapterResult<T>> {
  try {
    return success(await work());
  } catch (err) {
    if (err instanceof DomainError) return failure(err.code === "not_found" ? "not_found" : "schema", err.message);
    throw err;
  }
}

const STATE_OF: Record<string, ProjectState> = {
  NEW: "active",
  IDLE: "active",
  RUNNING: "active",
  HELD: "active",
  AWAITING_APPROVAL: "active",
  COMPLETED: "done",
  LOCATED: "done",
  FAILED: "failed",
  LAUNCH_FAILED: "failed",
  CANCELLED: "cancelled",
  REMOVED: "cancelled",
};

export const embeddedCatalogue: DataCatalogue = {
  name: "embedded",

  datasetFiles: (experimentId, dataset) => asResult(async () => filesOf(await datasetFilesSql(experimentId, dataset))),

  countFiles: (experimentId, dataset) =>
    asResult(async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${await datasetFilesSql(experimentId, dataset)}) d`;
      return row.n;
    }),

  async listDatasets(experimentId) {
    // One read of the datasets (listed ones counted in it), then every query dataset counted by its own SQL, all in one round trip.
    const datasets = await db.$queryRaw<{ id: number; name: string; query: string; files: number }[]>`
      SELECT d.id, d."name", d."query", count(df."fileId")::int AS files FROM "Dataset" d LEFT JOIN "DatasetFile" df ON df."datasetId" = d.id
       WHERE d."experimentId" = ${experimentId} GROUP BY d.id ORDER BY d."name"`;
    const byName = new Map(datasets.map((d) => [d.name, d]));
    const lookup = async (name: string) => byName.get(name);
    const counts = new Map<string, number>();
    const parts: Prisma.Sql[] = [];
    for (const d of datasets.filter((x) => x.query.trim())) {
      try {
        parts.push(Prisma.sql`SELECT ${d.name}::text AS name, (SELECT count(*) FROM (${await datasetFilesSqlWith(experimentId, d.name, lookup)}) x)::int AS files`);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        counts.set(d.name, 0); // a query that cannot be read lists as empty here; launching says why
      }
    }
    if (parts.length) for (const r of await db.$queryRaw<{ name: string; files: number }[]>`${Prisma.join(parts, " UNION ALL ")}`) counts.set(r.name, r.files);
    return success(datasets.map(({ name, files, query }) => ({ name, files: query.trim() ? (counts.get(name) ?? 0) : files })));
  },

  queryFiles: (experimentId, query) =>
    asResult(async () => {
      const r = parseQuery(query);
      if (!r.ok) throw new DomainError("invalid_input", `${r.message}`);
      return filesOf(await queryFilesSql(experimentId, query));
    }),

  async declareFiles(experimentId, files) {
    try {
      return success(await db.$transaction(async (tx) => declareEmbeddedFiles(tx, experimentId, files), { timeout: 120_000 }));
    } catch (err) {
      if (err instanceof DomainError) return failure(err.code === "not_found" ? "not_found" : "schema", err.message);
      throw err;
    }
  },

  async locations(experimentId, names) {
    const out: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, [] as string[]]));
    for (let i = 0; i < names.length; i += MIRROR_CHUNK) {
      const rows = await db.$queryRaw<{ name: string; location: string }[]>`
        SELECT "name", "location" FROM "DataFile" WHERE "experimentId" = ${experimentId} AND "name" = ANY(${names.slice(i, i + MIRROR_CHUNK)}::text[]) AND "location" IS NOT NULL`;
      for (const r of rows) out[r.name] = [r.location];
    }
    return success(out);
  },

  async projectProgress(experimentId, project) {
    const id = /^\d{1,9}$/.test(project.trim()) ? Number(project.trim()) : null;
    if (id === null) return failure("not_found", `“${project}” is not a submission number (the embedded catalogue's projects are submissions).`);
    const [row] = await db.$queryRaw<{ status: string; files: number; consumed: number; failed: number; skipped: number; delivered: number; unknown: number }[]>`
      SELECT s."status"::text AS status, count(sf."fileId")::int AS files,
             count(*) FILTER (WHERE sf."status" = 'CONSUMED')::int AS consumed, count(*) FILTER (WHERE sf."status" = 'FAILED')::int AS failed,
             count(*) FILTER (WHERE sf."status" = 'SKIPPED')::int AS skipped, count(*) FILTER (WHERE sf."status" = 'DELIVERED')::int AS delivered,
             count(*) FILTER (WHERE sf."status" = 'PENDING')::int AS unknown
        FROM "Submission" s LEFT JOIN "SubmissionFile" sf ON sf."submissionId" = s.id AND sf."role" = 'INPUT'
       WHERE s.id = ${id} AND s."experimentId" = ${experimentId} GROUP BY s.id`;
    if (!row) return failure("not_found", `Submission ${id} is not one of this experiment's.`);
    const { status, ...counts } = row;
    const progress: ProjectProgress = { state: STATE_OF[status] ?? "unknown", rawState: status, ...counts, percent: projectPercent(counts) };
    return success(progress);
  },
};

/**
 * Declares outputs inside the caller's transaction (the dropbox step declares and marks its submission files in one):
 * files by bulk upsert, then parentage. Throws DomainError not_found for a parent the catalogue does not have, so
 * that the caller's transaction rolls back with nothing declared.
 */
export async function declareEmbeddedFiles(tx: Prisma.TransactionClient, experimentId: number, files: DeclaredFile[]) {
  files = distinctByName(files);
  const bad = files.find((f) => !f.name.trim() || f.name.length > 500 || !Number.isSafeInteger(f.size) || f.size < 0);
  if (bad) throw new DomainError("invalid_input", `Cannot declare “${bad.name.slice(0, 80)}”: a file needs a name (at most 500 characters) and a size in bytes.`);
  await upsertFiles(
    tx,
    experimentId,
    files.map((f) => ({ name: f.name, columns: columnsFromMetadata(f.metadata, f.size), metadata: f.metadata, location: f.location?.trim() || null })),
    { declared: true },
  );
  const pairs = files.flatMap((f) => [...new Set(f.parents)].map((p) => [f.name, p] as const));
  for (let i = 0; i < pairs.length; i += MIRROR_CHUNK) {
    const chunk = pairs.slice(i, i + MIRROR_CHUNK);
    const children = chunk.map((p) => p[0]);
    const parents = chunk.map((p) => p[1]);
    const missing = await tx.$queryRaw<{ name: string }[]>`
      SELECT DISTINCT p.name FROM unnest(${parents}::text[]) p(name)
       WHERE NOT EXISTS (SELECT 1 FROM "DataFile" f WHERE f."experimentId" = ${experimentId} AND f."name" = p.name) LIMIT 5`;
    if (missing.length) throw new DomainError("not_found", `Parent files not in the catalogue: ${missing.map((m) => m.name).join(", ")}. Nothing was declared.`);
    await tx.$executeRaw`
      INSERT INTO "FileParentage" ("childId", "parentId")
      SELECT c.id, p.id FROM unnest(${children}::text[], ${parents}::text[]) x(child, parent)
        JOIN "DataFile" c ON c."experimentId" = ${experimentId} AND c."name" = x.child
        JOIN "DataFile" p ON p."experimentId" = ${experimentId} AND p."name" = x.parent
      ON CONFLICT DO NOTHING`;
  }
  return { declared: files.length, located: files.filter((f) => f.location?.trim()).length };
}
