/**
 * Launching with the newer split types: the submission stores the campaign slice's key and catch-all flag, the
 * matching per-slice options reach the command, a test split takes its slice without moving the stage's cursor,
 * and multiparam's combination reaches the command. Previews only (no batch system) except where a launch is the point.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { parseSplitType, type SplitCursor } from "@/lib/campaigns/split";
import { launchStage, previewLaunch } from "./launch-stage";
import { slicePreview } from "./slice-preview";
import { deliveredBy, takeSliceSql } from "./take-slice";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;

/** Takes the stage's next `n` slices through submissions that hold their files, as launches would (campaign slicing drains). */
async function takeSlices(stage: { id: number; campaignId: number; splitType: string; inputDataset: string }, experimentId: number, n: number) {
  const parsed = parseSplitType(stage.splitType);
  if (!parsed.ok) throw new Error(parsed.message);
  let cursor: SplitCursor = { index: 0 };
  for (let i = 0; i < n; i++) {
    const r = await takeSliceSql(db, { experimentId, dataset: stage.inputDataset, spec: parsed.spec, cursor, delivered: await deliveredBy(db, stage.id, parsed.spec, cursor), now: Date.now() });
    if (!r.ok) throw new Error(r.message);
    const sub = await fakeLaunchedSubmission(stage, experimentId, { cursorBefore: cursor, cursorAfter: r.next });
    await db.$executeRaw`INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status", "updatedAt")
      SELECT ${sub.id}, f.id, 'INPUT', 'PENDING', now() FROM "DataFile" f WHERE f."experimentId" = ${experimentId} AND f."name" = ANY(${r.files}::text[])`;
    cursor = r.next;
  }
  await db.splitCursor.upsert({ where: { stageId: stage.id }, create: { stageId: stage.id, position: cursor }, update: { position: cursor } });
}

/** A dataset of 12 files: detectors far/near by turn, the last two without one; an hour apart. */
async function taggedDataset(experimentId: number) {
  const name = `tagged_${process.pid}_${Date.now()}`;
  const ds = await db.dataset.create({ data: { experimentId, name } });
  await db.$executeRaw`
    WITH f AS (INSERT INTO "DataFile" ("experimentId", "name", "detector", "startTime")
               SELECT ${experimentId}, ${name} || '_' || lpad(i::text, 2, '0') || '.root', CASE WHEN i >= 10 THEN NULL WHEN i % 2 = 0 THEN 'far' ELSE 'near' END,
                      '2026-10-01'::timestamp + i * interval '1 hour' FROM generate_series(0, 11) i RETURNING id, "name")
    INSERT INTO "DatasetFile" ("datasetId", "fileId", "position") SELECT ${ds.id}, id, (row_number() OVER (ORDER BY "name"))::int FROM f`;
  return name;
}

test("campaign slicing: the preview names the slice, its options reach the command, the launch stores key and catch-all", async () => {
  const base = await freshStage({ files: 1 });
  const dataset = await taggedDataset(base.experiment.id);
  const { stage } = await freshStage({ dataset, split: "slices(detector)", stage: { sliceOptions: [{ match: { detector: "far" }, overrides: [["--memory", "4000MB"]] }] } });
  const noah = await person("noah");
  const p1 = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(p1.sliceLabel, "slice 1 of 3, detector far — 5 files");
  assert.equal(p1.sliceKey, "detector=far#1");
  assert.equal(p1.fileCount, 5);
  assert.match(p1.command, /--memory 4000MB/, "the slice's option wins over the job type's 2000MB");
  assert.doesNotMatch(p1.command, /2000MB/);
  // Take the two tagged slices; the next launch is the catch-all: flagged on the submission.
  await takeSlices(stage, base.experiment.id, 2);
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.notEqual(out.kind, "held");
  if (out.kind === "held") return;
  const sub = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
  assert.equal(sub.sliceKey, "catch-all#1");
  assert.equal(sub.catchAll, true);
  assert.match(sub.sliceLabel, /catch-all: files in no tagged slice \(missing detector\) — 2 files/);
  assert.match(sub.command, /--memory 2000MB/, "the catch-all matches no slice option");
  assert.equal(await db.submissionFile.count({ where: { submissionId: sub.id, role: "INPUT" } }), 2);
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { index: 3 });
});

