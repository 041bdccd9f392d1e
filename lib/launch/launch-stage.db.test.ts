import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { launchStage, previewLaunch } from "./launch-stage";
import { setGlobalHold, setStageHold } from "./holds";
import { drainHeldLaunches, listHeldLaunches } from "./held-launches";
import { pollBatch } from "@/lib/submissions/refresh/poll-batch";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
const inputs = async (submissionId: number) =>
  (await db.submissionFile.findMany({ where: { submissionId, role: "INPUT" }, include: { file: true } })).map((f) => f.file.name).sort();

test("preview says what a launch would do and writes nothing", async () => {
  const { stage } = await freshStage({ split: "nfiles(4)", files: 10 });
  const noah = await person("noah");
  const before = await db.submission.count();
  const p = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(p.fileCount, 4);
  assert.equal(p.files.length, 4);
  assert.equal(p.jobCount, 2, "two files per job (the demo job type)");
  assert.match(p.command, /^demo-job\.sh --release v3\.2\.1 --dataset t_\S+ --group nova --config test\.fcl --memory 2000MB$/);
  assert.deepEqual(p.cursorAfter, { offset: 4 });
  assert.equal(p.backend, "LOCAL");
  assert.deepEqual(p.gate, { open: true, warnings: [] });
  assert.equal(await db.submission.count(), before);
});

test("a launch runs on the local backend and the refresh follows it to Completed; the cursor and snapshots are recorded", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 4 });
  const noah = await person("noah");
  const lines: string[] = [];
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }, { onProgress: (l) => lines.push(l) });
  assert.equal(out.kind, "launched", JSON.stringify(out));
  if (out.kind !== "launched") return;
  const sub = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
  assert.equal(sub.status, "NEW");
  assert.ok(sub.batchId);
  assert.ok(sub.stageSnapshotId && sub.jobTypeSnapshotId && sub.loginSetupSnapshotId);
  assert.deepEqual(sub.cursorAfter, { offset: 2 });
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 2 });
  assert.equal((await inputs(sub.id)).length, 2);
  assert.ok(lines.some((l) => l.startsWith("Batch id")), lines.join("\n"));
  assert.match(sub.launchLog, /Command: demo-job\.sh --release v3\.2\.1/);
  const deadline = Date.now() + 60_000;
  let status = sub.status as string;
  while (Date.now() < deadline && !["COMPLETED", "FAILED"].includes(status)) {
    await pollBatch(new Date());
    status = (await db.submission.findUniqueOrThrow({ where: { id: sub.id } })).status;
    if (!["COMPLETED", "FAILED"].includes(status)) await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(status, "COMPLETED");
  const jobs = await db.job.findMany({ where: { submissionId: sub.id } });
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].exitCode, 0);
  assert.ok(jobs[0].startedAt && jobs[0].endedAt);
  const history = (await db.submissionEvent.findMany({ where: { submissionId: sub.id }, orderBy: { id: "asc" } })).map((e) => e.status);
  assert.equal(history[0], "NEW");
  assert.equal(history.at(-1), "COMPLETED");
  for (let i = 1; i < history.length; i++) assert.notEqual(history[i], history[i - 1], "no duplicate consecutive entries");
});

test("two launches at the same moment take consecutive slices, never the same one", async () => {
  const { stage } = await freshStage({ split: "nfiles(3)", files: 8 });
  const noah = await person("noah");
  const [a, b] = await Promise.all([
    launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }),
    launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }),
  ]);
  if (a.kind !== "launched" || b.kind !== "launched") assert.fail(`${a.kind} ${b.kind}`);
  const fa = await inputs(a.submissionId);
  const fb = await inputs(b.submissionId);
  assert.equal(fa.length, 3);
  assert.equal(fb.length, 3);
  assert.equal(new Set([...fa, ...fb]).size, 6);
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 6 });
});

test("a test launch leaves the cursor; a relaunch takes the same files again", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 6 });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const trial = await launchStage({ person: noah, trigger: "TEST" }, { stageId: stage.id, mode: "test" });
  if (trial.kind !== "launched") assert.fail(trial.kind);
  const t = await db.submission.findUniqueOrThrow({ where: { id: trial.submissionId } });
  assert.equal(t.isTest, true);
  assert.match(t.command, /--memory 1000MB/, "the stage's test overrides");
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 2 });
  const again = await launchStage({ person: noah, trigger: "RELAUNCH" }, { stageId: stage.id, mode: "relaunch", relaunchOf: first.submissionId });
  if (again.kind !== "launched") assert.fail(again.kind);
  assert.deepEqual(await inputs(again.submissionId), await inputs(first.submissionId));
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: again.submissionId } })).parentId, first.submissionId);
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 2 });
  const other = await freshStage();
  await assert.rejects(launchStage({ person: noah, trigger: "RELAUNCH" }, { stageId: other.stage.id, mode: "relaunch", relaunchOf: first.submissionId }), /same stage/);
});

