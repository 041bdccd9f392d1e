/**
 * The wrap-up's decisions, in bulk: for each Located submission not yet wrapped up, its recovery (the job type's
 * recovery list, lib/chains/recovery.ts) or else its dependent stages. Per chunk, one transaction: the submissions
 * are claimed (`wrappedUpAt` set, FOR UPDATE SKIP LOCKED, so two wrap-ups never take the same one), the datasets the
 * launches need are made in the embedded catalogue (Dataset + DatasetFile, INSERT … SELECT), and the launches are
 * queued as ChainLaunch rows (lib/chains/launch-queued.ts launches them). A crash rolls the whole chunk back; the
 * chunk's submissions are then decided one at a time, and one that still fails is wrapped up with its `wrapUpError`
 * (shown on its page) so it never blocks the others again.
 *
 * Also wrapped up: a recovery child that ended Failed. It counts as Completed for the chain (the original's rule):
 * the next entry of the list over its own unprocessed files, or the dependents; its state stays Failed.
 * Test launches are wrapped up with nothing launched: a test never starts a chain.
 */
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { readPairs, type ParamPairs } from "@/lib/campaigns/effective";
import { chooseRecovery, dependencyDatasetName, readRecoveryList, recoveryDatasetName, RECOVERY_TYPES, typesAfter, type RecoveryChoice, type RecoveryType } from "./recovery";
import { recoveryFilesSql } from "./recovery-files";
import { parseFilePatterns } from "./patterns";

type Tx = Prisma.TransactionClient;

export type Claimed = { id: number; experimentId: number; stageId: number; recoveryPosition: number; recoveryOverrides: unknown; isTest: boolean; creatorId: number; recoveries: unknown };

export type WrapUpCounts = { wrappedUp: number; recoveries: number; dependents: number; selfEdges: number; nothingToDo: number; tests: number; failed: number };
/** Where the time went (milliseconds, summed over chunks): for the run's summary and the bench. */
export type WrapUpTimes = { claimMs: number; recoveryMs: number; dependentsMs: number; queueMs: number };

const zero = (): WrapUpCounts => ({ wrappedUp: 0, recoveries: 0, dependents: 0, selfEdges: 0, nothingToDo: 0, tests: 0, failed: 0 });
const noTime = (): WrapUpTimes => ({ claimMs: 0, recoveryMs: 0, dependentsMs: 0, queueMs: 0 });

const WAITING = Prisma.sql`"wrappedUpAt" IS NULL AND ("status" = 'LOCATED' OR ("status" = 'FAILED' AND "recoveryPosition" > 0))`;

/** Claims up to `chunk` submissions to wrap up (Located, or a recovery child that ended Failed), or only `only`. */
async function claim(tx: Tx, now: Date, chunk: number, only?: number): Promise<Claimed[]> {
  return tx.$queryRaw<Claimed[]>`
    WITH picked AS (
      SELECT id FROM "Submission"
       WHERE ${WAITING} ${only === undefined ? Prisma.empty : Prisma.sql`AND id = ${only}`}
       ORDER BY id LIMIT ${chunk} FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE "Submission" s SET "wrappedUpAt" = ${now}, "wrapUpError" = '' FROM picked WHERE s.id = picked.id
      RETURNING s.id, s."experimentId", s."stageId", s."recoveryPosition", s."recoveryOverrides", s."isTest", s."jobTypeSnapshotId")
    SELECT c.id, c."experimentId", c."stageId", c."recoveryPosition", c."recoveryOverrides", c."isTest", cp."creatorId",
           COALESCE(snap."data"->'recoveries',
                    (SELECT jsonb_agg(jsonb_build_object('position', r."position", 'recoveryType', r."recoveryType", 'paramOverrides', r."paramOverrides") ORDER BY r."position")
                       FROM "JobTypeRecovery" r WHERE r."jobTypeId" = st."jobTypeId"),
                    '[]'::jsonb) AS recoveries
      FROM claimed c JOIN "CampaignStage" st ON st.id = c."stageId" JOIN "Campaign" cp ON cp.id = st."campaignId"
      LEFT JOIN "ConfigSnapshot" snap ON snap.id = c."jobTypeSnapshotId"
     ORDER BY c.id`;
}

/** How many files each recovery type would take, per submission: one grouped statement per type used. */
async function countRecoveryFiles(tx: Tx, needs: Map<RecoveryType, number[]>): Promise<Map<number, Partial<Record<RecoveryType, number>>>> {
  const counts = new Map<number, Partial<Record<RecoveryType, number>>>();
  for (const [type, ids] of needs) {
    if (!ids.length) continue;
    const rows = await tx.$queryRaw<{ submissionId: number; n: number }[]>`SELECT x."submissionId", count(*)::int AS n FROM (${await recoveryFilesSql(tx, type, ids)}) x GROUP BY 1`;
    for (const r of rows) counts.set(r.submissionId, { ...counts.get(r.submissionId), [type]: r.n });
  }
  return counts;
}

