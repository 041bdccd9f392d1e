/**
 * The split rules over a list of files (lib/campaigns/split, pure) and in PostgreSQL (take-slice.ts) cut the same
 * slices: over generated datasets (metadata missing here and there, start times over ~10 weeks, some files located)
 * every split type is run as a whole campaign both ways, comparing each slice's files, label, next cursor, key and
 * catch-all flag. The draining types deliver through real submissions and their input files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { parseSplitType, resetCursor, takeSlice, deliveringSubmissions, type CatalogueFile, type SplitCursor, type SplitSpec } from "@/lib/campaigns/split";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { takeSliceSql, slicePlanSql, deliveredBy } from "./take-slice";

const T0 = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;
let made = 0;

/** A dataset of n generated files in the embedded catalogue; returns its name and the same files for the pure rules. */
async function generated(experimentId: number, n: number, seed: number): Promise<{ dataset: string; files: CatalogueFile[] }> {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const dataset = `agree_${process.pid}_${Date.now()}_${++made}`;
  const rows = Array.from({ length: n }, (_, i) => {
    const missing = rnd() < 0.08;
    return {
      name: `${dataset}_${String(i).padStart(5, "0")}.root`,
      position: Math.floor(rnd() * 1e6) * 10 + (i % 10), // dataset order differs from name and time order
      run: rnd() < 0.05 ? null : 2000 + Math.floor(rnd() * 15),
      subrun: Math.floor(rnd() * 4),
      detector: missing ? null : ["far", "near", "ndos"][Math.floor(rnd() * 3)],
      stream: rnd() < 0.04 ? "" : ["numi", "bnb", "cosmic"][Math.floor(rnd() * 3)],
      tier: ["raw", "artdaq"][Math.floor(rnd() * 2)],
      // One beam value holds a control character and a non-ASCII one (the SQL keys partly taken groups by their values).
      beam: rnd() < 0.1 ? null : ["on", "off", "on\u001f·off"][Math.floor(rnd() * 3)],
      start: rnd() < 0.05 ? null : T0 + Math.floor((rnd() * 70 * DAY) / 1000) * 1000,
      located: rnd() < 0.7,
    };
  });
  // Positions must be unique within a dataset.
  const seen = new Set<number>();
  for (const r of rows) {
    while (seen.has(r.position)) r.position++;
    seen.add(r.position);
  }
  const ds = await db.dataset.create({ data: { experimentId, name: dataset } });
  if (n > 0)
    await db.$executeRaw`
      WITH f AS (
        INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "location", "metadata")
        SELECT ${experimentId}, r.name, r.run, r.subrun, r.detector, r.stream, r.tier, r.start::timestamp, CASE WHEN r.located THEN 'enstore:/pnfs/x' END, jsonb_build_object('beam', r.beam)
          FROM unnest(${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.run)}::int[], ${rows.map((r) => r.subrun)}::int[], ${rows.map((r) => r.detector)}::text[], ${rows.map((r) => r.stream)}::text[],
                      ${rows.map((r) => r.tier)}::text[], ${rows.map((r) => (r.start === null ? null : new Date(r.start).toISOString()))}::text[], ${rows.map((r) => r.located)}::boolean[], ${rows.map((r) => r.beam)}::text[])
               AS r(name, run, subrun, detector, stream, tier, start, located, beam)
        RETURNING id, "name")
      INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
      SELECT ${ds.id}, f.id, p.position FROM f JOIN unnest(${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.position)}::int[]) AS p(name, position) ON p.name = f."name"`;
  const files: CatalogueFile[] = rows.map((r) => ({
    name: r.name,
    position: r.position,
    runNumber: r.run,
    startTime: r.start,
    located: r.located,
    values: { detector: r.detector, stream: r.stream, data_tier: r.tier, run: r.run === null ? null : String(r.run), subrun: String(r.subrun), beam: r.beam },
  }));
  return { dataset, files };
}

