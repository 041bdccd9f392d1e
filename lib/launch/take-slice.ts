/**
 * Taking the next slice of a stage's dataset in PostgreSQL, for datasets of any size: the split rules of
 * lib/campaigns/split decide (facts → selection → outcome, the same code the pure path runs); this module gathers
 * the facts and selects the files with SQL over the dataset's file set, so a 1,000,000-file dataset is grouped and
 * cut in the database and only the slice's file names come back (or a capped list and the count, for previews).
 * Runs on the launch transaction's client, which holds the stage's cursor row. Reads only.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { DomainError } from "@/lib/errors";
import { datasetFilesSql } from "@/lib/catalogue/dataset-sql";
import {
  DRAINING_TYPES,
  datasetForLaunch,
  formatSplitType,
  parseSplitType,
  resetCursor,
  deliveringSubmissions,
  keepUpFrom,
  optionsForSlice,
  outcomeOf,
  pilotStride,
  planSlices,
  readSliceOptions,
  selectionFor,
  withPilots,
  freshCounts,
  type CampaignSlicingSpec,
  type CountedGroup,
  type RawGroup,
  type PlannedSlice,
  type Selection,
  type SliceFacts,
  type SliceGroup,
  type SplitCursor,
  type SplitSpec,
} from "@/lib/campaigns/split";

/**
 * The most input files one submission takes. A bigger slice (a stage with no split over a huge dataset, a split
 * with enormous slices) is refused with a message to split it, instead of loading a million names into the app.
 */
export const MAX_FILES_PER_SUBMISSION = 100_000;

/** PostgreSQL's memory per sort or hash while a slice is cut (groupsSql). */
const SLICING_WORK_MEM = "64MB";

/** What this module needs of a Prisma client or transaction. */
export type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * The dataset's files as SQL rows (fileId, ord), from the catalogue (lib/catalogue/dataset-sql.ts: listed files, a
 * query's files, or a snapshot of an outside catalogue), or null when the experiment has no such dataset. The
 * dataset's row is read first, so the fragment names its id as a constant: PostgreSQL then knows how many rows to
 * expect and joins a million files by hash instead of a million index lookups (bench/slicing.ts).
 */
export async function resolveDataset(q: SqlClient, experimentId: number, dataset: string): Promise<Prisma.Sql | null> {
  try {
    return await datasetFilesSql(experimentId, dataset, q);
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") return null;
    throw err;
  }
}

export type SliceRequest = {
  experimentId: number;
  /** The dataset datasetForLaunch chose ("" for multiparam). */
  dataset: string;
  /** Its files as SQL, when already resolved (takeSliceSql resolves them). */
  filesSql?: Prisma.Sql;
  spec: SplitSpec;
  cursor: SplitCursor;
  /** Submissions whose input files count as delivered (the draining types; deliveredBy() finds them). */
  delivered: number[];
  /** The stage's per-slice options (CampaignStage.sliceOptions, any JSON). */
  sliceOptions?: unknown;
  /** ms; new(...) closes windows by it. */
  now: number;
  /** List at most this many names (previews); the count is always whole. Absent: every name, up to `maxFiles`. */
  fileLimit?: number;
  /** A launch's cap (default MAX_FILES_PER_SUBMISSION): a bigger slice is refused, its names never loaded. */
  maxFiles?: number;
};

export type TakenSlice =
  | {
      ok: true;
      files: string[];
      fileCount: number;
      label: string;
      next: SplitCursor;
      sliceKey: string | null;
      catchAll: boolean;
      /** Per-slice command options that match this slice, merged over the stage's overrides by the launcher. */
      overrides: [string, string][];
      /** multiparam: the combination for %(dataset)s, and the named values for the command. */
      dataset: string | null;
      params: Record<string, string>;
    }
  | { ok: false; reason: "exhausted" | "empty"; message: string; next: SplitCursor | null }
  | { ok: false; reason: "not_found" | "too_large"; message: string; next: null };