/** Makes (or empties and reuses) the named datasets; returns their ids in the order given. */
async function makeDatasets(tx: Tx, rows: { experimentId: number; name: string; description: string }[]): Promise<number[]> {
  if (!rows.length) return [];
  const made = await tx.$queryRaw<{ id: number; experimentId: number; name: string }[]>`
    INSERT INTO "Dataset" ("experimentId", "name", "description")
    SELECT * FROM unnest(${rows.map((r) => r.experimentId)}::int[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.description)}::text[])
    ON CONFLICT ("experimentId", "name") DO UPDATE SET "description" = EXCLUDED."description"
    RETURNING id, "experimentId", "name"`;
  const byKey = new Map(made.map((d) => [`${d.experimentId}/${d.name}`, d.id]));
  const ids = rows.map((r) => byKey.get(`${r.experimentId}/${r.name}`)!);
  await tx.$executeRaw`DELETE FROM "DatasetFile" WHERE "datasetId" = ANY(${ids}::int[])`;
  return ids;
}

type Intent = { parentId: number; stageId: number; trigger: "RECOVERY" | "DEPENDENCY"; dependencyId: number | null; dataset: string; fileCount: number; position: number; type: string; overrides: ParamPairs; onBehalfOfId: number };

async function queue(tx: Tx, intents: Intent[]) {
  if (!intents.length) return;
  const col = <T>(f: (i: Intent) => T) => intents.map(f);
  await tx.$executeRaw`
    INSERT INTO "ChainLaunch" ("parentId", "stageId", "trigger", "dependencyId", "dataset", "fileCount", "recoveryPosition", "recoveryType", "recoveryOverrides", "onBehalfOfId")
    SELECT p, st, tr::"LaunchTrigger", dep, ds, n, pos, ty, ov::jsonb, who
      FROM unnest(${col((i) => i.parentId)}::int[], ${col((i) => i.stageId)}::int[], ${col((i) => i.trigger)}::text[], ${col((i) => i.dependencyId)}::int[],
                  ${col((i) => i.dataset)}::text[], ${col((i) => i.fileCount)}::int[], ${col((i) => i.position)}::int[], ${col((i) => i.type)}::text[],
                  ${col((i) => JSON.stringify(i.overrides))}::text[], ${col((i) => i.onBehalfOfId)}::int[]) AS x(p, st, tr, dep, ds, n, pos, ty, ov, who)
    ON CONFLICT ("parentId", "stageId", "trigger") DO NOTHING`;
}

/** Recoveries: choose per submission, make the datasets of their files, queue them. Returns the submissions that recover. */
export async function planRecoveries(tx: Tx, subs: Claimed[], intents: Intent[]): Promise<Set<number>> {
  const lists = new Map(subs.map((s) => [s.id, readRecoveryList(s.recoveries)]));
  const needs = new Map<RecoveryType, number[]>();
  for (const s of subs) for (const t of typesAfter(lists.get(s.id)!, s.recoveryPosition)) needs.set(t, [...(needs.get(t) ?? []), s.id]);
  const counts = await countRecoveryFiles(tx, needs);
  const chosen: { sub: Claimed; choice: RecoveryChoice; files: number }[] = [];
  for (const s of subs) {
    const c = chooseRecovery(lists.get(s.id)!, s.recoveryPosition, readPairs(s.recoveryOverrides), counts.get(s.id) ?? {});
    if (c) chosen.push({ sub: s, choice: c, files: counts.get(s.id)![c.type]! });
  }
  await copyRecoveryFiles(
    tx,
    chosen.map((c) => ({ submissionId: c.sub.id, experimentId: c.sub.experimentId, position: c.choice.entry.position, type: c.choice.type })),
  );
  for (const { sub, choice, files } of chosen) {
    intents.push({ parentId: sub.id, stageId: sub.stageId, trigger: "RECOVERY", dependencyId: null, dataset: recoveryDatasetName(sub.id, choice.entry.position), fileCount: files, position: choice.entry.position, type: choice.type, overrides: choice.overrides, onBehalfOfId: sub.creatorId });
  }
  return new Set(chosen.map((c) => c.sub.id));
}

