/**
 * The embedded dropbox over a spool of its own: relaunches on the same data, names that are not outputs, what an
 * output inherits, which outputs are declared (consumed parents, ended jobs), which submissions are swept and in
 * what order, and folders or files that are symlinks.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { listBatchOutputs, sweepEmbeddedDropbox } from "./embedded-dropbox";

const spool = mkdtempSync(path.join(os.tmpdir(), "poms-spool-"));
const outside = mkdtempSync(path.join(os.tmpdir(), "poms-outside-"));
after(() => {
  rmSync(spool, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
let k = 0;
const batchId = () => `L20261129080000-${process.pid}-b${++k}x`;
const old = new Date(Date.now() - 60_000);
function write(batch: string, name: string, body = "x") {
  const dir = path.join(spool, batch, "output");
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, name);
  writeFileSync(f, body);
  utimesSync(f, old, old);
}

const exp = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
const prefix = `emb_${process.pid}_${Date.now()}`;
const ds = await db.dataset.create({ data: { experimentId: exp.id, name: prefix, query: "" } });
const inputs: { id: bigint; name: string }[] = [];
for (let i = 0; i < 5; i++) {
  const f = await db.dataFile.create({
    data: { experimentId: exp.id, name: `${prefix}_f${i}.root`, runNumber: 7000 + i, subrun: i, detector: "fd", stream: "numi", dataTier: "raw", eventCount: 500, startTime: new Date("2026-11-01T00:00:00Z"), metadata: { data_tier: "raw", file_type: "detector", "nova.hornpolarity": "rhc" } },
  });
  await db.datasetFile.create({ data: { datasetId: ds.id, fileId: f.id, position: i } });
  inputs.push(f);
}
const { stage } = await freshStage({ dataset: prefix, split: "none", defaults: { batchBackend: "LOCAL", completionType: "LOCATED", completionPct: 100 } });
const out = (i: number) => `${prefix}_f${i}_out.root`;

async function launched(status: "COMPLETED" | "FAILED" | "REMOVED", files: [number, "CONSUMED" | "FAILED" | "PENDING"][], extra: { createdAt?: Date; statusChangedAt?: Date; monitorDone?: boolean } = {}) {
  const b = batchId();
  const s = await fakeLaunchedSubmission(stage, exp.id, { status, batchId: b, monitorDone: extra.monitorDone ?? true, jobsCompleted: 1, statusChangedAt: extra.statusChangedAt ?? new Date(), createdAt: extra.createdAt });
  for (const [i, st] of files) await db.submissionFile.create({ data: { submissionId: s.id, fileId: inputs[i].id, role: "INPUT", status: st } });
  return { ...s, batchId: b };
}
const sweep = (now = new Date(), maxSubmissions?: number) => sweepEmbeddedDropbox(spool, now, undefined, { maxSubmissions });
const transfer = (name: string) => db.outputTransfer.findUnique({ where: { experimentId_fileName: { experimentId: exp.id, fileName: name } } });
const file = (name: string) => db.dataFile.findUnique({ where: { experimentId_name: { experimentId: exp.id, name } } });

test("a relaunch writing the same output name gets its own batch-qualified file; nothing moves between them, refresh after refresh", async () => {
  const a = await launched("COMPLETED", [[0, "CONSUMED"]]);
  const b = await launched("COMPLETED", [[0, "CONSUMED"]]);
  write(a.batchId, out(0), "first");
  write(b.batchId, out(0), "second!");
  for (let run = 0; run < 3; run++) await sweep();
  const ta = await transfer(out(0));
  const tb = await transfer(`${b.batchId}/${out(0)}`);
  assert.deepEqual([ta?.submissionId, ta?.state], [a.id, "LOCATED"]);
  assert.deepEqual([tb?.submissionId, tb?.state], [b.id, "LOCATED"]);
  assert.match((await file(out(0)))?.location ?? "", new RegExp(`${a.batchId}/output/`), "the first output keeps its location");
  assert.match((await file(`${b.batchId}/${out(0)}`))?.location ?? "", new RegExp(`${b.batchId}/output/`));
  const declaredAt = (await file(out(0)))?.declaredAt;
  await sweep();
  assert.deepEqual((await file(out(0)))?.declaredAt, declaredAt, "a handled file is not declared again");
});

test("an output named like an input is not declared over it: the input is untouched and the output is stuck with the reason; never its own parent", async () => {
  const s = await launched("COMPLETED", [[1, "CONSUMED"]]);
  write(s.batchId, inputs[1].name, "not an input");
  await sweep();
  const input = await file(inputs[1].name);
  assert.deepEqual([input?.location, input?.dataTier, input?.sizeBytes], [null, "raw", null], "the input is untouched");
  const t = await transfer(`${s.batchId}/${inputs[1].name}`);
  assert.deepEqual([t?.state, t?.submissionId], ["STUCK", s.id]);
  assert.match(t?.reason ?? "", /already has .*not an output/);
  assert.equal(await db.fileParentage.count({ where: { childId: inputs[1].id, parentId: inputs[1].id } }), 0);
});

test("outputs take run, subrun, detector and times from their parent, not its data tier or file type; they are marked as outputs; a raw dataset does not grow", async () => {
  const s = await launched("COMPLETED", [[2, "CONSUMED"]]);
  write(s.batchId, out(2));
  await sweep();
  const f = await file(out(2));
  assert.ok(f);
  assert.deepEqual([f.runNumber, f.subrun, f.detector, f.dataTier, f.eventCount], [7002, 2, "fd", null, null]);
  const md = f.metadata as Record<string, unknown>;
  assert.deepEqual([md["poms.output"], md["poms.submission_id"], md["nova.hornpolarity"], md.data_tier, md.file_type, md.parents], [true, s.id, "rhc", undefined, undefined, [inputs[2].name]]);
  const raw = await db.dataFile.count({ where: { experimentId: exp.id, name: { startsWith: prefix }, dataTier: "raw" } });
  assert.equal(raw, 5, "only the five inputs are raw");
});

test("only outputs of consumed inputs are declared: not of a failed input, nor of an unreported one while others were reported", async () => {
  const s = await launched("COMPLETED", [[3, "FAILED"], [4, "PENDING"], [0, "CONSUMED"]]);
  write(s.batchId, out(3));
  write(s.batchId, out(4));
  write(s.batchId, `${prefix}_f0_out.root`);
  await sweep();
  assert.equal(await transfer(`${s.batchId}/${out(3)}`), null);
  assert.equal(await transfer(out(3)), null);
  assert.equal(await transfer(out(4)), null);
  assert.equal(await file(out(4)), null);
  const mine = await db.outputTransfer.findMany({ where: { submissionId: s.id } });
  assert.deepEqual(mine.map((t) => t.fileName), [`${s.batchId}/${out(0)}`], "the consumed one (a relaunch of f0: batch-qualified)");
});

test("failed and removed submissions are never swept; the window counts from completion; a backlog rotates", async () => {
  const failed = await launched("FAILED", [[2, "CONSUMED"]]);
  const removed = await launched("REMOVED", [[2, "CONSUMED"]]);
  write(failed.batchId, `${prefix}_f2_failed_out.root`);
  write(removed.batchId, `${prefix}_f2_removed_out.root`);
  const oldButFresh = await launched("COMPLETED", [[3, "CONSUMED"]], { createdAt: new Date(Date.now() - 20 * 86_400_000) });
  write(oldButFresh.batchId, out(3));
  const next = await launched("COMPLETED", [[4, "CONSUMED"]]);
  write(next.batchId, out(4));
  await db.installationSetting.upsert({ where: { key: "dropbox.embedded.cursor" }, create: { key: "dropbox.embedded.cursor", value: { after: failed.id - 1 } }, update: { value: { after: failed.id - 1 } } });
  await sweep(new Date(), 1); // one a run: the failed and removed ones are not among the candidates at all
  assert.equal((await transfer(out(3)))?.submissionId, oldButFresh.id, "launched 20 days ago, completed today: swept");
  assert.equal(await transfer(out(4)), null, "not yet: beyond this run's share");
  await sweep(new Date(), 1);
  assert.equal((await transfer(out(4)))?.submissionId, next.id, "the next run goes on from where the last stopped");
  assert.equal(await db.outputTransfer.count({ where: { submissionId: { in: [failed.id, removed.id] } } }), 0);
});

test("symlinked batch or output folders are not read, symlinked files are skipped; an unreadable folder is no folder", async () => {
  const real = batchId();
  write(real, "a_out.root");
  symlinkSync(path.join(outside, "secret.txt"), path.join(spool, real, "output", "link_out.root"));
  writeFileSync(path.join(outside, "secret.txt"), "secret");
  assert.deepEqual((await listBatchOutputs(spool, real))?.map((f) => f.name), ["a_out.root"]);
  const linkedOutput = batchId();
  mkdirSync(path.join(spool, linkedOutput));
  mkdirSync(path.join(outside, "out"));
  writeFileSync(path.join(outside, "out", "b_out.root"), "b");
  utimesSync(path.join(outside, "out", "b_out.root"), old, old);
  symlinkSync(path.join(outside, "out"), path.join(spool, linkedOutput, "output"));
  assert.equal(await listBatchOutputs(spool, linkedOutput), null);
  const linkedBatch = batchId();
  mkdirSync(path.join(outside, "batch", "output"), { recursive: true });
  symlinkSync(path.join(outside, "batch"), path.join(spool, linkedBatch));
  assert.equal(await listBatchOutputs(spool, linkedBatch), null);
  assert.equal(await listBatchOutputs(spool, batchId()), null);
  const many = batchId();
  for (let i = 0; i < 12; i++) write(many, `m${i}_out.root`);
  assert.equal((await listBatchOutputs(spool, many, Date.now(), 5))?.length, 5, "at most the cap a folder and run");
});