/**
 * The submissions whose files a draining-type stage has delivered (lib/campaigns/split/cursor.ts deliveringSubmissions).
 * Slices are taken by the stage's own launches (a person's, a schedule's, a self-edge's); relaunches, recoveries and
 * launches on a chain's dataset take none (the latter two store no cursor).
 */
export async function deliveredBy(q: SqlClient, stageId: number, spec: SplitSpec, cursor: SplitCursor): Promise<number[]> {
  if (!DRAINING_TYPES.has(spec.type)) return [];
  const subs = await q.$queryRaw<{ id: number; cursorAfter: unknown }[]>`
    SELECT id, "cursorAfter" FROM "Submission"
     WHERE "stageId" = ${stageId} AND "isTest" = false AND "cursorAfter" IS NOT NULL AND "cursorAfter" <> 'null'::jsonb
       AND ("parentId" IS NULL OR ("trigger" IN ('DEPENDENCY', 'SCHEDULE') AND "recoveryPosition" = 0))`;
  return deliveringSubmissions(spec, cursor, subs);
}

/**
 * The dataset's rows with what the split types read; `delivered` only when a draining type needs it (as IN, which
 * PostgreSQL answers from one hash of the taken files; EXISTS probed the index once per file).
 */
function filesCte(req: SliceRequest): Prisma.Sql {
  const delivered = DRAINING_TYPES.has(req.spec.type) && req.delivered.length
    ? Prisma.sql`f.id IN (SELECT sf."fileId" FROM "SubmissionFile" sf WHERE sf."role" = 'INPUT' AND sf."submissionId" = ANY(${req.delivered}::int[]))`
    : Prisma.sql`false`;
  return Prisma.sql`SELECT ds.ord, f.id, f."name", f."runNumber", f."startTime", f."location", f."detector", f."stream", f."dataTier", f."subrun", f."metadata", ${delivered} AS delivered
    FROM (${req.filesSql ?? Prisma.sql`SELECT NULL::bigint AS "fileId", 0 AS ord WHERE false`}) ds JOIN "DataFile" f ON f.id = ds."fileId" AND f."experimentId" = ${req.experimentId}`;
}

/** A component's value as text, '' read as missing; names outside the columns are keys of the file's metadata. */
function componentSql(c: string): Prisma.Sql {
  switch (c) {
    case "detector":
      return Prisma.sql`NULLIF(f."detector", '')`;
    case "stream":
      return Prisma.sql`NULLIF(f."stream", '')`;
    case "data_tier":
      return Prisma.sql`NULLIF(f."dataTier", '')`;
    case "run":
      return Prisma.sql`f."runNumber"::text`;
    case "subrun":
      return Prisma.sql`f."subrun"::text`;
    default:
      return Prisma.sql`NULLIF(f."metadata"->>${c}, '')`;
  }
}

/** The DataFile column of each column component. */
const COLUMN_OF: Record<string, string | undefined> = { detector: "detector", stream: "stream", data_tier: "dataTier", run: "runNumber", subrun: "subrun" };

const UNIT = { day: Prisma.raw(`'day'`), week: Prisma.raw(`'week'`), month: Prisma.raw(`'month'`) };

/** Each file with its component values (c0…) and whether it belongs to the catch-all. */
function classifiedCte(req: SliceRequest, spec: CampaignSlicingSpec): Prisma.Sql {
  const comps = spec.components.map((c, i) => Prisma.sql`${componentSql(c)} AS ${Prisma.raw(`c${i}`)}`);
  const missing = [...spec.components.map((_, i) => Prisma.raw(`c${i} IS NULL`)), ...(spec.time ? [Prisma.sql`"startTime" IS NULL`] : [])];
  const catchSql = missing.length ? Prisma.join(missing, " OR ") : Prisma.sql`false`;
  return Prisma.sql`SELECT v.*, (${catchSql}) AS catch FROM (SELECT f."name", f.ord, f."startTime", f.delivered${comps.length ? Prisma.sql`, ${Prisma.join(comps)}` : Prisma.empty} FROM (${filesCte(req)}) f) v`;
}

