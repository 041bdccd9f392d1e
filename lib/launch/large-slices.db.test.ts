/**
 * Large datasets: a launch never loads more than the per-submission cap of names (a bigger slice is refused with a
 * message to split it); outside datasets are mirrored by launches at most every MIRROR_TTL_MS and never by previews.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { parseSplitType } from "@/lib/campaigns/split";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { startSamMock, type SamMetadata } from "@/lib/testing/mocks/sam";
import { forgetCatalogue, lastSnapshotAt, snapshotIfStale, MIRROR_TTL_MS } from "@/lib/catalogue";
import { previewLaunch } from "./launch-stage";
import { takeSliceSql, MAX_FILES_PER_SUBMISSION } from "./take-slice";

process.env.POMS_CATALOGUE_ALLOW_HTTP = "1"; // the mock SAM speaks plain http on this machine

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;

test("a slice over the per-submission cap is refused with a message to split, its names never loaded", async () => {
  assert.equal(MAX_FILES_PER_SUBMISSION, 100_000);
  const { stage, experiment } = await freshStage({ files: 12, split: "none" });
  const spec = parseSplitType("none");
  if (!spec.ok) throw new Error(spec.message);
  const r = await takeSliceSql(db, { experimentId: experiment.id, dataset: stage.inputDataset, spec: spec.spec, cursor: {}, delivered: [], now: Date.now(), maxFiles: 10 });
  assert.ok(!r.ok && r.reason === "too_large", JSON.stringify(r));
  if (!r.ok) assert.match(r.message, /This slice has 12 files; one submission takes at most 10\. Give the stage a split/);
  const within = await takeSliceSql(db, { experimentId: experiment.id, dataset: stage.inputDataset, spec: spec.spec, cursor: {}, delivered: [], now: Date.now(), maxFiles: 12 });
  assert.ok(within.ok && within.files.length === 12);
  const preview = await takeSliceSql(db, { experimentId: experiment.id, dataset: stage.inputDataset, spec: spec.spec, cursor: {}, delivered: [], now: Date.now(), maxFiles: 10, fileLimit: 0 });
  assert.ok(preview.ok && preview.fileCount === 12, "a preview (names capped anyway) still counts");
});

const run = `${process.pid}_${Date.now()}`;
const samFiles: SamMetadata[] = Array.from({ length: 30 }, (_, i) => ({ file_name: `big_${run}_${i}.root`, file_id: i + 1, file_size: 10, data_tier: "raw", runs: [[5000, i, "physics"]], start_time: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString() }));
const sam = await startSamMock({ files: samFiles, definitions: { [`big_${run}`]: "data_tier raw" } });
after(() => sam.close());

test("previews never call the outside catalogue; launches mirror a dataset at most every MIRROR_TTL_MS", async () => {
  const { stage, experiment } = await freshStage({ experiment: "icarus", dataset: `big_${run}`, split: "nfiles(10)" });
  const before = await db.experiment.findUniqueOrThrow({ where: { id: experiment.id }, select: { catalogueKind: true, catalogueUrl: true } });
  await db.experiment.update({ where: { id: experiment.id }, data: { catalogueKind: "SAM", catalogueUrl: `${sam.url}/sam/icarus/api` } });
  forgetCatalogue(experiment.id);
  try {
    const operator = await person((await db.membership.findFirstOrThrow({ where: { experimentId: experiment.id, role: "PRODUCTION", active: true }, include: { person: true } })).person.username);
    // Never read: the preview says the launch will read it, and asks SAM nothing.
    await assert.rejects(previewLaunch(operator, { stageId: stage.id, mode: "normal" }), /has not been read from SAM yet: launching reads it/);
    assert.equal(sam.requests.length, 0);
    // A launch's mirror reads it; a second within the TTL does not; after it, it does again.
    const t0 = Date.now();
    const first = await snapshotIfStale(experiment.id, `big_${run}`, { now: t0 });
    assert.ok(first.ok && first.value.mirrored);
    const asked = sam.requests.length;
    assert.ok(asked > 0);
    const second = await snapshotIfStale(experiment.id, `big_${run}`, { now: t0 + MIRROR_TTL_MS - 1000 });
    assert.ok(second.ok && !second.value.mirrored);
    assert.equal(sam.requests.length, asked, "within the TTL nothing is asked");
    // The preview reads the copy and says how old it is, still without asking SAM.
    const p = await previewLaunch(operator, { stageId: stage.id, mode: "normal" });
    assert.equal(p.fileCount, 10);
    assert.match(p.sliceLabel, /files 1–10 of 30 \(as read from SAM less than a minute ago\)/);
    assert.equal(sam.requests.length, asked);
    const third = await snapshotIfStale(experiment.id, `big_${run}`, { now: Date.now() + MIRROR_TTL_MS + 1000 });
    assert.ok(third.ok && third.value.mirrored);
    assert.ok(sam.requests.length > asked);
    assert.ok(await lastSnapshotAt(experiment.id, `big_${run}`));
  } finally {
    await db.experiment.update({ where: { id: experiment.id }, data: before });
    forgetCatalogue(experiment.id);
  }
});
