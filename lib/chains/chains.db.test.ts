import { after, test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage as makeStage } from "@/lib/testing/campaign-fixtures";
import { applyControl } from "@/lib/submissions/commands/control";
import { launchStage } from "@/lib/launch/launch-stage";
import { setStageHold } from "@/lib/launch/holds";
import { drainHeldLaunches } from "@/lib/launch/held-launches";
import type { FileStatus, SubmissionStatus } from "@/lib/generated/prisma/enums";
import { decideWrapUps } from "./decide";
import { launchQueued } from "./launch-queued";
import { launchRecoveryByHand } from "./launch-recovery";
import { wrapUpStep } from "./wrap-up-step";
import { submissionChain } from "./queries";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
/** Every campaign this file makes; their jobs are killed at the end so the local batch system is free for the next file. */
const campaigns: number[] = [];
const freshStage: typeof makeStage = async (opts) => {
  const f = await makeStage(opts);
  campaigns.push(f.campaign.id);
  return f;
};
after(async () => {
  const noah = await person("noah");
  // "Nothing to kill" (every job already over) is fine.
  for (const id of campaigns) await applyControl(noah, { level: "campaign", id }, "kill").catch((e: unknown) => assert.ok(e instanceof DomainError && /Nothing to kill/.test(e.message), String(e)));
});
const inputs = async (submissionId: number) =>
  (await db.submissionFile.findMany({ where: { submissionId, role: "INPUT" }, include: { file: true } })).map((f) => f.file.name).sort();
const short = (names: string[]) => names.map((n) => n.replace(/^.*_f/, "f"));

/** What the Located step (H3) and the per-file reports would have written: file results, then the state. */
async function finish(submissionId: number, status: SubmissionStatus, files: Record<string, FileStatus>) {
  const rows = await db.submissionFile.findMany({ where: { submissionId, role: "INPUT" }, include: { file: true } });
  for (const r of rows) {
    const key = Object.keys(files).find((k) => r.file.name.endsWith(`_${k}.root`));
    if (key) await db.submissionFile.update({ where: { submissionId_fileId_role: { submissionId, fileId: r.fileId, role: "INPUT" } }, data: { status: files[key] } });
  }
  await db.submission.update({ where: { id: submissionId }, data: { status, ...(status === "LOCATED" ? { locatedAt: new Date(), locatedBy: "rule" } : {}) } });
}

/** Declares outputs of a submission (OUTPUT rows, located) as the dropbox step would. */
async function outputs(submissionId: number, experimentId: number, names: string[]) {
  for (const name of names) {
    const f = await db.dataFile.create({ data: { experimentId, name, location: "/pnfs/test", locatedAt: new Date(), declaredAt: new Date() } });
    await db.submissionFile.create({ data: { submissionId, fileId: f.id, role: "OUTPUT", status: "LOCATED" } });
  }
}

/** Runs the wrap-up (decide, then launch) and returns the submissions it launched from `parentId`. */
async function wrapUp(parentId?: number) {
  await decideWrapUps();
  await launchQueued();
  return parentId ? db.submission.findMany({ where: { parentId }, orderBy: { id: "asc" } }) : [];
}

type RecoveryRow = { position: number; recoveryType: string; paramOverrides: [string, string][] };
const defaultList: RecoveryRow[] = [{ position: 1, recoveryType: "consumed_status", paramOverrides: [["--memory", "4000MB"]] }, { position: 2, recoveryType: "proj_status", paramOverrides: [["--time", "8h"]] }];
async function stageWithRecoveries(opts: Parameters<typeof freshStage>[0] = {}, list: RecoveryRow[] = defaultList, outputFilePatterns?: string[]) {
  const f = await freshStage(opts);
  const demo = f.jobType;
  const jt = await db.jobType.create({
    data: {
      experimentId: demo.experimentId,
      name: `jt_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 6)}`,
      launchScript: demo.launchScript,
      definitionParameters: demo.definitionParameters ?? [],
      filesPerJob: demo.filesPerJob,
      outputFilePatterns: outputFilePatterns ?? demo.outputFilePatterns,
      creatorId: demo.creatorId,
      recoveries: { create: list },
    },
  });
  const stage = await db.campaignStage.update({ where: { id: f.stage.id }, data: { jobTypeId: jt.id } });
  return { ...f, stage, jobType: jt };
}

