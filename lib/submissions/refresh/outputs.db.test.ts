import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { startFtsMock } from "@/lib/testing/mocks/fts";
import { readFtsDropboxes, readHealth } from "@/lib/outputs/fts-dropbox";

const T0 = 1_764_316_800;
const { stage, experiment } = await freshStage({ experiment: "icarus", files: 2 });
const inputs = await db.$queryRaw<{ id: bigint; name: string }[]>`
  SELECT f.id, f."name" FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" JOIN "DataFile" f ON f.id = df."fileId" WHERE d."name" = ${stage.inputDataset} ORDER BY df."position"`;
const stem = (n: string) => n.replace(/\.root$/, "");
const [outA, outB] = inputs.map((f) => `${stem(f.name)}_reco.root`);
const stray = `stray_${process.pid}_${Date.now()}.root`;
const mock = await startFtsMock(
  {
    files: [
      { name: outA, steps: [{ at: T0, list: "new" }, { at: T0 + 60, list: "gone" }] },
      { name: outB, steps: [{ at: T0, list: "error", msg: "Metadata extraction failed: no JSON file" }] },
      { name: stray, steps: [{ at: T0, list: "pending", msg: "Waiting for transfer" }] },
    ],
  },
  { startAt: T0 },
);
await db.experiment.update({ where: { id: experiment.id }, data: { ftsUrl: mock.url } });
after(async () => {
  await db.experiment.update({ where: { id: experiment.id }, data: { ftsUrl: null } });
  await mock.close();
});
const sub = await fakeLaunchedSubmission(stage, experiment.id, { status: "COMPLETED", monitorDone: true });
for (const f of inputs) await db.submissionFile.create({ data: { submissionId: sub.id, fileId: f.id, role: "INPUT", status: "CONSUMED" } });

const transfers = async () =>
  Object.fromEntries((await db.outputTransfer.findMany({ where: { experimentId: experiment.id, fileName: { in: [outA, outB, stray] } } })).map((t) => [t.fileName, t]));

test("the FTS status becomes transfers tied to the submission by name; an error is stuck with FTS's reason; a failed read changes nothing", async () => {
  const backoff = new EndpointBackoff();
  const now = new Date("2026-11-29T10:00:00Z");
  const r = await readFtsDropboxes(now, { backoff });
  assert.equal(r.failed, 0, r.errors.join("; "));
  let t = await transfers();
  assert.deepEqual([t[outA].state, t[outA].rawState, t[outA].submissionId], ["WAITING", "new", sub.id]);
  assert.deepEqual([t[outB].state, t[outB].reason, t[outB].submissionId], ["STUCK", "Metadata extraction failed: no JSON file", sub.id]);
  assert.deepEqual(t[outB].stuckSince, now);
  assert.deepEqual([t[stray].state, t[stray].submissionId], ["TRANSFERRING", null], "a file no input explains stays untied");
  assert.equal((await readHealth(experiment.id))?.staleSince, null);

  // FTS answers 503 (HTML): nothing changes, the dropbox is stale, and it is skipped for a while.
  mock.clock.set(T0 + 60); // outA has left the dropbox meanwhile
  mock.fault("GET /status", "http503", 1);
  const before = await transfers();
  const failed = await readFtsDropboxes(new Date(now.getTime() + 60_000), { backoff });
  assert.equal(failed.failed, 1);
  assert.deepEqual(await transfers(), before, "a failed read is never a state change");
  const health = await readHealth(experiment.id);
  assert.equal(health?.staleSince, new Date(now.getTime() + 60_000).toISOString());
  assert.match(health?.reason ?? "", /HTTP 503/);
  const skipped = await readFtsDropboxes(new Date(now.getTime() + 70_000), { backoff });
  assert.equal(skipped.skipped, 1, "backed off");
  assert.deepEqual(await transfers(), before);

  // The next good read: outA left the dropbox; the catalogue has its location, so it is located.
  await db.dataFile.create({ data: { experimentId: experiment.id, name: outA, location: "enstore:/pnfs/icarus/reco/" + outA, declaredAt: now, locatedAt: now } });
  const ok = await readFtsDropboxes(new Date(now.getTime() + 120_000), { backoff });
  assert.equal(ok.read, 1, ok.errors.join("; "));
  t = await transfers();
  assert.deepEqual([t[outA].state, t[outA].submissionId], ["LOCATED", sub.id]);
  assert.equal((await readHealth(experiment.id))?.staleSince, null);
  const out = await db.$queryRaw<{ status: string }[]>`
    SELECT sf."status"::text AS status FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${sub.id} AND sf."role" = 'OUTPUT' AND f."name" = ${outA}`;
  assert.deepEqual(out, [{ status: "LOCATED" }]);

  // Replaying the same answer changes nothing.
  const replay = await readFtsDropboxes(new Date(now.getTime() + 180_000), { backoff });
  assert.deepEqual([replay.changed, replay.left, replay.located], [0, 0, 0]);

  // More than a day later the stray file still waits for its transfer: stuck, with how long.
  await readFtsDropboxes(new Date(now.getTime() + 25 * 3600_000), { backoff });
  t = await transfers();
  assert.equal(t[stray].state, "STUCK");
  assert.match(t[stray].reason, /^Transferring in the dropbox since 2026-11-29 10:00 UTC, more than 24 hours: Waiting for transfer$/);
});