/**
 * Campaign slicing's counts per group in one GROUP BY (no ranking: the pilot's share of each group follows from the
 * counts, withPilots in lib/campaigns/split/campaign-slicing.ts), with how many of each group's files earlier launches
 * took when the stage drains.
 */
async function countedGroups(q: SqlClient, req: SliceRequest, spec: CampaignSlicingSpec): Promise<CountedGroup[]> {
  // Grouped by the raw values and the truncated start time (cheap to hash); which groups are the catch-all, and the
  // text of each time slice, are worked out on the few hundred grouped rows instead of on every file.
  // Column components are grouped by the column itself (PostgreSQL's statistics then size the grouping right) and
  // read as text after grouping; metadata keys are grouped by their text.
  const comps = spec.components.map((c, i) => Prisma.sql`${COLUMN_OF[c] ? Prisma.raw(`f."${COLUMN_OF[c]}"`) : componentSql(c)} AS ${Prisma.raw(`c${i}`)}`);
  const cols = spec.components.map((_, i) => Prisma.raw(`c${i}`));
  const asText = (c: string, col: Prisma.Sql) => (COLUMN_OF[c] ? Prisma.sql`NULLIF(${col}::text, '')` : col);
  const bucket = spec.time ? Prisma.sql`date_trunc(${UNIT[spec.time]}, f."startTime")` : Prisma.sql`NULL::timestamp`;
  const draining = req.delivered.length > 0;
  const rows = await q.$queryRaw<Record<string, unknown>[]>`
    SELECT to_char(g.b, 'YYYY-MM-DD') AS bucket, g.n, g.d${cols.length ? Prisma.sql`, ${Prisma.join(cols.map((c, i) => Prisma.sql`${asText(spec.components[i], Prisma.sql`g.${c}`)} AS ${c}`))}` : Prisma.empty}
      FROM (SELECT ${bucket} AS b, count(*)::int AS n, ${draining ? Prisma.sql`(count(*) FILTER (WHERE f.delivered))::int` : Prisma.sql`0`} AS d${comps.length ? Prisma.sql`, ${Prisma.join(comps)}` : Prisma.empty}
              FROM (${filesCte(req)}) f GROUP BY 1${cols.length ? Prisma.sql`, ${Prisma.join(cols.map((_, i) => Prisma.raw(String(i + 4))))}` : Prisma.empty}) g`;
  return rows.map((r) => {
    const values = spec.components.map((_, i) => r[`c${i}`] as string | null);
    const catchAll = values.some((v) => v === null) || (spec.time !== null && r.bucket === null);
    return { catchAll, values: catchAll ? [] : (values as string[]), bucket: catchAll ? null : ((r.bucket as string | null) ?? null), count: r.n as number, delivered: r.d as number };
  });
}

/** The counted groups without their taken counts. */
const asRaw = (counted: CountedGroup[]): RawGroup[] => counted.map(({ catchAll, values, bucket, count }) => ({ catchAll, values, bucket, count }));

/**
 * Campaign slicing's groups over the whole dataset (`all`) and over the files still to take (`fresh`, draining). The
 * fresh counts come by arithmetic where it decides (freshCounts); only the groups partly taken have their files
 * ranked, each within its own group from its first rank in its combination (a time slice's files are a contiguous
 * run of their combination's ranks), so no window runs over the whole dataset.
 */