test("recovery: the files not processed, with the entry's overrides; the overrides persist to the second recovery; a failed recovery child lets the chain go on to the dependents", async () => {
  const { stage, campaign, experiment, ownerId, login } = await stageWithRecoveries({ split: "nfiles(6)", files: 8 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: stage.jobTypeId, loginSetupId: login.id, splitType: "none" } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id, filePatterns: "%_out.root, %.hist" } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const s0 = first.submissionId;
  const cursorAfterFirst = (await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position;
  await finish(s0, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED", f0002: "CONSUMED", f0003: "CONSUMED", f0004: "FAILED", f0005: "PENDING" });
  await outputs(s0, experiment.id, [`o${s0}_a_out.root`, `o${s0}_b_out.root`, `o${s0}_c.log`]);

  const [r1] = await wrapUp(s0);
  assert.ok(r1, "a recovery was launched");
  assert.deepEqual(short(await inputs(r1.id)), ["f0004.root", "f0005.root"], "exactly the files not processed");
  assert.equal(r1.trigger, "RECOVERY");
  assert.equal(r1.recoveryPosition, 1);
  assert.deepEqual(r1.recoveryOverrides, [["--memory", "4000MB"]]);
  assert.match(r1.command, /--memory 4000MB/);
  assert.doesNotMatch(r1.command, /2000MB/, "the recovery's memory replaces the job type's");
  assert.equal(r1.launchedById, ownerId, "for the campaign's creator");
  assert.equal(r1.launchedByKind, "SYSTEM");
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, cursorAfterFirst, "a recovery moves no cursor");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "submission.launch", entityId: String(r1.id) } });
  assert.equal(audit.actorId, null, "recorded as the system");
  assert.equal((audit.data as { onBehalfOf: string }).onBehalfOf, (await db.person.findUniqueOrThrow({ where: { id: ownerId } })).username);
  assert.ok((await db.submission.findUniqueOrThrow({ where: { id: s0 } })).wrappedUpAt);
  assert.equal(await db.submission.count({ where: { stageId: next.id } }), 0, "no dependents while a recovery runs");

  // The recovery processed one of its two; the second recovery (proj_status: the failed one) keeps the memory.
  await finish(r1.id, "LOCATED", { f0004: "CONSUMED", f0005: "FAILED" });
  await outputs(r1.id, experiment.id, [`o${s0}_d_out.root`]);
  const [r2] = await wrapUp(r1.id);
  assert.deepEqual(short(await inputs(r2.id)), ["f0005.root"]);
  assert.equal(r2.recoveryPosition, 2);
  assert.deepEqual(r2.recoveryOverrides, [["--memory", "4000MB"], ["--time", "8h"]], "more memory on retry sticks");
  assert.match(r2.command, /--memory 4000MB --time 8h/);

  // The second recovery fails outright: it counts as done, the list is over, the dependents launch on every output of the chain.
  await finish(r2.id, "FAILED", {});
  const [dep] = await wrapUp(r2.id);
  assert.ok(dep, "the dependent stage launched after a failed recovery child");
  assert.equal(dep.stageId, next.id);
  assert.equal(dep.trigger, "DEPENDENCY");
  assert.deepEqual((await inputs(dep.id)).sort(), [`o${s0}_a_out.root`, `o${s0}_b_out.root`, `o${s0}_d_out.root`], "matching outputs of the first submission and its recoveries");
  const ds = await db.dataset.findUniqueOrThrow({ where: { experimentId_name: { experimentId: experiment.id, name: dep.inputDataset } } });
  assert.equal(await db.datasetFile.count({ where: { datasetId: ds.id } }), 3, "the dataset is in the catalogue");
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: r2.id } })).status, "FAILED", "its state stays Failed");
});

test("dependents: a dataset of the matching outputs, launched by the system for the owner; a held stage holds it, and the drain launches it as asked", async () => {
  const { stage, campaign, experiment, ownerId, login, jobType } = await freshStage({ split: "nfiles(2)", files: 4 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: jobType.id, loginSetupId: login.id, splitType: "none" } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id, filePatterns: "%\\_out.root" } });
  const noah = await person("noah");
  const nadia = await person("nadia");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  await outputs(first.submissionId, experiment.id, [`p${first.submissionId}_x_out.root`, `p${first.submissionId}_y_out.root`, `p${first.submissionId}_zout.root`, `p${first.submissionId}.log`]);
  await setStageHold(nadia, next.id, true, "calibration pending");
  assert.deepEqual(await wrapUp(first.submissionId), [], "held, not launched");
  const held = await db.heldLaunch.findFirstOrThrow({ where: { stageId: next.id } });
  assert.equal(held.trigger, "DEPENDENCY");
  assert.equal(held.requestedById, ownerId);
  assert.equal(held.requestedByKind, "SYSTEM");
  assert.match(held.gateReason, /calibration pending/);
  const queued = await db.chainLaunch.findFirstOrThrow({ where: { parentId: first.submissionId } });
  assert.equal(queued.outcome, "held");
  assert.equal(queued.heldLaunchId, held.id);

  await setStageHold(nadia, next.id, false, "");
  assert.equal((await drainHeldLaunches({ stageId: next.id })).launched, 1);
  const [dep] = await db.submission.findMany({ where: { stageId: next.id } });
  assert.equal(dep.parentId, first.submissionId);
  assert.deepEqual(await inputs(dep.id), [`p${first.submissionId}_x_out.root`, `p${first.submissionId}_y_out.root`], "the pattern's _ is escaped: zout does not match");
  assert.equal(dep.launchedById, ownerId);
  assert.equal(dep.launchedByKind, "SYSTEM");
  assert.equal(dep.cursorAfter, null, "a launch on a chain's dataset takes no slice");
});