const parse = (text: string): SplitSpec => {
  const r = parseSplitType(text);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
};

/** Runs a whole campaign both ways, slice by slice, and compares them. Returns how many slices it took. */
async function agree(text: string, g: { dataset: string; files: CatalogueFile[] }, ctx: { experimentId: number; stage: { id: number; campaignId: number } }): Promise<number> {
  const spec = parse(text);
  const now = T0 + 200 * DAY;
  let cursor: SplitCursor = resetCursor(spec);
  const delivered = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const pure = takeSlice({ spec, cursor, files: g.files, delivered, now });
    const ids = await deliveredBy(db, ctx.stage.id, spec, cursor);
    assert.deepEqual(ids, deliveringSubmissions(spec, cursor, await db.submission.findMany({ where: { stageId: ctx.stage.id }, select: { id: true, cursorAfter: true } })));
    const sql = await takeSliceSql(db, { experimentId: ctx.experimentId, dataset: g.dataset, spec, cursor, delivered: ids, now });
    const where = `${text}, slice ${i + 1}`;
    if (!pure.ok) {
      assert.deepEqual(sql, pure, where);
      if (pure.next) {
        cursor = pure.next;
        continue;
      }
      return i;
    }
    assert.ok(sql.ok, `${where}: ${!sql.ok ? sql.message : ""}`);
    assert.deepEqual(sql.files, pure.files.map((f) => f.name), `${where}: files`);
    assert.equal(sql.fileCount, pure.files.length, where);
    assert.equal(sql.label, pure.label, where);
    assert.deepEqual(sql.next, pure.next, where);
    assert.equal(sql.sliceKey, pure.sliceKey ?? null, where);
    assert.equal(sql.catchAll, pure.catchAll ?? false, where);
    if (DRAINING(spec)) {
      await deliver(ctx.stage, ctx.experimentId, cursor, pure.next, sql.files);
      for (const f of pure.files) delivered.add(f.name);
    }
    if (JSON.stringify(pure.next) === JSON.stringify(cursor)) return i + 1; // none, limitn: the same slice every time
    cursor = pure.next;
  }
  throw new Error(`${text}: never exhausted`);
}
const DRAINING = (s: SplitSpec) => ["drainingn", "draining", "byexistingruns", "stagedfiles", "slices"].includes(s.type);

/** Delivers a slice's files through a real submission of the stage, as a launch would. */
async function deliver(stage: { id: number; campaignId: number }, experimentId: number, cursorBefore: SplitCursor, cursorAfter: SplitCursor, files: string[]) {
  const sub = await fakeLaunchedSubmission(stage, experimentId, { cursorBefore, cursorAfter });
  if (files.length)
    await db.$executeRaw`INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "updatedAt")
      SELECT ${sub.id}, f.id, 'INPUT', 'PENDING', now() FROM "DataFile" f WHERE f."experimentId" = ${experimentId} AND f."name" = ANY(${files}::text[])`;
}

test("pure rules and PostgreSQL cut the same slices, for every split type, over generated datasets", async () => {
  const base = await freshStage({ files: 1 });
  const experimentId = base.experiment.id;
  for (const [n, seed] of [[0, 1], [1, 2], [37, 3], [900, 4]] as const) {
    const g = await generated(experimentId, n, seed);
    const specs = [
      "none",
      "limitn(25)",
      "nfiles(70)",
      "mod(7)",
      "byrun(1999, 2016)",
      "new(window=1w, lag=1h, firsttime=2026-09-01, lasttime=2026-11-15)",
      "new(window=3d, round=1d)",
    ];
    for (const text of specs) await agree(text, g, { experimentId, stage: base.stage });
    for (const text of [
      "drainingn(120)",
      "draining",
      "byexistingruns",
      "stagedfiles(150)",
      "slices(detector, stream; time=week; pilot=10%; files=40)",
      "slices(pilot=10%; files=50)",
      "slices(data_tier, beam; time=month; files=100)",
      "slices(run, subrun)",
      "slices(detector; time=day; pilot=25%)",
      "slices(beam, detector; pilot=20%; files=30)",
    ]) {
      // Each draining campaign on a stage of its own (its submissions are what counts as delivered).
      const own = await freshStage({ dataset: g.dataset });
      await agree(text, g, { experimentId, stage: own.stage });
    }
  }
});