async function groupsSql(q: SqlClient, req: SliceRequest, spec: CampaignSlicingSpec): Promise<{ all: SliceGroup[]; fresh: SliceGroup[] }> {
  // Grouping and ranking a million files fit in memory with this much (the default 4 MB spills them to disk). Local
  // to the transaction: launches slice inside theirs, and the stage page's preview opens one for it.
  await q.$queryRaw`SELECT set_config('work_mem', ${SLICING_WORK_MEM}, true)`;
  const counted = await countedGroups(q, req, spec);
  const all = withPilots(spec, asRaw(counted));
  if (!req.delivered.length) return { all, fresh: all };
  const { groups, partial } = freshCounts(spec, counted);
  const stride = pilotStride(spec);
  if (!partial.length || stride === null) return { all, fresh: groups };
  // The partly taken groups as rows (their values, time slice and first rank), hash-joined to the files by typed
  // equalities. PostgreSQL expects one matching file from four equalities and would look every match up one by one in
  // the dataset's index; nested loops are off for this one statement so it hashes (bench/slicing.ts: 4 s → 1.7 s).
  const cols = spec.components.map((_, k) => Prisma.raw(`c${k}`));
  const groupRows = Prisma.join([
    ...spec.components.map((_, k) => Prisma.sql`${partial.map((g) => g.values[k])}::text[]`),
    Prisma.sql`${partial.map((g) => g.bucket)}::timestamp[]`,
    Prisma.sql`${partial.map((g) => g.rankBase)}::int[]`,
  ]);
  const matches = Prisma.join(
    [...spec.components.map((c, k) => Prisma.sql`${componentSql(c)} = p.${cols[k]}`), ...(spec.time ? [Prisma.sql`date_trunc(${UNIT[spec.time]}, f."startTime") = p.b`] : []), Prisma.sql`true`],
    " AND ",
  );
  const [{ nestloop }] = await q.$queryRaw<{ nestloop: string }[]>`SELECT current_setting('enable_nestloop') AS nestloop, set_config('enable_nestloop', 'off', true)`;
  const rows = await q.$queryRaw<{ i: number; pilot: boolean; n: number }[]>`
    SELECT x.i::int AS i, ((x.base + x.rn - 1) % ${stride} = 0) AS pilot, count(*)::int AS n
      FROM (SELECT p.i, p.base, f.delivered, row_number() OVER (PARTITION BY p.i ORDER BY f."startTime" ASC NULLS LAST, f.ord) AS rn
              FROM (${filesCte(req)}) f
              JOIN unnest(${groupRows}) WITH ORDINALITY AS p(${Prisma.join([...cols, Prisma.raw("b, base, i")])}) ON ${matches}) x
     WHERE NOT x.delivered
     GROUP BY 1, 2`;
  await q.$queryRaw`SELECT set_config('enable_nestloop', ${nestloop}, true)`;
  for (const r of rows) {
    const g = partial[r.i - 1];
    groups.push({ catchAll: false, values: g.values, bucket: g.bucket, pilot: r.pilot, count: r.n });
  }
  return { all, fresh: groups };
}

/** Step 1 in SQL: the facts the split type decides from. */
async function factsSql(q: SqlClient, req: SliceRequest): Promise<SliceFacts> {
  const { spec } = req;
  if (spec.type === "slices") {
    // Draining: the plan is over the undelivered files; the whole dataset's counts number the parts and ranks.
    const { all, fresh } = await groupsSql(q, req, spec);
    return { total: all.reduce((n, g) => n + g.count, 0), groups: fresh, allGroups: all };
  }
  const fromIso = spec.type === "new" ? new Date(keepUpFrom(spec, req.cursor, req.now) * 1000).toISOString() : null;
  const [row] = await q.$queryRaw<{ total: number; fresh: number; freshLocated: number; freshMinRun: number | null; freshWithoutRun: number; earliestFrom: number | null }[]>`
    WITH f AS (${filesCte(req)})
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE NOT delivered)::int AS fresh,
           count(*) FILTER (WHERE NOT delivered AND "location" IS NOT NULL)::int AS "freshLocated",
           min("runNumber") FILTER (WHERE NOT delivered) AS "freshMinRun",
           count(*) FILTER (WHERE NOT delivered AND "runNumber" IS NULL)::int AS "freshWithoutRun",
           extract(epoch FROM min("startTime") FILTER (WHERE "startTime" >= ${fromIso}::timestamp))::float8 AS "earliestFrom"
      FROM f`;
  const facts: SliceFacts = { total: row.total };
  if (DRAINING_TYPES.has(spec.type)) Object.assign(facts, { fresh: row.fresh, freshLocated: row.freshLocated, freshMinRun: row.freshMinRun, freshWithoutRun: row.freshWithoutRun });
  if (spec.type === "new") facts.earliestFrom = row.earliestFrom;
  return facts;
}