test("a self-dependency relaunches the next slice of the same stage, until the split is exhausted", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 4 });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: stage.id } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  const [nextSlice] = await wrapUp(first.submissionId);
  assert.equal(nextSlice.stageId, stage.id);
  assert.equal(nextSlice.trigger, "DEPENDENCY");
  assert.deepEqual(short(await inputs(nextSlice.id)), ["f0002.root", "f0003.root"]);
  assert.deepEqual((await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position, { offset: 4 });
  await finish(nextSlice.id, "LOCATED", { f0002: "CONSUMED", f0003: "CONSUMED" });
  assert.deepEqual(await wrapUp(nextSlice.id), []);
  const ended = await db.chainLaunch.findFirstOrThrow({ where: { parentId: nextSlice.id } });
  assert.equal(ended.outcome, "ended");
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: nextSlice.id } })).wrapUpError, "", "the end of the split is not an error");
});

test("two wrap-ups at once launch each recovery once; a third finds nothing; a test launch starts no chain", async () => {
  const { stage } = await stageWithRecoveries({ split: "nfiles(2)", files: 8 });
  const noah = await person("noah");
  const parents: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    if (out.kind !== "launched") assert.fail(out.kind);
    parents.push(out.submissionId);
    await finish(out.submissionId, "LOCATED", {});
  }
  const trial = await launchStage({ person: noah, trigger: "TEST" }, { stageId: stage.id, mode: "test" });
  if (trial.kind !== "launched") assert.fail(trial.kind);
  await finish(trial.submissionId, "LOCATED", {});
  const runs = await Promise.all([wrapUpStep.run({ now: new Date(), signal: new AbortController().signal, log: () => {} }), wrapUpStep.run({ now: new Date(), signal: new AbortController().signal, log: () => {} })]);
  assert.ok(runs.every((r) => typeof r.wrappedUp === "number"));
  for (const p of parents) {
    const kids = await db.submission.findMany({ where: { parentId: p } });
    assert.equal(kids.length, 1, `submission ${p} recovered once`);
    assert.equal((await inputs(kids[0].id)).length, 2);
  }
  assert.equal(await db.submission.count({ where: { parentId: trial.submissionId } }), 0);
  assert.ok((await db.submission.findUniqueOrThrow({ where: { id: trial.submissionId } })).wrappedUpAt, "the test launch is wrapped up");
  const before = await db.submission.count({ where: { stageId: stage.id } });
  await wrapUp();
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), before, "nothing twice");
});

test("launch recovery by hand: who may, what it takes, and never twice", async () => {
  const { stage } = await stageWithRecoveries({ split: "nfiles(4)", files: 4 });
  const noah = await person("noah");
  const nora = await person("nora");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await assert.rejects(launchRecoveryByHand(noah, first.submissionId), /not finished/);
  await finish(first.submissionId, "COMPLETED", { f0000: "CONSUMED", f0001: "FAILED", f0002: "CONSUMED", f0003: "CONSUMED" });
  await assert.rejects(launchRecoveryByHand(nora, first.submissionId), (e: unknown) => e instanceof DomainError && e.status === 403);
  const out = await launchRecoveryByHand(noah, first.submissionId);
  assert.equal(out.kind, "launched");
  assert.deepEqual(out.recovery, { position: 1, type: "consumed_status", files: 1 });
  if (out.kind !== "launched") return;
  const r = await db.submission.findUniqueOrThrow({ where: { id: out.submissionId } });
  assert.equal(r.launchedById, noah.id);
  assert.equal(r.launchedByKind, "PERSON");
  assert.equal(r.trigger, "RECOVERY");
  assert.deepEqual(short(await inputs(r.id)), ["f0001.root"]);
  await assert.rejects(launchRecoveryByHand(noah, first.submissionId), /already has a recovery/);
  // The wrap-up, when it is Located, does not recover it a second time.
  await finish(first.submissionId, "LOCATED", {});
  await wrapUp();
  assert.equal(await db.submission.count({ where: { parentId: first.submissionId } }), 1);
  // Nothing left to recover.
  await finish(r.id, "LOCATED", { f0001: "CONSUMED" });
  await db.submission.update({ where: { id: r.id }, data: { wrappedUpAt: new Date() } });
  await assert.rejects(launchRecoveryByHand(noah, r.id), /nothing to recover/);
});