/** Makes each recovery's dataset ("submission_N_recovery_P") and copies its files into it, one statement per type. */
export async function copyRecoveryFiles(tx: Tx, rows: { submissionId: number; experimentId: number; position: number; type: RecoveryType }[]) {
  const ids = await makeDatasets(
    tx,
    rows.map((r) => ({ experimentId: r.experimentId, name: recoveryDatasetName(r.submissionId, r.position), description: `Recovery ${r.position} of submission ${r.submissionId}: ${RECOVERY_TYPES[r.type]}` })),
  );
  const byType = new Map<RecoveryType, { subs: number[]; ds: number[] }>();
  rows.forEach((r, i) => {
    const g = byType.get(r.type) ?? { subs: [], ds: [] };
    g.subs.push(r.submissionId);
    g.ds.push(ids[i]);
    byType.set(r.type, g);
  });
  for (const [type, g] of byType) {
    await tx.$executeRaw`
      INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
      SELECT m.ds, x."fileId", (row_number() OVER (PARTITION BY m.ds ORDER BY f."name"))::int - 1
        FROM (${await recoveryFilesSql(tx, type, g.subs)}) x
        JOIN unnest(${g.subs}::int[], ${g.ds}::int[]) AS m(sub, ds) ON m.sub = x."submissionId"
        JOIN "DataFile" f ON f.id = x."fileId"`;
  }
}

/**
 * The members of each submission's chain: its root (the first submission) and every recovery and relaunch of it,
 * and theirs (the dependents run once, when the chain ends, on the outputs of all; a relaunch belongs to the chain of
 * what it relaunched, so the outputs already given to a dependent are not given again and the self-edge does not fire
 * twice). Written to a temporary table (dropped at commit) and analysed, so the statements that join it are planned
 * on true row counts.
 */
async function chainMembers(tx: Tx, starts: number[]) {
  await tx.$executeRaw`CREATE TEMP TABLE chain_members (start int, root int, id int) ON COMMIT DROP`;
  await tx.$executeRaw`
    INSERT INTO chain_members
    WITH RECURSIVE up AS (
      SELECT s.id AS start, s.id, s."parentId", s."recoveryPosition", s."trigger" FROM "Submission" s WHERE s.id = ANY(${starts}::int[])
      UNION ALL
      SELECT up.start, p.id, p."parentId", p."recoveryPosition", p."trigger" FROM up JOIN "Submission" p ON p.id = up."parentId"
       WHERE up."recoveryPosition" > 0 OR up."trigger" = 'RELAUNCH'),
    down AS (
      SELECT start, id AS root, id FROM up WHERE ("recoveryPosition" = 0 AND "trigger" <> 'RELAUNCH') OR "parentId" IS NULL
      UNION ALL
      SELECT down.start, down.root, c.id FROM down JOIN "Submission" c ON c."parentId" = down.id AND (c."recoveryPosition" > 0 OR c."trigger" = 'RELAUNCH'))
    SELECT DISTINCT start, root, id FROM down`;
  await tx.$executeRaw`ANALYZE chain_members`;
}

/**
 * The catalogued outputs of each (submission, dependency) pair's chain that match the dependency's patterns, less
 * those the dependency already took from the chain (its dependents ran before a recovery launched by hand).
 */
function dependencyFilesSql(pairSubs: number[], pairDeps: number[], patDeps: number[], patTexts: string[]): Prisma.Sql {
  return Prisma.sql`
    WITH prior AS MATERIALIZED (
      -- The chain's earlier dependency launches (almost always none): found first, so the plan starts from them.
      SELECT m.start, cl."dependencyId" AS dep, cl."dataset", ps."experimentId"
        FROM chain_members m JOIN "ChainLaunch" cl ON cl."parentId" = m.id AND cl."dependencyId" IS NOT NULL AND cl."dataset" <> ''
        JOIN "Submission" ps ON ps.id = m.id),
    taken AS (
      SELECT DISTINCT pr.start, pr.dep, df."fileId"
        FROM prior pr JOIN "Dataset" d ON d."experimentId" = pr."experimentId" AND d."name" = pr."dataset"
        JOIN "DatasetFile" df ON df."datasetId" = d.id)
    SELECT DISTINCT p.sub, p.dep, sf."fileId"
      FROM unnest(${pairSubs}::int[], ${pairDeps}::int[]) AS p(sub, dep)
      JOIN chain_members m ON m.start = p.sub
      JOIN "SubmissionFile" sf ON sf."submissionId" = m.id AND sf."role" = 'OUTPUT' AND sf."status" IN ('DECLARED', 'LOCATED')
      JOIN "DataFile" f ON f.id = sf."fileId"
      LEFT JOIN taken t ON t.start = p.sub AND t.dep = p.dep AND t."fileId" = sf."fileId"
     WHERE t."fileId" IS NULL
       AND EXISTS (SELECT 1 FROM unnest(${patDeps}::int[], ${patTexts}::text[]) AS q(dep, pat) WHERE q.dep = p.dep AND f."name" LIKE q.pat)`;
}

