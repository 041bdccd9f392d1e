import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { catalogueFor, datasetFilesSql, forgetCatalogue, snapshotDataset } from "./index";
import { startSamMock, type SamMetadata } from "@/lib/testing/mocks/sam";
import { startMetacatMock } from "@/lib/testing/mocks/metacat";

// The mock servers speak plain http on this machine: the switch for tests (lib/catalogue/service-address.ts).
process.env.POMS_CATALOGUE_ALLOW_HTTP = "1";
const run = `${process.pid}_${Date.now()}`;
const samFiles: SamMetadata[] = Array.from({ length: 2500 }, (_, i) => ({
  file_name: `snap_${run}_${String(i).padStart(5, "0")}.root`,
  file_id: i + 1,
  file_size: 1000 + i,
  data_tier: "raw",
  data_stream: i % 3 ? "numi" : "cosmic",
  runs: [[3000 + Math.floor(i / 100), i % 100, "physics"]],
  start_time: new Date(Date.UTC(2026, 8, 1) + i * 60_000).toISOString(),
  event_count: i,
  "sbn_dm.detector": i % 2 ? "far" : "near",
}));
const sam = await startSamMock({ files: samFiles, definitions: { big_raw: "data_tier raw", numi_only: "data_stream numi" } });
const metacat = await startMetacatMock({
  files: [{ fid: "1", namespace: `mc${process.pid}`, name: "a.hdf5", size: 5, metadata: { "core.runs": [1], "core.data_tier": "raw" } }],
  datasets: { [`mc${process.pid}:raw`]: [`mc${process.pid}:a.hdf5`] },
});
after(() => Promise.all([sam.close(), metacat.close()]));

const samExp = await db.experiment.create({ data: { name: `samx${process.pid}`, displayName: "SAM test", catalogueKind: "SAM", catalogueUrl: `${sam.url}/sam/samx/api` } });
const mcExp = await db.experiment.create({ data: { name: `mc${process.pid}`, displayName: "MetaCat test", catalogueKind: "METACAT", catalogueUrl: `${metacat.url}/dune_meta_prod/app` } });

test("catalogueFor answers with the experiment's own catalogue", async () => {
  assert.deepEqual(await catalogueFor(samExp.id).countFiles(samExp.id, "numi_only"), { ok: true, value: samFiles.filter((f) => f.data_stream === "numi").length });
  assert.equal(sam.requests.at(-1)!.path, "/sam/samx/api/files/count");
  const mc = await catalogueFor(mcExp.id).datasetFiles(mcExp.id, "raw");
  assert.ok(mc.ok && mc.value.length === 1 && mc.value[0].name === "a.hdf5");
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  assert.deepEqual(await catalogueFor(nova.id).countFiles(nova.id, "nova_raw_2026"), { ok: true, value: 120 });
  // A choice without its address says so instead of guessing.
  const bare = await db.experiment.create({ data: { name: `bare${process.pid}`, displayName: "bare", catalogueKind: "SAM" } });
  const r = await catalogueFor(bare.id).countFiles(bare.id, "x");
  assert.ok(!r.ok && /no SAM web address/.test(r.message));
});

test("a snapshot mirrors an outside dataset in bulk: files with metadata, the dataset in order, an audit event; slicing SQL reads it", async () => {
  const before = Date.now();
  const r = await snapshotDataset(samExp.id, "big_raw", { actorId: null });
  assert.deepEqual(r, { ok: true, value: { dataset: "big_raw", files: 2500, mirrored: true, catalogue: "SAM" } });
  const took = Date.now() - before;
  const f = await db.dataFile.findUniqueOrThrow({ where: { experimentId_name: { experimentId: samExp.id, name: samFiles[7].file_name } } });
  assert.deepEqual([f.runNumber, f.subrun, f.stream, f.detector, f.eventCount, Number(f.sizeBytes)], [3000, 7, "numi", "far", 7, 1007]);
  const rows = await db.$queryRaw<{ name: string; ord: number }[]>`
    SELECT f."name", d.ord FROM (${await datasetFilesSql(samExp.id, "big_raw")}) d JOIN "DataFile" f ON f.id = d."fileId" ORDER BY d.ord`;
  assert.equal(rows.length, 2500);
  assert.deepEqual(rows.slice(0, 3).map((x) => x.name), samFiles.slice(0, 3).map((x) => x.file_name), "catalogue order: start time");
  const audit = await db.auditEvent.findFirst({ where: { action: "catalogue.snapshot", experimentId: samExp.id }, orderBy: { id: "desc" } });
  assert.equal((audit?.data as { files: number }).files, 2500);
  assert.ok(took < 20_000, `took ${took} ms`);
  // Metadata requests went in chunks (never one per file).
  assert.ok(sam.requests.filter((q) => q.path.endsWith("/files/metadata")).length <= 13);

  // SAM changes: the next snapshot replaces the dataset's files, keeping the rows the catalogue no longer lists.
  sam.scenario.files.splice(0, 500);
  const again = await snapshotDataset(samExp.id, "big_raw");
  assert.ok(again.ok && again.value.files === 2000);
  assert.equal(await db.datasetFile.count({ where: { dataset: { experimentId: samExp.id, name: "big_raw" } } }), 2000);
  assert.equal(await db.dataFile.count({ where: { experimentId: samExp.id } }), 2500);
});

test("a failed read changes nothing", async () => {
  const count = () => db.datasetFile.count({ where: { dataset: { experimentId: samExp.id, name: "big_raw" } } });
  const n = await count();
  // The 503 last: after it the process's backoff skips this SAM for a while (that too is a failure, not a change).
  const unknown = await snapshotDataset(samExp.id, "no_such_def");
  assert.equal(!unknown.ok && unknown.kind, "not_found");
  for (const fault of ["truncated", "empty", "wrong-content-type", "http503"] as const) {
    sam.fault("POST /sam/:exp/api/files/metadata", fault, 1);
    forgetCatalogue(samExp.id);
    const r = await snapshotDataset(samExp.id, "big_raw");
    assert.equal(r.ok, false, fault);
    assert.equal(await count(), n, `${fault}: the mirror is untouched`);
    sam.clearFaults();
  }
  const skipped = await snapshotDataset(samExp.id, "big_raw");
  assert.ok(!skipped.ok && /failed recently/.test(skipped.message));
  assert.equal(await count(), n);
});

test("embedded: nothing to copy; MetaCat: mirrored, and its locations come from what the mirror knows", async () => {
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  assert.deepEqual(await snapshotDataset(nova.id, "nova_raw_2026"), { ok: true, value: { dataset: "nova_raw_2026", files: 120, mirrored: false, catalogue: "EMBEDDED" } });
  const r = await snapshotDataset(mcExp.id, "raw");
  assert.ok(r.ok && r.value.files === 1);
  await db.dataFile.update({ where: { experimentId_name: { experimentId: mcExp.id, name: "a.hdf5" } }, data: { location: "rucio:dune:a.hdf5", locatedAt: new Date() } });
  assert.deepEqual(await catalogueFor(mcExp.id).locations(mcExp.id, ["a.hdf5"]), { ok: true, value: { "a.hdf5": ["rucio:dune:a.hdf5"] } });
});