test("a held chain launch keeps what was decided: dataset, recovery entry and overrides, parent", async () => {
  const { heldParams, requestFromHeld } = await import("@/lib/launch/launch-stage");
  const req = { stageId: 7, mode: "normal" as const, parentId: 12, input: { dataset: "submission_12_recovery_1", label: "recovery 1" }, recovery: { position: 1, type: "consumed_status", overrides: [["--memory", "4000MB"]] as [string, string][] } };
  const stored = JSON.parse(JSON.stringify(heldParams(req)));
  assert.deepEqual(requestFromHeld(7, stored), { ...req, relaunchOf: undefined });
  assert.deepEqual(requestFromHeld(7, { mode: "relaunch", relaunchOf: 3 }), { stageId: 7, mode: "relaunch", relaunchOf: 3, parentId: undefined }, "held launches from before keep working");
  assert.deepEqual(requestFromHeld(7, { mode: "sideways", parentId: -1, input: { files: [1] } }), { stageId: 7, mode: "normal", relaunchOf: undefined, parentId: undefined });
});

test("a recovery launched by hand after the dependents ran gives the dependent stage only the outputs it has not had", async () => {
  const { stage, campaign, experiment, login, jobType } = await freshStage({ split: "nfiles(3)", files: 3 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: jobType.id, loginSetupId: login.id, splitType: "none" } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id, filePatterns: "%_out.root" } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  // Nothing failed and nothing was delivered-but-unprocessed by the list's types… except one never-delivered file.
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED", f0002: "SKIPPED" });
  await db.submission.update({ where: { id: first.submissionId }, data: { jobTypeSnapshotId: null } });
  const only = await db.jobType.create({ data: { experimentId: jobType.experimentId, name: `jt_proj_${Date.now()}`, launchScript: jobType.launchScript, definitionParameters: jobType.definitionParameters ?? [], filesPerJob: 2, outputFilePatterns: jobType.outputFilePatterns, creatorId: jobType.creatorId, recoveries: { create: [{ position: 1, recoveryType: "proj_status", paramOverrides: [] }] } } });
  await db.campaignStage.update({ where: { id: stage.id }, data: { jobTypeId: only.id } });
  await outputs(first.submissionId, experiment.id, [`q${first.submissionId}_a_out.root`]);
  const [dep1] = await wrapUp(first.submissionId);
  assert.equal(dep1.stageId, next.id, "proj_status finds nothing: the dependents run");
  const manual = await launchRecoveryByHand(noah, first.submissionId);
  if (manual.kind !== "launched") assert.fail(manual.kind);
  await finish(manual.submissionId, "LOCATED", { f0002: "CONSUMED" });
  await outputs(manual.submissionId, experiment.id, [`q${first.submissionId}_c_out.root`]);
  const [dep2] = await wrapUp(manual.submissionId);
  assert.equal(dep2.stageId, next.id);
  assert.deepEqual(await inputs(dep2.id), [`q${first.submissionId}_c_out.root`], "not the output stage 2 already had");
});