test("the worked example in PostgreSQL: 1,000 files, d = 50 → 2 pilot submissions of 50, then 18 of 50, every file once", async () => {
  const base = await freshStage({ files: 1 });
  const name = `worked_${process.pid}_${Date.now()}`;
  const ds = await db.dataset.create({ data: { experimentId: base.experiment.id, name } });
  await db.$executeRaw`
    WITH f AS (INSERT INTO "DataFile" ("experimentId", "name", "startTime")
               SELECT ${base.experiment.id}, ${name} || '_' || lpad(i::text, 4, '0'), '2026-10-01'::timestamp + i * interval '1 minute' FROM generate_series(0, 999) i RETURNING id, "name")
    INSERT INTO "DatasetFile" ("datasetId", "fileId", "position") SELECT ${ds.id}, id, (row_number() OVER (ORDER BY "name"))::int FROM f`;
  const spec = parse("slices(pilot=10%; files=50)");
  if (spec.type !== "slices") throw new Error("slices");
  const plan = await slicePlanSql(db, { experimentId: base.experiment.id, dataset: name, spec });
  assert.ok(plan.ok);
  assert.equal(plan.plan.length, 20);
  assert.deepEqual(plan.plan.map((p) => [p.kind, p.count]).slice(0, 3), [["pilot", 50], ["pilot", 50], ["tagged", 50]]);
  assert.equal(plan.catchAll, 0);
  const seen: string[] = [];
  let cursor: SplitCursor = {};
  const take = async (c: SplitCursor, fileLimit?: number) => takeSliceSql(db, { experimentId: base.experiment.id, dataset: name, spec, cursor: c, delivered: await deliveredBy(db, base.stage.id, spec, c), now: Date.now(), fileLimit });
  for (let i = 0; i < 20; i++) {
    const r = await take(cursor);
    assert.ok(r.ok);
    assert.equal(r.files.length, 50);
    if (i < 2) assert.ok(r.files.every((f) => Number(f.slice(-4)) % 10 === 0), "the pilot is every 10th file");
    if (i === 2) {
      const preview = await take(cursor, 5);
      assert.ok(preview.ok && preview.files.length === 5 && preview.fileCount === 50 && preview.label === r.label, "a preview lists a few names and counts them all");
      const countOnly = await take(cursor, 0);
      assert.ok(countOnly.ok && countOnly.files.length === 0 && countOnly.fileCount === 50, "no names, still the count");
      const rest = await slicePlanSql(db, { experimentId: base.experiment.id, dataset: name, spec, delivered: await deliveredBy(db, base.stage.id, spec, cursor) });
      assert.ok(rest.ok && rest.plan.length === 18 && rest.total === 1000 && rest.plan[0].label === "all files, part 1 of 18 — 50 files", "the preview's plan: the slices still to take");
    }
    await deliver(base.stage, base.experiment.id, cursor, r.next, r.files);
    seen.push(...r.files);
    cursor = r.next;
  }
  assert.equal(new Set(seen).size, 1000);
  const done = await take(cursor);
  assert.ok(!done.ok && done.reason === "exhausted");
  const missing = await takeSliceSql(db, { experimentId: base.experiment.id, dataset: "no_such_dataset", spec, cursor: {}, delivered: [], now: Date.now() });
  assert.ok(!missing.ok && missing.reason === "not_found");
});

