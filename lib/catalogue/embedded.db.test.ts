import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { embeddedCatalogue as cat } from "./embedded";
import { datasetFilesSql } from "./dataset-sql";
import { parseQuery, selectFiles, type QueryableFile } from "./query";
import { seededRandom } from "@/lib/demo/random";
import fc from "fast-check";
import { GENERATED_DATASETS, queryTree, renderQuery } from "./query.arbitrary";

const run = `${process.pid}_${Date.now()}`;
const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
const E = nova.id;

/** `n` generated files named `<prefix>_NNNN.root` with metadata, some of it missing; returns them as the evaluator sees them. */
async function generate(prefix: string, n: number, seed: number): Promise<QueryableFile[]> {
  const rand = seededRandom(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const files: QueryableFile[] = Array.from({ length: n }, (_, i) => ({
    name: `${prefix}_${String(i).padStart(4, "0")}.root`,
    runNumber: rand() < 0.05 ? null : 100 + Math.floor(rand() * 20),
    subrun: Math.floor(rand() * 10),
    detector: pick(["far", "near", null]),
    stream: pick(["numi", "cosmic", "bnb"]),
    dataTier: pick(["raw", "raw", "reco"]),
    startTime: rand() < 0.1 ? null : new Date(Date.UTC(2026, 9, 1) + Math.floor(rand() * 60) * 86_400_000 + Math.floor(rand() * 86_400) * 1000),
    endTime: null,
    sizeBytes: 1000 + Math.floor(rand() * 1000),
    eventCount: Math.floor(rand() * 500),
    metadata: { "nova.period": pick(["3", "4"]) },
  }));
  await db.$executeRaw`
    INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "sizeBytes", "eventCount", "metadata")
    SELECT ${E}, t.*  FROM unnest(${files.map((f) => f.name)}::text[], ${files.map((f) => f.runNumber)}::int[], ${files.map((f) => f.subrun)}::int[], ${files.map((f) => f.detector)}::text[],
      ${files.map((f) => f.stream)}::text[], ${files.map((f) => f.dataTier)}::text[], ${files.map((f) => f.startTime?.toISOString() ?? null)}::timestamp[], ${files.map((f) => f.sizeBytes)}::bigint[],
      ${files.map((f) => f.eventCount)}::int[], ${files.map((f) => JSON.stringify(f.metadata))}::jsonb[]) t`;
  return files;
}

test("SQL and the in-memory evaluator select the same files in the same order, for many queries over generated files", async () => {
  const prefix = `gen_${run}`;
  const files = await generate(prefix, 600, 7);
  await db.dataset.create({ data: { experimentId: E, name: `${prefix}_all`, query: `file_name ${prefix}_%` } });
  const scoped = (q: string) => `defname: ${prefix}_all and (${q.split(" with ")[0]})${q.includes(" with ") ? ` with ${q.split(" with ").slice(1).join(" with ")}` : ""}`;
  const queries = [
    "data_tier raw and detector far and stream numi and run_number 100-110",
    "detector far,near minus stream cosmic",
    "not detector far",
    "detector != far",
    "run_number 105 or subrun 3-4 and event_count > 250",
    "start_time >= 2026-10-15 and start_time < 2026-11-01",
    "nova.period 4 and data_tier reco",
    "stream numi with limit 17 with offset 5",
    "file_name %_00%5.root",
  ];
  const all = new Set(files.map((f) => f.name));
  for (const q of queries) {
    const text = scoped(q);
    const parsed = parseQuery(text);
    assert.ok(parsed.ok, text);
    if (!parsed.ok) continue;
    const expected = selectFiles(parsed.query, files, (n) => (n === `${prefix}_all` ? all : new Set())).map((f) => f.name);
    const got = await cat.queryFiles(E, text);
    assert.ok(got.ok, `${text}: ${!got.ok && got.message}`);
    if (got.ok) {
      assert.deepEqual(got.value.map((f) => f.name), expected, text);
      assert.deepEqual(got.value.map((f) => f.position), expected.map((_, i) => i));
    }
  }
});

test("a dataset with a query is that query's files; datasetFilesSql selects (fileId, ord) without loading them; counts and the list agree", async () => {
  const prefix = `q_${run}`;
  await generate(prefix, 200, 11);
  const name = `${prefix}_far_raw`;
  await db.dataset.create({ data: { experimentId: E, name, query: `file_name ${prefix}_% and detector far and data_tier raw` } });
  const listed = await cat.datasetFiles(E, name);
  assert.ok(listed.ok);
  if (!listed.ok) return;
  assert.ok(listed.value.length > 10);
  assert.ok(listed.value.every((f) => f.detector === "far" && f.dataTier === "raw"));
  const sql = await datasetFilesSql(E, name);
  const rows = await db.$queryRaw<{ fileId: bigint; ord: number }[]>`SELECT "fileId", ord FROM (${sql}) d ORDER BY ord`;
  assert.deepEqual(rows.map((r) => r.ord), listed.value.map((_, i) => i));
  const count = await cat.countFiles(E, name);
  assert.deepEqual(count, { ok: true, value: listed.value.length });
  const list = await cat.listDatasets(E);
  assert.ok(list.ok && list.value.some((d) => d.name === name && d.files === listed.value.length));
  // The demo's listed dataset keeps its positions.
  const demo = await cat.datasetFiles(E, "nova_raw_2026");
  assert.ok(demo.ok && demo.value.length === 120 && demo.value[0].position === 0);

  const missing = await cat.datasetFiles(E, "no_such_dataset");
  assert.equal(!missing.ok && missing.kind, "not_found");
  await assert.rejects(datasetFilesSql(E, "no_such_dataset"), /no dataset named/);
  // A dataset whose query refers to itself is refused with the path, not a stack overflow.
  await db.dataset.create({ data: { experimentId: E, name: `${prefix}_loop`, query: `defname: ${prefix}_loop2` } });
  await db.dataset.create({ data: { experimentId: E, name: `${prefix}_loop2`, query: `defname: ${prefix}_loop or detector far` } });
  const loop = await cat.datasetFiles(E, `${prefix}_loop`);
  assert.ok(!loop.ok && /refers to itself/.test(loop.message), !loop.ok ? loop.message : "");
  const badQuery = await cat.queryFiles(E, "detector far and");
  assert.ok(!badQuery.ok && /position 17/.test(badQuery.message));
});

test("declare outputs: rows with metadata columns, parentage, locations; idempotent; an unknown parent changes nothing", async () => {
  const parent = `raw_${run}.root`;
  await db.dataFile.create({ data: { experimentId: E, name: parent, runNumber: 42, detector: "far" } });
  const outputs = [
    { name: `out_${run}_a.root`, size: 1234, parents: [parent], metadata: { runs: [[42, 3, "physics"]], data_tier: "reco", data_stream: "numi", start_time: "2026-10-02T10:00:00+00:00", event_count: 77, "nova.release": "v3" }, location: "/pnfs/nova/out/a" },
    { name: `out_${run}_b.root`, size: 99, parents: [parent, `out_${run}_a.root`], metadata: { run_number: 42, subrun: 4, detector: "far" } },
  ];
  const first = await cat.declareFiles(E, outputs);
  assert.deepEqual(first, { ok: true, value: { declared: 2, located: 1 } });
  const a = await db.dataFile.findUniqueOrThrow({ where: { experimentId_name: { experimentId: E, name: outputs[0].name } }, include: { parents: true } });
  assert.equal(a.runNumber, 42);
  assert.equal(a.subrun, 3);
  assert.equal(a.dataTier, "reco");
  assert.equal(a.stream, "numi");
  assert.equal(a.eventCount, 77);
  assert.equal(a.sizeBytes, 1234n);
  assert.equal(a.startTime?.toISOString(), "2026-10-02T10:00:00.000Z");
  assert.equal(a.location, "/pnfs/nova/out/a");
  assert.ok(a.locatedAt && a.declaredAt);
  assert.equal((a.metadata as Record<string, unknown>)["nova.release"], "v3");
  assert.equal(a.parents.length, 1);
  const b = await db.dataFile.findUniqueOrThrow({ where: { experimentId_name: { experimentId: E, name: outputs[1].name } }, include: { parents: true } });
  assert.equal(b.parents.length, 2, "a parent declared in the same call counts");
  assert.equal(b.locatedAt, null);

  const again = await cat.declareFiles(E, [{ ...outputs[1], location: "/pnfs/nova/out/b" }]);
  assert.ok(again.ok);
  const b2 = await db.dataFile.findUniqueOrThrow({ where: { id: b.id }, include: { parents: true } });
  assert.equal(b2.parents.length, 2, "no duplicate parentage");
  assert.equal(b2.location, "/pnfs/nova/out/b");
  assert.equal(b2.detector, "far", "columns the new metadata leaves empty keep their value");

  const loc = await cat.locations(E, [outputs[0].name, outputs[1].name, "never_heard_of.root"]);
  assert.deepEqual(loc, { ok: true, value: { [outputs[0].name]: ["/pnfs/nova/out/a"], [outputs[1].name]: ["/pnfs/nova/out/b"], "never_heard_of.root": [] } });

  const before = await db.dataFile.count({ where: { experimentId: E } });
  const orphan = await cat.declareFiles(E, [{ name: `out_${run}_c.root`, size: 1, parents: ["no_such_parent.root"], metadata: {} }]);
  assert.equal(!orphan.ok && orphan.kind, "not_found");
  assert.match(!orphan.ok ? orphan.message : "", /no_such_parent\.root.*Nothing was declared/);
  assert.equal(await db.dataFile.count({ where: { experimentId: E } }), before, "nothing written");
  const badSize = await cat.declareFiles(E, [{ name: "x.root", size: -1, parents: [], metadata: {} }]);
  assert.equal(!badSize.ok && badSize.kind, "schema");
});

test("project progress of a submission's inputs; an unknown project is not_found", async () => {
  const stage = await db.campaignStage.findFirstOrThrow({ where: { campaign: { experimentId: E }, submissions: { some: {} } } });
  const sub = await db.submission.findFirstOrThrow({ where: { stageId: stage.id }, include: { files: true } });
  const p = await cat.projectProgress(E, String(sub.id));
  assert.ok(p.ok);
  if (!p.ok) return;
  const inputs = sub.files.filter((f) => f.role === "INPUT");
  assert.equal(p.value.files, inputs.length);
  assert.equal(p.value.consumed, inputs.filter((f) => f.status === "CONSUMED").length);
  assert.equal(p.value.failed, inputs.filter((f) => f.status === "FAILED").length);
  assert.equal(p.value.percent, inputs.length ? 100 : 0);
  assert.equal(p.value.state, "done");
  assert.equal(!(await cat.projectProgress(E, "abc")).ok, true);
  const other = await db.experiment.findUniqueOrThrow({ where: { name: "dune" } });
  const cross = await cat.projectProgress(other.id, String(sub.id));
  assert.equal(!cross.ok && cross.kind, "not_found", "another experiment's submission is not its project");
  void Prisma;
});

test("property: for generated queries, PostgreSQL selects exactly the files the in-memory evaluator selects, in the same order", async () => {
  // An experiment of its own, so that the whole catalogue is the generated files and `defname:` names its datasets.
  const exp = await db.experiment.create({ data: { name: `qx${process.pid}_${Date.now() % 100000}`, displayName: "query property" } });
  const rand = seededRandom(99);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const maybe = <T,>(v: T) => (rand() < 0.15 ? null : v);
  const files: QueryableFile[] = Array.from({ length: 400 }, (_, i) => ({
    name: `p_${String(i).padStart(4, "0")}`,
    runNumber: maybe(Math.floor(rand() * 25)),
    subrun: maybe(Math.floor(rand() * 25)),
    detector: maybe(pick(["far", "near", "x y"])),
    stream: maybe(pick(["numi", "near"])),
    dataTier: maybe(pick(["raw", "reco"])),
    startTime: maybe(new Date(Date.UTC(2026, 9, 1 + Math.floor(rand() * 10), Math.floor(rand() * 24)))),
    endTime: null,
    sizeBytes: maybe(Math.floor(rand() * 25)),
    eventCount: maybe(Math.floor(rand() * 25)),
    metadata: rand() < 0.2 ? {} : { "nova.period": pick(["3", "4"]) },
  }));
  await db.$executeRaw`
    INSERT INTO "DataFile" ("experimentId", "name", "runNumber", "subrun", "detector", "stream", "dataTier", "startTime", "sizeBytes", "eventCount", "metadata")
    SELECT ${exp.id}, t.* FROM unnest(${files.map((f) => f.name)}::text[], ${files.map((f) => f.runNumber)}::int[], ${files.map((f) => f.subrun)}::int[], ${files.map((f) => f.detector)}::text[],
      ${files.map((f) => f.stream)}::text[], ${files.map((f) => f.dataTier)}::text[], ${files.map((f) => f.startTime?.toISOString() ?? null)}::timestamp[], ${files.map((f) => f.sizeBytes)}::bigint[],
      ${files.map((f) => f.eventCount)}::int[], ${files.map((f) => JSON.stringify(f.metadata))}::jsonb[]) t`;
  const members: Record<string, Set<string>> = { "set a": new Set(files.filter((_, i) => i % 3 === 0).map((f) => f.name)), b: new Set(files.filter((_, i) => i % 5 < 2).map((f) => f.name)) };
  for (const name of GENERATED_DATASETS) {
    const ds = await db.dataset.create({ data: { experimentId: exp.id, name } });
    await db.$executeRaw`INSERT INTO "DatasetFile" ("datasetId", "fileId", "position")
      SELECT ${ds.id}, f.id, (row_number() OVER (ORDER BY f."name"))::int - 1 FROM "DataFile" f WHERE f."experimentId" = ${exp.id} AND f."name" = ANY(${[...members[name]]}::text[])`;
  }
  await fc.assert(
    fc.asyncProperty(queryTree, async (node) => {
      const text = renderQuery(node);
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
      const expected = selectFiles(parsed.query, files, (n) => members[n] ?? new Set()).map((f) => f.name);
      const got = await cat.queryFiles(exp.id, text);
      if (!got.ok) throw new Error(`${text}: ${got.message}`);
      assert.deepEqual(got.value.map((f) => f.name), expected, text);
    }),
    { numRuns: 150 },
  );
});