test("a bad dependency pattern or one submission the wrap-up cannot decide never stops the wrap-up for the others", async () => {
  const { stage, campaign, experiment, login, jobType } = await freshStage({ split: "nfiles(1)", files: 3 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: jobType.id, loginSetupId: login.id, splitType: "none" } });
  // Written straight to the table, as rows made before the input refused a dangling escape.
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id, filePatterns: "%_out.root, broken\\" } });
  const noah = await person("noah");
  const subs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    if (out.kind !== "launched") assert.fail(out.kind);
    subs.push(out.submissionId);
    await finish(out.submissionId, "LOCATED", { [`f000${i}`]: "CONSUMED" });
    await outputs(out.submissionId, experiment.id, [`b${out.submissionId}_out.root`]);
  }
  // The second submission fails alone (a real error raised by PostgreSQL while its launch is queued).
  const fn = `chainfix_refuse_${process.pid}`;
  await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue refused for submission %', NEW."parentId"; END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON "ChainLaunch" FOR EACH ROW WHEN (NEW."parentId" = ${subs[1]}) EXECUTE FUNCTION ${fn}()`);
  try {
    const decided = await decideWrapUps({ chunk: 10 });
    assert.equal(decided.failed, 1);
    assert.equal(decided.dependents, 2);
    assert.match(decided.wrapUpErrors.join(" "), new RegExp(`submission ${subs[1]}: .*queue refused`));
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "ChainLaunch"`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
  }
  await launchQueued();
  for (const id of [subs[0], subs[2]]) {
    const [dep] = await db.submission.findMany({ where: { parentId: id } });
    assert.ok(dep, `submission ${id} went on to the dependent stage`);
    assert.deepEqual(await inputs(dep.id), [`b${id}_out.root`], "the good pattern still matches");
  }
  const bad = await db.submission.findUniqueOrThrow({ where: { id: subs[1] } });
  assert.ok(bad.wrappedUpAt, "wrapped up, so it is not retried forever");
  assert.match(bad.wrapUpError, /could not decide what follows.*queue refused/);
  assert.equal(await db.submission.count({ where: { parentId: subs[1] } }), 0);
});

test("added_files on a split stage takes only files that arrived after the launch, never the stage's later slices", async () => {
  const { stage, experiment } = await stageWithRecoveries({ split: "nfiles(2)", files: 6 }, [{ position: 1, recoveryType: "added_files", paramOverrides: [] }]);
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  const ds = await db.dataset.findUniqueOrThrow({ where: { experimentId_name: { experimentId: experiment.id, name: stage.inputDataset } } });
  const late = await db.dataFile.create({ data: { experimentId: experiment.id, name: `late_${first.submissionId}_f9999.root`, createdAt: new Date(Date.now() + 1000) } });
  await db.datasetFile.create({ data: { datasetId: ds.id, fileId: late.id, position: 6 } });
  const [r] = await wrapUp(first.submissionId);
  assert.ok(r, "a recovery of the added file");
  assert.deepEqual(await inputs(r.id), [late.name], "not f0002…f0005: those are the stage's next slices");
});

test("pending_files matches the job type's glob output patterns on the base name, as launched (the snapshot)", async () => {
  const { stage, experiment, jobType } = await stageWithRecoveries({ split: "nfiles(3)", files: 3 }, [{ position: 1, recoveryType: "pending_files", paramOverrides: [] }], ["*_reco.root"]);
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  // Changed after the launch: the submission keeps the patterns it was launched with.
  await db.jobType.update({ where: { id: jobType.id }, data: { outputFilePatterns: ["%.log"] } });
  const ins = await db.submissionFile.findMany({ where: { submissionId: first.submissionId, role: "INPUT" }, include: { file: true }, orderBy: { fileId: "asc" } });
  const child = async (parentId: bigint, name: string) => {
    const c = await db.dataFile.create({ data: { experimentId: experiment.id, name, createdAt: new Date(Date.now() + 1000) } });
    await db.fileParentage.create({ data: { childId: c.id, parentId } });
  };
  await child(ins[0].fileId, `/pnfs/out/p${first.submissionId}_a_reco.root`); // matches on the base name
  await child(ins[1].fileId, `p${first.submissionId}_b.log`); // a child, but not an output of the job type as launched
  await finish(first.submissionId, "LOCATED", {});
  const [r] = await wrapUp(first.submissionId);
  assert.ok(r, "a recovery of the inputs with no output");
  assert.deepEqual(short(await inputs(r.id)), ["f0001.root", "f0002.root"]);
});

test("a refused recovery does not end the chain: a person retries it (the same row), and only once", async () => {
  const { stage } = await stageWithRecoveries({ split: "nfiles(2)", files: 2 });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "FAILED" });
  await db.campaignStage.update({ where: { id: stage.id }, data: { active: false } });
  assert.deepEqual(await wrapUp(first.submissionId), [], "refused: the stage is inactive");
  const refused = await db.chainLaunch.findFirstOrThrow({ where: { parentId: first.submissionId, trigger: "RECOVERY" } });
  assert.equal(refused.outcome, "refused");
  let chain = await submissionChain(noah, first.submissionId);
  assert.equal(chain.launches[0].canRetry, true, "the panel offers Retry");
  assert.equal(chain.canRecover, false);
  assert.match(chain.submission.wrapUpError, /inactive/);
  // Still inactive: the retry is refused again, and stays retryable.
  await assert.rejects(launchRecoveryByHand(noah, first.submissionId), /inactive/);
  assert.equal((await submissionChain(noah, first.submissionId)).launches[0].canRetry, true);

  await db.campaignStage.update({ where: { id: stage.id }, data: { active: true } });
  const out = await launchRecoveryByHand(noah, first.submissionId);
  if (out.kind !== "launched") assert.fail(out.kind);
  assert.deepEqual(short(await inputs(out.submissionId)), ["f0001.root"]);
  const row = await db.chainLaunch.findUniqueOrThrow({ where: { id: refused.id } });
  assert.equal(row.outcome, "launched", "the same row, reused");
  assert.equal(row.submissionId, out.submissionId);
  assert.equal(await db.chainLaunch.count({ where: { parentId: first.submissionId } }), 1);
  chain = await submissionChain(noah, first.submissionId);
  assert.equal(chain.launches[0].canRetry, false);
  assert.equal(chain.submission.wrapUpError, "");
  await assert.rejects(launchRecoveryByHand(noah, first.submissionId), /already has a recovery/);
});

test("recovery by hand while the wrap-up holds the same submission: one recovery, no deadlock", async () => {
  const { stage } = await stageWithRecoveries({ split: "nfiles(2)", files: 2 });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const p = first.submissionId;
  await finish(p, "LOCATED", { f0000: "CONSUMED", f0001: "FAILED" });
  // What the wrap-up does, slowed down: lock the submission (its claim), then queue the recovery, then commit.
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const wrapUpTx = db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Submission" WHERE id = ${p} FOR UPDATE`;
    await tx.$executeRaw`UPDATE "Submission" SET "wrappedUpAt" = now() WHERE id = ${p}`;
    locked();
    await new Promise((r) => setTimeout(r, 1500));
    await tx.$executeRaw`
      INSERT INTO "ChainLaunch" ("parentId", "stageId", "trigger", "dataset", "fileCount", "recoveryPosition", "recoveryType", "onBehalfOfId")
      VALUES (${p}, ${stage.id}, 'RECOVERY', ${`submission_${p}_recovery_1`}, 1, 1, 'consumed_status', ${noah.id}) ON CONFLICT DO NOTHING`;
  }, { timeout: 20_000 });
  await isLocked;
  const byHand = launchRecoveryByHand(noah, p);
  const [w, h] = await Promise.allSettled([wrapUpTx, byHand]);
  assert.equal(w.status, "fulfilled", `the wrap-up's transaction went through: ${w.status === "rejected" ? String(w.reason) : ""}`);
  assert.equal(h.status, "rejected");
  assert.match(String((h as PromiseRejectedResult).reason), /already has a recovery/, "the person is told, no deadlock");
  assert.equal(await db.chainLaunch.count({ where: { parentId: p, trigger: "RECOVERY" } }), 1);
  await db.chainLaunch.deleteMany({ where: { parentId: p, finishedAt: null } }); // the stand-in wrap-up's row: not for the next tests to launch
});