/** Dependents: self-edges relaunch the stage's next slice; other edges get a dataset of the matching outputs. */
async function planDependents(tx: Tx, subs: Claimed[], intents: Intent[], counts: WrapUpCounts) {
  if (!subs.length) return;
  const deps = await tx.$queryRaw<{ id: number; fromStageId: number; toStageId: number; filePatterns: string }[]>`
    SELECT id, "fromStageId", "toStageId", "filePatterns" FROM "StageDependency" WHERE "fromStageId" = ANY(${[...new Set(subs.map((s) => s.stageId))]}::int[]) ORDER BY id`;
  const byStage = new Map<number, typeof deps>();
  for (const d of deps) byStage.set(d.fromStageId, [...(byStage.get(d.fromStageId) ?? []), d]);
  const pairs: { sub: Claimed; dep: (typeof deps)[number] }[] = [];
  const selfPairs: { sub: Claimed; dep: (typeof deps)[number] }[] = [];
  for (const s of subs) {
    const mine = byStage.get(s.stageId) ?? [];
    if (!mine.length) counts.nothingToDo++;
    for (const d of mine) (d.toStageId === s.stageId ? selfPairs : pairs).push({ sub: s, dep: d });
  }
  if (!pairs.length && !selfPairs.length) return;
  await chainMembers(tx, [...new Set([...pairs, ...selfPairs].map((p) => p.sub.id))]);
  if (selfPairs.length) {
    // At most one self-edge launch per chain root: not again from a recovery or relaunch of a submission whose chain
    // already relaunched the stage, nor twice from one chunk.
    const roots = await tx.$queryRaw<{ start: number; root: number; fired: boolean }[]>`
      SELECT m.start, m.root,
             EXISTS (SELECT 1 FROM chain_members o JOIN "ChainLaunch" cl ON cl."parentId" = o.id AND cl."dependencyId" = ANY(${selfPairs.map((p) => p.dep.id)}::int[])
                      WHERE o.start = m.start) AS fired
        FROM (SELECT DISTINCT start, root FROM chain_members WHERE start = ANY(${selfPairs.map((p) => p.sub.id)}::int[])) m`;
    const rootOf = new Map(roots.map((r) => [r.start, r]));
    const seen = new Set<string>();
    for (const { sub: s, dep: d } of selfPairs) {
      const r = rootOf.get(s.id);
      const key = `${r?.root ?? s.id}/${d.id}`;
      if (r?.fired || seen.has(key)) continue;
      seen.add(key);
      intents.push({ parentId: s.id, stageId: s.stageId, trigger: "DEPENDENCY", dependencyId: d.id, dataset: "", fileCount: 0, position: 0, type: "", overrides: [], onBehalfOfId: s.creatorId });
      counts.selfEdges++;
    }
  }
  if (!pairs.length) return;
  const patDeps: number[] = [];
  const patTexts: string[] = [];
  for (const d of deps) {
    for (const p of parseFilePatterns(d.filePatterns)) {
      patDeps.push(d.id);
      patTexts.push(p);
    }
  }
  // Selected once into a temporary table (dropped at commit): counted, then copied into the datasets.
  await tx.$executeRaw`CREATE TEMP TABLE chain_outputs (sub int, dep int, "fileId" bigint) ON COMMIT DROP`;
  await tx.$executeRaw`INSERT INTO chain_outputs ${dependencyFilesSql(pairs.map((p) => p.sub.id), pairs.map((p) => p.dep.id), patDeps, patTexts)}`;
  const found = await tx.$queryRaw<{ sub: number; dep: number; n: number }[]>`SELECT x.sub, x.dep, count(*)::int AS n FROM chain_outputs x GROUP BY 1, 2`;
  const n = new Map(found.map((r) => [`${r.sub}/${r.dep}`, r.n]));
  const withFiles = pairs.filter((p) => n.has(`${p.sub.id}/${p.dep.id}`));
  const ids = await makeDatasets(
    tx,
    withFiles.map((p) => ({ experimentId: p.sub.experimentId, name: dependencyDatasetName(p.sub.id, p.dep.toStageId), description: `Outputs of submission ${p.sub.id} matching ${parseFilePatterns(p.dep.filePatterns).join(", ")}` })),
  );
  if (withFiles.length) {
    await tx.$executeRaw`
      INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
      SELECT m.ds, x."fileId", (row_number() OVER (PARTITION BY m.ds ORDER BY f."name"))::int - 1
        FROM chain_outputs x
        JOIN unnest(${withFiles.map((p) => p.sub.id)}::int[], ${withFiles.map((p) => p.dep.id)}::int[], ${ids}::int[]) AS m(sub, dep, ds) ON m.sub = x.sub AND m.dep = x.dep
        JOIN "DataFile" f ON f.id = x."fileId"`;
  }
  for (const p of withFiles) {
    intents.push({ parentId: p.sub.id, stageId: p.dep.toStageId, trigger: "DEPENDENCY", dependencyId: p.dep.id, dataset: dependencyDatasetName(p.sub.id, p.dep.toStageId), fileCount: n.get(`${p.sub.id}/${p.dep.id}`)!, position: 0, type: "", overrides: [], onBehalfOfId: p.sub.creatorId });
    counts.dependents++;
  }
}