test("per-slice options come back with the slice that matches them; the catch-all matches none", async () => {
  const base = await freshStage({ files: 1 });
  const g = await generated(base.experiment.id, 60, 9);
  const spec = parse("slices(detector)");
  const sliceOptions = [{ match: { detector: "far" }, overrides: [["--memory", "4000MB"]] }];
  const got: [string | null, boolean, [string, string][]][] = [];
  let cursor: SplitCursor = {};
  const own = await freshStage({ dataset: g.dataset });
  for (let i = 0; i < 10; i++) {
    const r = await takeSliceSql(db, { experimentId: base.experiment.id, dataset: g.dataset, spec, cursor, delivered: await deliveredBy(db, own.stage.id, spec, cursor), now: Date.now(), sliceOptions });
    if (!r.ok) break;
    got.push([r.sliceKey, r.catchAll, r.overrides]);
    await deliver(own.stage, base.experiment.id, cursor, r.next, r.files);
    cursor = r.next;
  }
  assert.deepEqual(got, [
    ["detector=far#1", false, [["--memory", "4000MB"]]],
    ["detector=ndos#1", false, []],
    ["detector=near#1", false, []],
    ["catch-all#1", true, []],
  ]);
});

test("campaign slicing drains in PostgreSQL: files arriving between launches (a combination sorting first, earlier start times) are each taken once", async () => {
  const base = await freshStage({ files: 1 });
  const experimentId = base.experiment.id;
  const g = await generated(experimentId, 150, 11);
  const own = await freshStage({ dataset: g.dataset });
  const spec = parse("slices(detector; time=week; pilot=10%; files=7)");
  const files = [...g.files];
  const seen: string[] = [];
  let cursor: SplitCursor = resetCursor(spec);
  const delivered = new Set<string>();
  for (let i = 0; i < 500; i++) {
    if (i === 3) {
      // 30 files arrive: a detector value sorting before every other, starting before everything so far.
      const ds = await db.dataset.findFirstOrThrow({ where: { experimentId, name: g.dataset } });
      const late = Array.from({ length: 30 }, (_, k) => ({ name: `${g.dataset}_late_${k}.root`, position: 20_000_000 + k, start: T0 - (k + 1) * DAY, detector: k % 6 === 5 ? null : "aaa" }));
      await db.$executeRaw`
        WITH f AS (INSERT INTO "DataFile" ("experimentId", "name", "detector", "startTime", "runNumber")
                   SELECT ${experimentId}, r.name, r.detector, r.start::timestamp, 1 FROM unnest(${late.map((l) => l.name)}::text[], ${late.map((l) => l.detector)}::text[], ${late.map((l) => new Date(l.start).toISOString())}::text[]) AS r(name, detector, start) RETURNING id, "name")
        INSERT INTO "DatasetFile" ("datasetId", "fileId", "position") SELECT ${ds.id}, f.id, p.position FROM f JOIN unnest(${late.map((l) => l.name)}::text[], ${late.map((l) => l.position)}::int[]) AS p(name, position) ON p.name = f."name"`;
      files.push(...late.map((l) => ({ name: l.name, position: l.position, runNumber: 1, startTime: l.start, values: { detector: l.detector } })));
    }
    const pure = takeSlice({ spec, cursor, files, delivered, now: T0 });
    const sql = await takeSliceSql(db, { experimentId, dataset: g.dataset, spec, cursor, delivered: await deliveredBy(db, own.stage.id, spec, cursor), now: T0 });
    if (!pure.ok) {
      assert.ok(!sql.ok && sql.reason === pure.reason, `slice ${i + 1}`);
      break;
    }
    assert.ok(sql.ok, `slice ${i + 1}: ${sql.ok ? "" : sql.message}`);
    assert.deepEqual(sql.files, pure.files.map((f) => f.name), `slice ${i + 1}`);
    assert.equal(sql.label, pure.label, `slice ${i + 1}`);
    await deliver(own.stage, experimentId, cursor, sql.next, sql.files);
    for (const f of sql.files) delivered.add(f);
    seen.push(...sql.files);
    cursor = sql.next;
  }
  assert.equal(seen.length, 180, "no file twice");
  assert.equal(new Set(seen).size, 180, "every file, the late ones included");
});