test("a self-edge skips an empty slice (the cursor moved on) and launches the next one, rather than ending the chain", async () => {
  const { stage, experiment } = await freshStage({ split: "byrun(100, 102)", files: 6 });
  // Runs 100, 101, 102 (two files each); run 101's files leave the dataset, so its slice is empty.
  const ds = await db.dataset.findUniqueOrThrow({ where: { experimentId_name: { experimentId: experiment.id, name: stage.inputDataset } } });
  await db.datasetFile.deleteMany({ where: { datasetId: ds.id, file: { runNumber: 101 } } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: stage.id } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  const [nextSlice] = await wrapUp(first.submissionId);
  assert.ok(nextSlice, `the chain went on: ${JSON.stringify(await db.chainLaunch.findFirst({ where: { parentId: first.submissionId } }))}`);
  assert.deepEqual(short(await inputs(nextSlice.id)), ["f0004.root", "f0005.root"], "run 102, after the empty run 101");
  assert.equal((await db.chainLaunch.findFirstOrThrow({ where: { parentId: first.submissionId } })).outcome, "launched");
});

test("a self-edge whose next slice is not there yet waits for a later refresh instead of being refused", async () => {
  const { stage, experiment } = await freshStage({ split: "stagedfiles(2)", files: 4 });
  const ds = await db.dataset.findUniqueOrThrow({ where: { experimentId_name: { experimentId: experiment.id, name: stage.inputDataset } } });
  const files = await db.datasetFile.findMany({ where: { datasetId: ds.id }, orderBy: { position: "asc" }, select: { fileId: true } });
  await db.dataFile.updateMany({ where: { id: { in: files.slice(0, 2).map((f) => f.fileId) } }, data: { location: "/pnfs/staged" } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: stage.id } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  await finish(first.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  assert.deepEqual(await wrapUp(first.submissionId), [], "nothing staged yet");
  const row = await db.chainLaunch.findFirstOrThrow({ where: { parentId: first.submissionId } });
  assert.equal(row.finishedAt, null, "still queued");
  assert.equal(row.claimedAt, null);
  assert.match(row.error, /Not launched yet: .*location/);
  assert.equal((await db.submission.findUniqueOrThrow({ where: { id: first.submissionId } })).wrapUpError, "");
  // The files are staged: the next refresh launches them.
  await db.dataFile.updateMany({ where: { id: { in: files.slice(2).map((f) => f.fileId) } }, data: { location: "/pnfs/staged" } });
  await launchQueued();
  const [kid] = await db.submission.findMany({ where: { parentId: first.submissionId } });
  assert.ok(kid);
  assert.deepEqual(short(await inputs(kid.id)), ["f0002.root", "f0003.root"]);
});

test("a stale claim is settled by what its own launch made: never a sibling's submission, and a held launch is not made twice", async () => {
  const { stage, campaign, login, jobType } = await stageWithRecoveries({ split: "nfiles(2)", files: 4 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: jobType.id, loginSetupId: login.id, splitType: "none" } });
  const self = await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: stage.id } });
  const toNext = await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id } });
  const noah = await person("noah");
  const nadia = await person("nadia");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const p = first.submissionId;
  await finish(p, "COMPLETED", { f0000: "CONSUMED", f0001: "FAILED" });
  const claimedAt = new Date(Date.now() - 20 * 60_000);
  // A self-edge launch claimed 20 minutes ago by a process that died before launching anything.
  const selfRow = await db.chainLaunch.create({ data: { parentId: p, stageId: stage.id, trigger: "DEPENDENCY", dependencyId: self.id, onBehalfOfId: noah.id, claimedAt } });
  // Since then: a recovery of the same parent on the same stage (a sibling, not what the self-edge made).
  const rec = await launchRecoveryByHand(noah, p);
  if (rec.kind !== "launched") assert.fail(rec.kind);
  // A dependent launch claimed 20 minutes ago whose launch was held before the process died.
  const files = await db.submissionFile.findMany({ where: { submissionId: p, role: "INPUT" }, select: { fileId: true } });
  const ds = await db.dataset.create({ data: { experimentId: campaign.experimentId, name: `stale_${p}`, files: { create: files.map((f, i) => ({ fileId: f.fileId, position: i })) } } });
  const depRow = await db.chainLaunch.create({ data: { parentId: p, stageId: next.id, trigger: "DEPENDENCY", dependencyId: toNext.id, dataset: ds.name, fileCount: files.length, onBehalfOfId: noah.id, claimedAt } });
  await setStageHold(nadia, next.id, true, "calibration pending");
  const held = await launchStage({ person: noah, trigger: "DEPENDENCY", bySystem: true, because: "test" }, { stageId: next.id, mode: "normal", parentId: p, input: { dataset: ds.name } });
  if (held.kind !== "held") assert.fail(held.kind);

  await launchQueued();
  const s = await db.chainLaunch.findUniqueOrThrow({ where: { id: selfRow.id } });
  assert.notEqual(s.submissionId, rec.submissionId, "not linked to the recovery");
  assert.equal(s.outcome, "launched", "launched again: it had made nothing");
  const made = await db.submission.findUniqueOrThrow({ where: { id: s.submissionId! } });
  assert.equal(made.trigger, "DEPENDENCY");
  assert.deepEqual(short(await inputs(made.id)), ["f0002.root", "f0003.root"]);
  const d = await db.chainLaunch.findUniqueOrThrow({ where: { id: depRow.id } });
  assert.equal(d.outcome, "held");
  assert.equal(d.heldLaunchId, held.heldLaunchId);
  assert.equal(await db.heldLaunch.count({ where: { stageId: next.id } }), 1, "held once, not twice");
  await setStageHold(nadia, next.id, false, "");
  await db.heldLaunch.deleteMany({ where: { stageId: next.id } });
});