/** One chunk in one transaction; returns what it decided (wrappedUp 0: nothing was left). */
async function decideChunk(now: Date, chunk: number, times: WrapUpTimes, only?: number): Promise<WrapUpCounts> {
  return db.$transaction(
    async (tx) => {
      const counts = zero();
      let t = performance.now();
      const lap = (k: keyof WrapUpTimes) => {
        const n = performance.now();
        times[k] += n - t;
        t = n;
      };
      const subs = await claim(tx, now, chunk, only);
      lap("claimMs");
      counts.wrappedUp = subs.length;
      if (!subs.length) return counts;
      const live = subs.filter((s) => !s.isTest);
      counts.tests = subs.length - live.length;
      const intents: Intent[] = [];
      const recovering = await planRecoveries(tx, live, intents);
      counts.recoveries = recovering.size;
      lap("recoveryMs");
      await planDependents(tx, live.filter((s) => !recovering.has(s.id)), intents, counts);
      lap("dependentsMs");
      await queue(tx, intents);
      lap("queueMs");
      return counts;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

const problem = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ").slice(0, 300);

/**
 * After a chunk failed: its submissions one at a time, each in its own transaction. One that fails alone is wrapped
 * up with the reason (nothing launched for it; a person may launch its recovery by hand once the cause is fixed).
 */
async function decideOneByOne(now: Date, chunk: number, times: WrapUpTimes, signal: AbortSignal | undefined, errors: string[]): Promise<{ counts: WrapUpCounts; taken: number }> {
  const total = zero();
  const ids = await db.$queryRaw<{ id: number }[]>`SELECT id FROM "Submission" WHERE ${WAITING} ORDER BY id LIMIT ${chunk}`;
  for (const { id } of ids) {
    if (signal?.aborted) break;
    try {
      const c = await decideChunk(now, 1, times, id);
      for (const k of Object.keys(total) as (keyof WrapUpCounts)[]) total[k] += c[k];
    } catch (err) {
      const why = problem(err);
      const n = await db.$executeRaw`
        UPDATE "Submission" SET "wrappedUpAt" = ${now}, "wrapUpError" = ${`The wrap-up could not decide what follows this submission, so nothing was launched from it: ${why}`.slice(0, 500)}
         WHERE id = ${id} AND "wrappedUpAt" IS NULL`;
      total.wrappedUp += n;
      total.failed += n;
      errors.push(`submission ${id}: ${why}`);
    }
  }
  return { counts: total, taken: ids.length };
}

/** Decides the wrap-up of every submission waiting for it, chunk by chunk, until none is left or the signal says stop. */
export async function decideWrapUps(opts: { now?: Date; chunk?: number; signal?: AbortSignal } = {}): Promise<WrapUpCounts & WrapUpTimes & { wrapUpErrors: string[] }> {
  const total = zero();
  const times = noTime();
  const chunk = opts.chunk ?? 1000;
  const wrapUpErrors: string[] = [];
  for (;;) {
    if (opts.signal?.aborted) break;
    const now = opts.now ?? new Date();
    let c: WrapUpCounts;
    let taken: number;
    try {
      c = await decideChunk(now, chunk, times);
      taken = c.wrappedUp;
    } catch {
      // One bad submission must not stop the wrap-up for everyone: find it, record it, go on.
      ({ counts: c, taken } = await decideOneByOne(now, chunk, times, opts.signal, wrapUpErrors));
    }
    for (const k of Object.keys(total) as (keyof WrapUpCounts)[]) total[k] += c[k];
    if (taken < chunk) break;
  }
  for (const k of Object.keys(times) as (keyof WrapUpTimes)[]) times[k] = Math.round(times[k]);
  return { ...total, ...times, wrapUpErrors };
}