/** Step 3 in SQL: the rows (name, t, ord) of a selection; the caller orders them by (t, ord). */
function selectionSql(req: SliceRequest, sel: Selection): Prisma.Sql {
  const f = filesCte(req);
  const byOrd = Prisma.sql`SELECT "name", NULL::timestamp AS t, ord FROM (${f}) f`;
  switch (sel.kind) {
    case "all":
      return byOrd;
    case "range":
      return Prisma.sql`${byOrd} ORDER BY ord OFFSET ${sel.offset} LIMIT ${sel.limit}`;
    case "fresh":
      return Prisma.sql`${byOrd} WHERE NOT delivered${sel.located ? Prisma.sql` AND "location" IS NOT NULL` : Prisma.empty}${sel.run !== undefined ? Prisma.sql` AND "runNumber" = ${sel.run}` : Prisma.empty} ORDER BY ord LIMIT ${sel.limit}::bigint`;
    case "mod":
      return Prisma.sql`SELECT "name", NULL::timestamp AS t, ord FROM (SELECT "name", ord, row_number() OVER (ORDER BY ord) - 1 AS i FROM (${f}) f) x WHERE x.i % ${sel.n} = ${sel.k}`;
    case "run":
      return Prisma.sql`${byOrd} WHERE "runNumber" = ${sel.run}`;
    case "window":
      return Prisma.sql`SELECT "name", "startTime" AS t, ord FROM (${f}) f WHERE "startTime" >= ${new Date(sel.startMs).toISOString()}::timestamp AND "startTime" < ${new Date(sel.endMs).toISOString()}::timestamp`;
    case "slice":
      if (req.spec.type !== "slices") throw new Error("a planned slice needs campaign slicing");
      return sliceFilesSql(req, req.spec, sel.slice);
    case "nothing":
      return Prisma.sql`SELECT NULL::text AS "name", NULL::timestamp AS t, 0 AS ord WHERE false`;
  }
}

/**
 * A planned slice's files: its group's files not yet delivered, in time order, from its offset. A pilot slice ranks
 * its combination's files (delivered or not: the rank decides the group); a time slice reads only its own time
 * range (the start-time index) and ranks from its first rank.
 */
function sliceFilesSql(req: SliceRequest, spec: CampaignSlicingSpec, s: PlannedSlice): Prisma.Sql {
  const k = classifiedCte(req, spec);
  const order = Prisma.sql`ORDER BY "startTime" ASC NULLS LAST, ord`;
  if (s.kind === "catch-all") return Prisma.sql`SELECT "name", "startTime" AS t, ord FROM (${k}) k WHERE catch AND NOT delivered ${order} OFFSET ${s.offset} LIMIT ${s.count}`;
  const where = [Prisma.sql`NOT catch`, ...spec.components.map((c, i) => Prisma.sql`${Prisma.raw(`c${i}`)} = ${s.values![c]}`)];
  if (s.kind === "tagged" && spec.time && s.bucket) {
    const start = `${s.bucket} 00:00:00`;
    where.push(Prisma.sql`"startTime" >= ${start}::timestamp AND "startTime" < ${start}::timestamp + ${Prisma.raw(`interval '1 ${spec.time}'`)}`);
  }
  const stride = pilotStride(spec);
  const rank = Prisma.sql`(${s.kind === "tagged" ? s.rankBase : 0} + row_number() OVER (${order}) - 1)`;
  const pilot = stride === null ? Prisma.sql`false` : Prisma.sql`${rank} % ${stride} = 0`;
  return Prisma.sql`
    SELECT "name", "startTime" AS t, ord FROM (
      SELECT m.*, ${pilot} AS pilot FROM (SELECT * FROM (${k}) k WHERE ${Prisma.join(where, " AND ")}) m
    ) r WHERE ${s.kind === "pilot" ? Prisma.sql`pilot` : Prisma.sql`NOT pilot`} AND NOT delivered ${order} OFFSET ${s.offset} LIMIT ${s.count}`;
}