test("a self-edge launches the next slice once per chain: not again from a relaunch or a later recovery of the same submission", async () => {
  const { stage } = await stageWithRecoveries({ split: "nfiles(2)", files: 8 }, [{ position: 1, recoveryType: "proj_status", paramOverrides: [] }]);
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: stage.id } });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const p = first.submissionId;
  // f0001 was never delivered: proj_status finds nothing, so the self-edge fires.
  await finish(p, "LOCATED", { f0000: "CONSUMED", f0001: "SKIPPED" });
  const [slice2] = await wrapUp(p);
  assert.deepEqual(short(await inputs(slice2.id)), ["f0002.root", "f0003.root"]);
  const cursor = async () => (await db.splitCursor.findUniqueOrThrow({ where: { stageId: stage.id } })).position;
  const after2 = await cursor();

  // A recovery by hand of the first submission: Located, it must not start a second chain.
  const rec = await launchRecoveryByHand(noah, p);
  if (rec.kind !== "launched") assert.fail(rec.kind);
  await finish(rec.submissionId, "LOCATED", { f0001: "CONSUMED" });
  assert.deepEqual(await wrapUp(rec.submissionId), [], "no next slice from the recovery");
  // A relaunch of the first submission: the same.
  const again = await launchStage({ person: noah, trigger: "RELAUNCH" }, { stageId: stage.id, mode: "relaunch", relaunchOf: p });
  if (again.kind !== "launched") assert.fail(again.kind);
  await finish(again.submissionId, "LOCATED", { f0000: "CONSUMED", f0001: "CONSUMED" });
  assert.deepEqual(await wrapUp(again.submissionId), [], "no next slice from the relaunch");
  assert.deepEqual(await cursor(), after2, "the cursor stays where the one chain left it");
  // The chain itself goes on from the next slice.
  await finish(slice2.id, "LOCATED", { f0002: "CONSUMED", f0003: "CONSUMED" });
  const [slice3] = await wrapUp(slice2.id);
  assert.deepEqual(short(await inputs(slice3.id)), ["f0004.root", "f0005.root"]);
});

