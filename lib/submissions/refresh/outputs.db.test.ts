import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { EndpointBackoff } from "@/lib/adapters/backoff";
import { success } from "@/lib/adapters/result";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { startFtsMock } from "@/lib/testing/mocks/fts";
import { readFtsDropboxes, readHealth } from "@/lib/outputs/fts-dropbox";
// The mock FTS answers on http://127.0.0.1: allowed only with this switch (lib/catalogue/service-address.ts).
process.env.POMS_CATALOGUE_ALLOW_HTTP = "1";

const T0 = 1_764_316_800;
const { stage, experiment } = await freshStage({ experiment: "icarus", files: 4 });
const inputs = await db.$queryRaw<{ id: bigint; name: string }[]>`
  SELECT f.id, f."name" FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" JOIN "DataFile" f ON f.id = df."fileId" WHERE d."name" = ${stage.inputDataset} ORDER BY df."position"`;
const stem = (n: string) => n.replace(/\.root$/, "");
// The demo job type's output file pattern is "%_out.root".
const [outA, outB, outC, outD] = inputs.map((f) => `${stem(f.name)}_out.root`);
const hist = `${stem(inputs[0].name)}_hist.txt`;
const stray = `stray_${process.pid}_${Date.now()}_out.root`;
const hostile = `${stem(inputs[0].name)}_evil\u0000_out.root`;
const mock = await startFtsMock(
  {
    files: [
      { name: outA, steps: [{ at: T0, list: "new" }, { at: T0 + 60, list: "gone" }] },
      { name: outB, steps: [{ at: T0, list: "error", msg: "Metadata extraction failed: no JSON file" }] },
      { name: stray, steps: [{ at: T0, list: "pending", msg: "Waiting for transfer" }] },
      { name: hist, steps: [{ at: T0, list: "new" }] },
      { name: inputs[1].name, steps: [{ at: T0, list: "new" }] },
      { name: outC, steps: [{ at: T0, list: "new" }] },
      { name: hostile, steps: [{ at: T0, list: "new" }] },
      // outD: in the dropbox, missing from one read (a blip), back again.
      { name: outD, steps: [{ at: T0, list: "new" }, { at: T0 + 300, list: "gone" }, { at: T0 + 360, list: "new" }] },
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
// A relaunch that read input 2 again: an output of input 2 cannot be told apart; a failed launch on input 3 is no candidate.
const relaunch = await fakeLaunchedSubmission(stage, experiment.id, { status: "RUNNING" });
await db.submissionFile.create({ data: { submissionId: relaunch.id, fileId: inputs[2].id, role: "INPUT", status: "PENDING" } });
const failedLaunch = await fakeLaunchedSubmission(stage, experiment.id, { status: "FAILED", monitorDone: true });
await db.submissionFile.create({ data: { submissionId: failedLaunch.id, fileId: inputs[0].id, role: "INPUT", status: "PENDING" } });

const names = [outA, outB, outC, outD, stray, hist, inputs[1].name];
const transfers = async () => Object.fromEntries((await db.outputTransfer.findMany({ where: { experimentId: experiment.id, fileName: { in: names } } })).map((t) => [t.fileName, t]));
const sec = (s: number) => new Date((T0 + s) * 1000);

test("the FTS status becomes transfers tied by name and pattern; stray, non-output, input and ambiguous names stay untied with a reason; a hostile entry is skipped alone", async () => {
  const backoff = new EndpointBackoff();
  mock.clock.set(T0);
  const r = await readFtsDropboxes(sec(0), { backoff });
  assert.equal(r.failed, 0, r.errors.join("; "));
  assert.equal(r.read, 1, "one NUL in one name does not stop the read");
  const t = await transfers();
  assert.deepEqual([t[outA].state, t[outA].rawState, t[outA].submissionId, t[outA].parentFileId], ["WAITING", "new", sub.id, inputs[0].id]);
  assert.deepEqual([t[outB].state, t[outB].reason, t[outB].submissionId], ["STUCK", "Metadata extraction failed: no JSON file", sub.id]);
  assert.deepEqual(t[outB].stuckSince, sec(0));
  assert.deepEqual([t[stray].state, t[stray].submissionId], ["TRANSFERRING", null]);
  assert.match(t[stray].tieNote, /No input/);
  assert.equal(t[hist].submissionId, null, "a name no output file pattern matches is not an output of the job");
  assert.match(t[hist].tieNote, /pattern/);
  assert.equal(t[inputs[1].name].submissionId, null, "an input dropped into the dropbox is not an output");
  assert.match(t[inputs[1].name].tieNote, /input file/);
  assert.equal(t[outC].submissionId, null, "two live submissions read its input: not tied to the newest");
  assert.match(t[outC].tieNote, new RegExp(`Submissions ${sub.id}, ${relaunch.id}`));
  assert.equal(t[outD].submissionId, sub.id, "the failed launch on the same input is no candidate");
  assert.equal((await db.outputTransfer.count({ where: { experimentId: experiment.id, fileName: { contains: "evil" } } })), 0);
  assert.equal((await readHealth(experiment.id))?.skipped, 1, "the skipped entry is counted for the page");
});

test("a failed read changes nothing and says why in people's words; leaving the dropbox takes two good reads; a blip keeps firstSeenAt and stuckSince", async () => {
  const backoff = new EndpointBackoff();
  mock.clock.set(T0 + 60); // outA has left the dropbox meanwhile
  mock.fault("GET /status", "http503", 1);
  const before = await transfers();
  const failed = await readFtsDropboxes(sec(60), { backoff });
  assert.equal(failed.failed, 1);
  assert.deepEqual(await transfers(), before, "a failed read is never a state change");
  const health = await readHealth(experiment.id);
  assert.equal(health?.staleSince, sec(60).toISOString());
  assert.match(health?.reason ?? "", /^FTS answered with an error; next try after \d\d:\d\d UTC$/);
  assert.doesNotMatch(health?.reason ?? "", /127\.0\.0\.1|503|ECONN/, "no host or codes on the page");
  assert.equal((await readFtsDropboxes(sec(70), { backoff })).skipped, 1, "backed off");

  await db.dataFile.create({ data: { experimentId: experiment.id, name: outA, location: "enstore:/pnfs/icarus/reco/" + outA, declaredAt: sec(0), locatedAt: sec(0) } });
  const first = await readFtsDropboxes(sec(120), { backoff: new EndpointBackoff() });
  assert.equal(first.read, 1, first.errors.join("; "));
  let t = await transfers();
  assert.deepEqual([t[outA].state, t[outA].firstSeenAt], ["WAITING", sec(0)], "missing from one read: not gone yet");
  assert.equal((await readHealth(experiment.id))?.staleSince, null);
  await readFtsDropboxes(sec(180), { backoff: new EndpointBackoff() });
  t = await transfers();
  assert.deepEqual([t[outA].state, t[outA].submissionId], ["LOCATED", sub.id], "missing from two reads: left, and the catalogue locates it");
  const out = await db.$queryRaw<{ status: string }[]>`
    SELECT sf."status"::text AS status FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${sub.id} AND sf."role" = 'OUTPUT' AND f."name" = ${outA}`;
  assert.deepEqual(out, [{ status: "LOCATED" }]);
  const replay = await readFtsDropboxes(sec(240), { backoff: new EndpointBackoff() });
  assert.deepEqual([replay.changed, replay.left, replay.located], [0, 0, 0], "replaying the same answer changes nothing");

  // outD is missing from one read, then back: it never left, and keeps when it was first seen.
  mock.clock.set(T0 + 300);
  await readFtsDropboxes(sec(300), { backoff: new EndpointBackoff() });
  mock.clock.set(T0 + 360);
  await readFtsDropboxes(sec(360), { backoff: new EndpointBackoff() });
  t = await transfers();
  assert.deepEqual([t[outD].state, t[outD].firstSeenAt, t[outD].absentReads], ["WAITING", sec(0), 0]);
  // outB stays stuck through a blip with its stuckSince.
  assert.deepEqual([t[outB].state, t[outB].stuckSince], ["STUCK", sec(0)]);

  // More than a day later the stray file still waits for its transfer: stuck, with how long.
  await readFtsDropboxes(sec(25 * 3600), { backoff: new EndpointBackoff() });
  t = await transfers();
  assert.equal(t[stray].state, "STUCK");
  assert.match(t[stray].reason, /^Transferring in the dropbox since 2025-11-28 08:00 UTC, more than 24 hours: Waiting for transfer$/);
});

test("a read that cannot be recorded marks the dropbox stale and backs off, in people's words", async () => {
  const backoff = new EndpointBackoff();
  const errors: unknown[][] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void errors.push(a);
  try {
    const r = await readFtsDropboxes(sec(90_000), { backoff, fetchStatus: async () => success({ files: [{ name: "x\u0000y_out.root", list: "new", message: "" }], skipped: 0, complete: true }) });
    assert.equal(r.failed, 1);
  } finally {
    console.error = original;
  }
  const health = await readHealth(experiment.id);
  assert.equal(health?.staleSince, sec(90_000).toISOString());
  assert.match(health?.reason ?? "", /^FTS was read but what it holds could not be recorded; next try after/);
  assert.doesNotMatch(health?.reason ?? "", /Prisma|invalid byte|0x00/);
  assert.ok(errors.length >= 1, "the database's words go to the log");
  assert.equal((await readFtsDropboxes(sec(90_010), { backoff })).skipped, 1, "backed off");
});

test("untied names are tried in rotation: thousands of untied files never starve a later one", async () => {
  const late = `zzz_${stem(inputs[3].name)}_out.root`.replace(/^zzz_/, "");
  await db.$executeRaw`
    INSERT INTO "OutputTransfer" ("experimentId", "fileName", "state", "firstSeenAt", "updatedAt")
    SELECT ${experiment.id}, 'aaa_noise_' || ${`${process.pid}_${Date.now()}`} || '_' || lpad(i::text, 5, '0') || '_out.root', 'WAITING', ${sec(90_000)}, ${sec(90_000)} FROM generate_series(1, 5100) i`;
  await db.outputTransfer.updateMany({ where: { experimentId: experiment.id, fileName: late }, data: { submissionId: null, tieTriedAt: null } });
  const { tieByName } = await import("@/lib/outputs/tie-by-name");
  for (let run = 0; run < 3; run++) await db.$transaction((tx) => tieByName(tx, experiment.id, sec(90_100 + run)));
  assert.equal((await db.outputTransfer.findFirstOrThrow({ where: { experimentId: experiment.id, fileName: late } })).submissionId, sub.id);
});

test("the tying window counts from when a submission completed, not when it was launched", async () => {
  const { stage: st2, experiment: ex } = await freshStage({ experiment: "icarus", files: 1 });
  const [input] = await db.$queryRaw<{ id: bigint; name: string }[]>`
    SELECT f.id, f."name" FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" JOIN "DataFile" f ON f.id = df."fileId" WHERE d."name" = ${st2.inputDataset}`;
  const now = sec(200_000);
  const longRun = await fakeLaunchedSubmission(st2, ex.id, { status: "COMPLETED", monitorDone: true, createdAt: new Date(now.getTime() - 20 * 86_400_000), statusChangedAt: new Date(now.getTime() - 86_400_000) });
  await db.submissionFile.create({ data: { submissionId: longRun.id, fileId: input.id, role: "INPUT", status: "CONSUMED" } });
  const name = `${stem(input.name)}_out.root`;
  await db.outputTransfer.create({ data: { experimentId: ex.id, fileName: name, state: "WAITING", firstSeenAt: now, updatedAt: now } });
  const { tieByName } = await import("@/lib/outputs/tie-by-name");
  await db.$transaction((tx) => tieByName(tx, ex.id, now));
  assert.equal((await db.outputTransfer.findFirstOrThrow({ where: { experimentId: ex.id, fileName: name } })).submissionId, longRun.id);
});

test("an FTS address saved before the address rules (a private one) is never called: the dropbox is stale and says why", async () => {
  await db.experiment.update({ where: { id: experiment.id }, data: { ftsUrl: "https://10.1.2.3/fts" } });
  try {
    const called: string[] = [];
    const r = await readFtsDropboxes(sec(900), { backoff: new EndpointBackoff(), fetchStatus: async (url) => (called.push(url), { ok: false, kind: "network", message: "unreachable" }) });
    assert.deepEqual(called, []);
    assert.equal(r.failed, 1);
    assert.match((await readHealth(experiment.id))?.reason ?? "", /address is not allowed/);
  } finally {
    await db.experiment.update({ where: { id: experiment.id }, data: { ftsUrl: mock.url } });
  }
});