/**
 * The next slice, in PostgreSQL: facts, the split rule's decision, the files. `not_found` when the experiment has no
 * such dataset. Nothing is written; the launcher stores `next` and the slice's files with the submission.
 */
export async function takeSliceSql(q: SqlClient, req: SliceRequest): Promise<TakenSlice> {
  const { spec, cursor } = req;
  const filesSql = spec.type === "multiparam" ? undefined : await resolveDataset(q, req.experimentId, req.dataset);
  if (filesSql === null) return { ok: false, reason: "not_found", message: `There is no dataset named “${req.dataset}” in the catalogue.`, next: null };
  req = { ...req, filesSql };
  const facts = spec.type === "multiparam" ? { total: 0 } : await factsSql(q, req);
  const selection = selectionFor(spec, cursor, facts, req.now);
  if ("ok" in selection) return selection;
  const cap = req.maxFiles ?? MAX_FILES_PER_SUBMISSION;
  const rows =
    selection.kind === "nothing"
      ? []
      : await q.$queryRaw<{ name: string; n: number }[]>`
          SELECT s."name", (count(*) OVER ())::int AS n FROM (${selectionSql(req, selection)}) s ORDER BY s.t ASC NULLS LAST, s.ord LIMIT ${req.fileLimit === undefined ? cap + 1 : Math.max(1, req.fileLimit)}::bigint`;
  // At least one row comes back when there is one, so the count is read even when no names are asked for.
  const fileCount = rows.length ? rows[0].n : 0;
  if (req.fileLimit === undefined && fileCount > cap)
    return {
      ok: false,
      reason: "too_large",
      message: `This slice has ${fileCount.toLocaleString("en-US")} files; one submission takes at most ${cap.toLocaleString("en-US")}. Give the stage a split that cuts the dataset smaller, such as nfiles(${Math.ceil(cap / 2)}) or slices(…; files=${Math.ceil(cap / 2)}).`,
      next: null,
    };
  if (req.fileLimit !== undefined) rows.splice(req.fileLimit);
  // The outcome reads only the files' count and names; positions are not needed past the SQL ordering.
  const taken = rows.map((r, i) => ({ name: r.name, position: i, runNumber: null }));
  const padded = fileCount > taken.length ? [...taken, ...Array.from({ length: fileCount - taken.length }, (_, i) => ({ name: "", position: taken.length + i, runNumber: null }))] : taken;
  const out = outcomeOf(spec, cursor, facts, selection, padded);
  if (!out.ok) return out;
  return {
    ok: true,
    files: taken.map((f) => f.name),
    fileCount,
    label: out.label,
    next: out.next,
    sliceKey: out.sliceKey ?? null,
    catchAll: out.catchAll ?? false,
    overrides: optionsForSlice(readSliceOptions(req.sliceOptions), out.values ?? null),
    dataset: out.dataset ?? null,
    params: out.params ?? {},
  };
}

/**
 * Campaign slicing's plan still to take (the stage page's preview): every remaining slice with its count, and the
 * catch-all's remaining size. `delivered`: the submissions whose files earlier slices took (deliveredBy).
 */