test("launches waiting for a slice that is not there yet never starve fresh ones", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 2 });
  const noah = await person("noah");
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  if (first.kind !== "launched") assert.fail(first.kind);
  const waiting = await db.chainLaunch.create({ data: { parentId: first.submissionId, stageId: stage.id, trigger: "DEPENDENCY", onBehalfOfId: noah.id, error: "Not launched yet: nothing staged." } });
  const fresh = await db.chainLaunch.create({ data: { parentId: first.submissionId, stageId: stage.id, trigger: "RECOVERY", dataset: "no_such_dataset", fileCount: 1, recoveryPosition: 1, recoveryType: "consumed_status", onBehalfOfId: noah.id } });
  // Rows other tests left queued come first too: take exactly the fresh ones.
  const fresher = await db.chainLaunch.count({ where: { finishedAt: null, claimedAt: null, error: "" } });
  await launchQueued({ max: fresher });
  assert.notEqual((await db.chainLaunch.findUniqueOrThrow({ where: { id: fresh.id } })).finishedAt, null, "the fresh one was taken first");
  assert.equal((await db.chainLaunch.findUniqueOrThrow({ where: { id: waiting.id } })).claimedAt, null);
  await db.chainLaunch.deleteMany({ where: { id: { in: [waiting.id, fresh.id] } } });
});

test("consumed_status without any per-file report is judged by the jobs: all finished well → no recovery (the dependents go on); a failed job → every input", async () => {
  const { stage, campaign, login, experiment } = await stageWithRecoveries({ split: "nfiles(3)", files: 6 });
  const next = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana2", jobTypeId: stage.jobTypeId, loginSetupId: login.id, splitType: "none" } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: next.id, filePatterns: "%_out.root" } });
  const noah = await person("noah");
  const launched = async () => {
    const l = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    if (l.kind !== "launched") assert.fail(l.kind);
    return l.submissionId;
  };
  // Every input still PENDING (nobody read the jobs' lists), every job completed: nothing is known to be unprocessed.
  const good = await launched();
  await db.submission.update({ where: { id: good }, data: { jobsCompleted: 3, jobsFailed: 0, monitorDone: true } });
  await finish(good, "LOCATED", {});
  await outputs(good, experiment.id, [`g${good}_a_out.root`]);
  const [dep] = await wrapUp(good);
  assert.ok(dep, "no recovery: the dependent stage goes on");
  assert.equal(dep.trigger, "DEPENDENCY");
  // The same, but a job failed: which inputs it held is not known, so every input is recovered.
  const bad = await launched();
  await db.submission.update({ where: { id: bad }, data: { jobsCompleted: 2, jobsFailed: 1, monitorDone: true } });
  await finish(bad, "LOCATED", {});
  const [rec] = await wrapUp(bad);
  assert.equal(rec?.trigger, "RECOVERY");
  assert.equal((await inputs(rec.id)).length, 3);
});
