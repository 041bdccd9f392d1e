/**
 * A dataset of the embedded catalogue as SQL: a named list of files (DatasetFile, in its positions), or, when the
 * Dataset has a non-empty `query`, that query's files in catalogue order (start time, then name). Slicing groups
 * over `datasetFilesSql` in PostgreSQL, so a dataset of a million files is never loaded into the app.
 * `defname:` in a query names another dataset of the same experiment (resolved here: each name once per resolution,
 * at most MAX_REFERENCES references embedded in all, cycles refused).
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DomainError } from "@/lib/errors";
import { parseQuery, referencedDatasets, type ParsedQuery } from "./query";
import { CATALOGUE_ORDER, conditionSql } from "./query-sql";

/** Anything that can run a raw query: the client or a transaction. */
export type SqlReader = { $queryRaw: Prisma.TransactionClient["$queryRaw"] };

const MAX_DEPTH = 8;
/** The most `defname:` references one resolution embeds, repeats counted (a diamond of references doubles per level). */
export const MAX_REFERENCES = 64;

/**
 * One resolution's memory: each dataset's SQL is worked out once (its row read once), however often it is
 * referred to, with its weight — how many references its SQL embeds, repeats counted — so that fan-out (a diamond of
 * references doubles the statement per level) is refused instead of growing the statement without bound.
 */
type Resolved = { sql: Prisma.Sql; weight: number };
type Resolution = { lookup: DatasetLookup; memo: Map<string, Promise<Resolved>> };
const resolution = (lookup: DatasetLookup): Resolution => ({ lookup, memo: new Map() });

export const noSuchDataset = (name: string) => new DomainError("not_found", `There is no dataset named “${name}” in the catalogue.`);

/** How a dataset's row is found: by a statement, or from rows already read (listing many datasets at once). */
export type DatasetLookup = (name: string) => Promise<{ id: number; query: string } | undefined>;

const lookupWith =
  (experimentId: number, reader: SqlReader): DatasetLookup =>
  async (name) =>
    (await reader.$queryRaw<{ id: number; query: string }[]>`SELECT id, "query" FROM "Dataset" WHERE "experimentId" = ${experimentId} AND "name" = ${name}`)[0];

/** A query's condition with every `defname:` resolved to the file ids of that dataset, and its weight. */
async function queryCondition(experimentId: number, q: ParsedQuery, r: Resolution, path: string[]): Promise<Resolved> {
  const refs: Record<string, Prisma.Sql> = {};
  const names = referencedDatasets(q.node);
  let weight = 0;
  for (const name of new Set(names)) {
    if (path.includes(name)) throw new DomainError("conflict", `Dataset “${name}” refers to itself through ${[...path, name].map((n) => `“${n}”`).join(" → ")}.`);
    let resolved = r.memo.get(name);
    if (!resolved) {
      resolved = fileIdsSql(experimentId, name, r, [...path, name]);
      r.memo.set(name, resolved);
    }
    const got = await resolved;
    weight += names.filter((n) => n === name).length * (1 + got.weight);
    if (weight > MAX_REFERENCES)
      throw new DomainError("conflict", `The query refers to more than ${MAX_REFERENCES} datasets, counting every “defname:” inside the datasets it names (${[...path, name].map((n) => `“${n}”`).join(" → ")}). Name fewer datasets.`);
    refs[name] = got.sql;
  }
  return { sql: conditionSql(q.node, (name) => refs[name]), weight };
}

/** SELECT of the files of a parsed query: ("fileId", "ord") in catalogue order, limit and offset applied. */
function orderedSelection(experimentId: number, condition: Prisma.Sql, q: Pick<ParsedQuery, "limit" | "offset">): Prisma.Sql {
  // Only a limit or an offset needs the inner sort; otherwise the window's own ORDER BY is the one sort.
  const cut = q.limit === null && !q.offset ? Prisma.empty : Prisma.sql` ORDER BY ${CATALOGUE_ORDER}${q.limit === null ? Prisma.empty : Prisma.sql` LIMIT ${q.limit}`}${q.offset ? Prisma.sql` OFFSET ${q.offset}` : Prisma.empty}`;
  return Prisma.sql`SELECT s.id AS "fileId", (row_number() OVER (ORDER BY s."startTime" ASC NULLS LAST, s."name" COLLATE "C" ASC) - 1)::int AS ord
    FROM (SELECT f.id, f."startTime", f."name" FROM "DataFile" f WHERE f."experimentId" = ${experimentId} AND ${condition}${cut}) s`;
}

async function datasetRow(name: string, lookup: DatasetLookup) {
  const row = await lookup(name);
  if (!row) throw noSuchDataset(name);
  return row;
}

function parseStored(name: string, text: string): ParsedQuery {
  const r = parseQuery(text);
  if (!r.ok) throw new DomainError("conflict", `The query of dataset “${name}” cannot be read: ${r.message}`);
  return r.query;
}

async function fileIdsSql(experimentId: number, name: string, r: Resolution, path: string[]): Promise<Resolved> {
  if (path.length > MAX_DEPTH) throw new DomainError("conflict", `Datasets refer to each other more than ${MAX_DEPTH} deep (${path.join(" → ")}).`);
  const row = await datasetRow(name, r.lookup);
  if (!row.query.trim()) return { sql: Prisma.sql`SELECT df."fileId" FROM "DatasetFile" df WHERE df."datasetId" = ${row.id}`, weight: 0 };
  const q = parseStored(name, row.query);
  const c = await queryCondition(experimentId, q, r, path);
  return { sql: Prisma.sql`SELECT o."fileId" FROM (${orderedSelection(experimentId, c.sql, q)}) o`, weight: c.weight };
}

/**
 * SQL selecting `("fileId" bigint, ord int)` of a dataset's files, ord from 0 in dataset order. Throws DomainError
 * not_found for an unknown dataset and conflict for a stored query that cannot be read. Pass the transaction to
 * read the dataset inside it.
 */
export async function datasetFilesSql(experimentId: number, dataset: string, reader: SqlReader = db): Promise<Prisma.Sql> {
  return datasetFilesSqlWith(experimentId, dataset, lookupWith(experimentId, reader));
}

/** datasetFilesSql with the Dataset rows found by `lookup` (e.g. from one read of all of an experiment's datasets). */
export async function datasetFilesSqlWith(experimentId: number, dataset: string, lookup: DatasetLookup): Promise<Prisma.Sql> {
  const row = await datasetRow(dataset, lookup);
  if (!row.query.trim()) return Prisma.sql`SELECT df."fileId", df."position" AS ord FROM "DatasetFile" df WHERE df."datasetId" = ${row.id}`;
  const q = parseStored(dataset, row.query);
  return orderedSelection(experimentId, (await queryCondition(experimentId, q, resolution(lookup), [dataset])).sql, q);
}

/** SQL selecting `("fileId", ord)` of the files a query text selects (ad-hoc queries); throws DomainError invalid_input with the position for a bad query. */
export async function queryFilesSql(experimentId: number, text: string, reader: SqlReader = db): Promise<Prisma.Sql> {
  const r = parseQuery(text);
  if (!r.ok) throw new DomainError("invalid_input", `${r.message}`, { field: "query", position: r.position });
  return orderedSelection(experimentId, (await queryCondition(experimentId, r.query, resolution(lookupWith(experimentId, reader)), [])).sql, r.query);
}
