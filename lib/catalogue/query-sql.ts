/**
 * The query language (lib/catalogue/query.ts) compiled to one SQL condition on `"DataFile" f`, every value a bound
 * parameter (never text pasted into SQL). Pure: `defname:` is answered by the caller's `datasetSql`, which gives the
 * SQL selecting that dataset's file ids. A missing value never matches (NULL is not TRUE).
 */
import { Prisma } from "@/lib/generated/prisma/client";
import { NUMBER_FIELDS, TEXT_FIELDS, TIME_FIELDS, type NumberField, type QueryNode, type TimeField } from "./query";

const column = (name: string) => Prisma.raw(`f."${name}"`);

function textCondition(col: Prisma.Sql, values: string[]): Prisma.Sql {
  const exact = values.filter((v) => !v.includes("%"));
  // LIKE with `_` and `\` escaped: only `%` is a wildcard (file names are full of underscores).
  const like = values.filter((v) => v.includes("%")).map((v) => v.replace(/[\\_]/g, "\\$&"));
  const parts: Prisma.Sql[] = [];
  if (exact.length) parts.push(Prisma.sql`${col} = ANY(${exact}::text[])`);
  if (like.length) parts.push(Prisma.sql`${col} LIKE ANY(${like}::text[])`);
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

const OPS = { "=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">=" } as const;

export function conditionSql(node: QueryNode, datasetSql: (name: string) => Prisma.Sql): Prisma.Sql {
  switch (node.kind) {
    case "and":
      return Prisma.sql`(${conditionSql(node.left, datasetSql)} AND ${conditionSql(node.right, datasetSql)})`;
    case "or":
      return Prisma.sql`(${conditionSql(node.left, datasetSql)} OR ${conditionSql(node.right, datasetSql)})`;
    case "minus":
      return Prisma.sql`(${conditionSql(node.left, datasetSql)} AND (${conditionSql(node.right, datasetSql)}) IS NOT TRUE)`;
    case "not":
      return Prisma.sql`((${conditionSql(node.node, datasetSql)}) IS NOT TRUE)`;
    case "defname":
      return Prisma.sql`(f.id IN (${datasetSql(node.dataset)}))`;
    case "text": {
      const col = column(TEXT_FIELDS[node.field]);
      const hit = textCondition(col, node.values);
      return node.negate ? Prisma.sql`(${col} IS NOT NULL AND ${hit} IS NOT TRUE)` : hit;
    }
    case "number": {
      const col = column(NUMBER_FIELDS[node.field]);
      const lo = node.ranges.map((r) => r[0]);
      const hi = node.ranges.map((r) => r[1]);
      if (lo.every((v, i) => v === hi[i])) return Prisma.sql`(${col} = ANY(${lo}::bigint[]))`;
      return Prisma.sql`(EXISTS (SELECT 1 FROM unnest(${lo}::bigint[], ${hi}::bigint[]) r(lo, hi) WHERE ${col} BETWEEN r.lo AND r.hi))`;
    }
    case "compare": {
      const op = Prisma.raw(OPS[node.op]);
      if (node.field in TIME_FIELDS) // Our timestamps are UTC without a zone (Prisma's DateTime): compare in UTC whatever the session's zone.
        return Prisma.sql`(${column(TIME_FIELDS[node.field as TimeField])} ${op} (${new Date(node.value).toISOString()}::timestamptz AT TIME ZONE 'UTC'))`;
      return Prisma.sql`(${column(NUMBER_FIELDS[node.field as NumberField])} ${op} ${node.value})`;
    }
    case "meta":
      return textCondition(Prisma.sql`(f."metadata" ->> ${node.key})`, node.values);
  }
}

/** The catalogue's order of a query's files: start time (files without one last), then name, byte order. */
export const CATALOGUE_ORDER = Prisma.sql`f."startTime" ASC NULLS LAST, f."name" COLLATE "C" ASC`;