export async function slicePlanSql(
  q: SqlClient,
  req: Omit<SliceRequest, "cursor" | "delivered" | "now" | "fileLimit"> & { spec: CampaignSlicingSpec; delivered?: number[] },
): Promise<{ ok: true; plan: PlannedSlice[]; total: number; catchAll: number } | { ok: false; message: string }> {
  const filesSql = await resolveDataset(q, req.experimentId, req.dataset);
  if (filesSql === null) return { ok: false, message: `There is no dataset named “${req.dataset}” in the catalogue.` };
  const full: SliceRequest = { ...req, filesSql, cursor: {}, delivered: req.delivered ?? [], now: 0 };
  // The slices still to take (draining: the files earlier slices took are out of the plan).
  const { all, fresh: groups } = await groupsSql(q, full, req.spec);
  const plan = planSlices(req.spec, groups, all);
  return { ok: true, plan, total: all.reduce((n, g) => n + g.count, 0), catchAll: groups.filter((g) => g.catchAll).reduce((n, g) => n + g.count, 0) };
}

/** What launching needs of a stage to take its slice. */
export type StageForSlice = { id: number; inputDataset: string; splitType: string; testSplitType: string | null; sliceOptions: unknown; experimentId: number };

export type StageSlice =
  | { ok: true; dataset: string; files: string[]; fileCount: number; label: string; next: SplitCursor | null; sliceKey: string | null; catchAll: boolean; overrides: [string, string][]; params: Record<string, string> }
  | {
      ok: false;
      message: string;
      /** exhausted: every slice was taken (a schedule with clearWhenDone stops here); empty: nothing to take now; not_found/invalid: the dataset or split cannot be read. */
      reason: "exhausted" | "empty" | "not_found" | "invalid";
      /** Where the cursor moves on to (an empty unit is skipped); null: it stays. */
      next: SplitCursor | null;
    };

/**
 * The slice a launch of this stage takes: the stage's split at its cursor, or for a test launch of a stage with a
 * test split, that split from its start (a test never moves the stage's cursor: `next` is null for tests).
 * `spec` and `cursor` are the stage's, already read by the launcher.
 */
export async function takeStageSlice(q: SqlClient, input: { stage: StageForSlice; test: boolean; spec: SplitSpec; cursor: SplitCursor; now: number; fileLimit?: number }): Promise<StageSlice> {
  const { stage, test } = input;
  let spec = input.spec;
  let cursor = input.cursor;
  let prefix = "";
  if (test && stage.testSplitType?.trim()) {
    const parsed = parseSplitType(stage.testSplitType);
    if (!parsed.ok) return { ok: false, reason: "invalid", message: `The stage's test split cannot be used: ${parsed.message}`, next: null };
    spec = parsed.spec;
    cursor = resetCursor(spec);
    prefix = `test split ${formatSplitType(spec)}: `;
  }
  const ds = datasetForLaunch(spec, cursor, stage.inputDataset);
  if (!ds.ok) return { ok: false, reason: /have been launched/.test(ds.message) ? "exhausted" : "invalid", message: ds.message, next: null };
  const delivered = await deliveredBy(q, stage.id, spec, cursor);
  const r = await takeSliceSql(q, { experimentId: stage.experimentId, dataset: ds.dataset, spec, cursor, delivered, sliceOptions: stage.sliceOptions, now: input.now, fileLimit: input.fileLimit });
  if (!r.ok) {
    const message = r.reason === "not_found" ? `The data catalogue could not list ${ds.dataset}: ${r.message}` : r.message;
    return { ok: false, reason: r.reason === "too_large" ? "invalid" : r.reason, message, next: test ? null : r.next };
  }
  return {
    ok: true,
    dataset: r.dataset ?? ds.dataset,
    files: r.files,
    fileCount: r.fileCount,
    label: prefix + r.label,
    next: test ? null : r.next,
    sliceKey: r.sliceKey,
    catchAll: r.catchAll,
    overrides: r.overrides,
    params: r.params,
  };
}