test("a test split: a test launch takes its slice from the stage's test split and leaves the cursor where it was", async () => {
  const { stage } = await freshStage({ files: 30, split: "nfiles(10)", stage: { testSplitType: "limitn(3)" } });
  await db.splitCursor.upsert({ where: { stageId: stage.id }, create: { stageId: stage.id, position: { offset: 10 } }, update: { position: { offset: 10 } } });
  const noah = await person("noah");
  const t = await previewLaunch(noah, { stageId: stage.id, mode: "test" });
  assert.equal(t.fileCount, 3);
  assert.equal(t.sliceLabel, "test split limitn(3): first 3 of 30 files");
  assert.deepEqual(t.cursorAfter, { offset: 10 });
  const out = await launchStage({ person: noah, trigger: "TEST" }, { stageId: stage.id, mode: "test" });
  assert.notEqual(out.kind, "held");
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 10 });
  const normal = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(normal.sliceLabel, "files 11–20 of 30");
  // Without a test split a test launch takes the stage's next slice, still without moving the cursor.
  await db.campaignStage.update({ where: { id: stage.id }, data: { testSplitType: null } });
  const plain = await previewLaunch(noah, { stageId: stage.id, mode: "test" });
  assert.equal(plain.sliceLabel, "files 11–20 of 30");
  assert.deepEqual(plain.cursorAfter, { offset: 10 });
});

test("multiparam: one combination per launch, its values in the command, no input dataset needed", async () => {
  const { stage } = await freshStage({ dataset: "", split: "multiparam(energy=[1,2], flavour=[numu,nue])", stage: { paramOverrides: [["--energy", "%(energy)s"]] } });
  const noah = await person("noah");
  await db.splitCursor.upsert({ where: { stageId: stage.id }, create: { stageId: stage.id, position: { index: 3 } }, update: { position: { index: 3 } } });
  const p = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(p.sliceLabel, "combination 4 of 4: 2 × nue");
  assert.equal(p.dataset, "2_nue");
  assert.match(p.command, /--dataset 2_nue/);
  assert.match(p.command, /--energy 2/);
  assert.deepEqual(p.cursorAfter, { index: 4 });
});

test("the stage page's slice preview: the plan still to take, paged, the next slice marked, the catch-all counted, the test split", async () => {
  const base = await freshStage({ files: 1 });
  const dataset = await taggedDataset(base.experiment.id);
  const { stage } = await freshStage({ dataset, split: "slices(detector; files=1)", stage: { testSplitType: "limitn(2)" } });
  const noah = await person("noah");
  const first = await slicePreview(noah, stage.id, 0);
  assert.ok(first.plan);
  assert.equal(first.plan.sliceCount, 12);
  assert.equal(first.plan.catchAll, 2);
  assert.equal(first.plan.slices.length, 12);
  assert.deepEqual(first.plan.slices.slice(-2).map((s) => s.kind), ["catch-all", "catch-all"]);
  // Eleven slices taken: the plan lists what is left, numbered on from them.
  await takeSlices(stage, base.experiment.id, 11);
  const p = await slicePreview(noah, stage.id, 0);
  assert.ok(p.plan);
  assert.equal(p.plan.sliceCount, 12);
  assert.equal(p.plan.total, 12);
  assert.equal(p.plan.catchAll, 1, "what the catch-all still holds");
  assert.equal(p.plan.nextIndex, 11);
  assert.equal(p.plan.pages, 1);
  assert.deepEqual(p.plan.slices.map((s) => [s.index, s.kind, s.label]), [[11, "catch-all", "catch-all: files in no tagged slice (missing detector), part 2 of 2 — 1 file"]]);
  assert.ok(p.next.ok && p.next.catchAll && p.next.fileCount === 1 && /catch-all/.test(p.next.label));
  assert.ok(p.test?.ok && p.test.label === "test split limitn(2): first 2 of 12 files" && p.test.fileCount === 2);
  const other = await freshStage({ files: 7, split: "nfiles(5)" });
  const q = await slicePreview(noah, other.stage.id, 0);
  assert.equal(q.plan, null);
  assert.ok(q.next.ok && q.next.label === "files 1–5 of 7" && q.next.fileCount === 5);
  assert.equal(q.test, null);
});