test("a held stage stores a held launch with its reason; lifting the hold drains it, oldest first", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 6 });
  const noah = await person("noah");
  const nadia = await person("nadia"); // production shifter: may hold and launch
  await setStageHold(nadia, stage.id, true, "waiting for the new calibration");
  const h1 = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  const h2 = await launchStage({ person: nadia, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(h1.kind, "held");
  assert.equal(h2.kind, "held");
  if (h1.kind !== "held") return;
  assert.equal(h1.reason, "This stage is on hold: waiting for the new calibration");
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 0, "nothing launched");
  assert.equal((await listHeldLaunches(noah, { stageId: stage.id })).length, 2);
  // Still held: the drain leaves them.
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
  await setStageHold(nadia, stage.id, false, "");
  const drained = await drainHeldLaunches({ stageId: stage.id });
  assert.equal(drained.launched, 2);
  const subs = await db.submission.findMany({ where: { stageId: stage.id }, orderBy: { id: "asc" } });
  assert.deepEqual(subs.map((s) => [s.trigger, s.launchedById, s.launchedByKind]), [["HELD_RELEASE", noah.id, "SYSTEM"], ["HELD_RELEASE", nadia.id, "SYSTEM"]]);
  assert.deepEqual(subs.map((s) => s.cursorAfter), [{ offset: 2 }, { offset: 4 }], "oldest first");
  const released = await db.heldLaunch.findMany({ where: { stageId: stage.id } });
  assert.ok(released.every((h) => h.releasedAt && h.releasedSubmissionId));
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0, "never twice");
});

test("the global hold holds every stage; only OPOS may set it, with a reason", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 6 });
  const noah = await person("noah");
  const oscar = await person("oscar");
  await assert.rejects(setGlobalHold(noah, true, "x"), /OPOS/);
  await assert.rejects(setGlobalHold(oscar, true, ""), /Say why/);
  await setGlobalHold(oscar, true, "dCache maintenance");
  try {
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    assert.equal(out.kind, "held");
    if (out.kind === "held") assert.equal(out.reason, "All launches are on hold: dCache maintenance");
    assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
  } finally {
    await setGlobalHold(oscar, false, "");
  }
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 1);
});

test("who may launch, and what is refused with a message and writes nothing", async () => {
  const { stage, campaign } = await freshStage({ split: "nfiles(4)", files: 5 });
  const nora = await person("nora"); // NOvA analysis: not this production campaign
  const dev = await person("dev"); // DUNE production
  await assert.rejects(launchStage({ person: nora, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }), (e: unknown) => e instanceof DomainError && e.status === 403);
  // Another experiment's stage is not found (its id says nothing); one the person sees but may not act on is refused.
  await assert.rejects(launchStage({ person: dev, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }), (e: unknown) => e instanceof DomainError && e.status === 404);
  const noah = await person("noah");
  // nfiles(4) over 5 files: 4, then 1, then nothing left.
  for (const expected of [4, 1]) {
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    assert.equal(out.kind, "launched");
    if (out.kind === "launched") assert.equal((await inputs(out.submissionId)).length, expected);
  }
  const count = await db.submission.count({ where: { stageId: stage.id } });
  await assert.rejects(launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }), (e: unknown) => e instanceof DomainError && e.status === 409);
  await db.campaignStage.update({ where: { id: stage.id }, data: { splitType: "nfiles(zero)" } });
  await assert.rejects(previewLaunch(noah, { stageId: stage.id, mode: "normal" }), /split type/);
  await db.campaign.update({ where: { id: campaign.id }, data: { active: false } });
  await assert.rejects(launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" }), /inactive/);
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), count);
});

test("held launches of a stage still on hold never block the drain of the others", async () => {
  const noah = await person("noah");
  const blocked = await freshStage({ split: "nfiles(1)", files: 3 });
  const open = await freshStage({ split: "nfiles(1)", files: 3 });
  await setStageHold(noah, blocked.stage.id, true, "not yet");
  await setStageHold(noah, open.stage.id, true, "briefly");
  for (let i = 0; i < 3; i++) await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: blocked.stage.id, mode: "normal" });
  await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: open.stage.id, mode: "normal" });
  await db.campaignStage.update({ where: { id: open.stage.id }, data: { hold: false } });
  // The older held launches of the still-held stage do not take the drain's window.
  const drained = await drainHeldLaunches({ max: 1 });
  assert.equal(drained.launched, 1);
  assert.equal(await db.submission.count({ where: { stageId: open.stage.id } }), 1);
  assert.equal(await db.submission.count({ where: { stageId: blocked.stage.id } }), 0);
  await setStageHold(noah, blocked.stage.id, false, "");
  await db.heldLaunch.deleteMany({ where: { stageId: blocked.stage.id } });
});

test("a relaunch of another stage's files is refused when asked, not stored as a held launch", async () => {
  const noah = await person("noah");
  const a = await freshStage({ split: "nfiles(2)", files: 4 });
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: a.stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const b = await freshStage({ split: "nfiles(2)", files: 4 });
  await setStageHold(noah, b.stage.id, true, "hold");
  await assert.rejects(launchStage({ person: noah, trigger: "RELAUNCH" }, { stageId: b.stage.id, mode: "relaunch", relaunchOf: first.submissionId }), /same stage/);
  assert.equal(await db.heldLaunch.count({ where: { stageId: b.stage.id } }), 0);
});

test("a held launch whose asker lost their membership meanwhile is not launched by the drain; it waits with the reason", async () => {
  const { stage, experiment } = await freshStage({ split: "nfiles(2)", files: 4 });
  const noah = await person("noah");
  const nadia = await person("nadia");
  await setStageHold(noah, stage.id, true, "calibration");
  const held = await launchStage({ person: nadia, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(held.kind, "held");
  const membership = await db.membership.findFirstOrThrow({ where: { personId: nadia.id, experimentId: experiment.id } });
  await db.membership.update({ where: { id: membership.id }, data: { active: false } });
  try {
    await setStageHold(noah, stage.id, false, "");
    const drained = await drainHeldLaunches({ stageId: stage.id });
    assert.equal(drained.launched, 0);
    assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 0);
    const h = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
    assert.equal(h.releasedAt, null);
    assert.match(h.lastError, /production shifters|not found/i);
  } finally {
    await db.membership.update({ where: { id: membership.id }, data: { active: true } });
  }
});
