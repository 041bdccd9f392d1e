import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { locateCompleted } from "./locate";
import { kickSubmission } from "@/lib/submissions/commands/kick";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;

/** A Completed submission with `inputs` input files in the given states and `located` of `outputs` outputs located. */
async function completed(opts: { type?: "COMPLETE" | "LOCATED"; pct?: number; inputs: string[]; outputs?: number; located?: number; completedAt?: Date; data?: { isTest?: boolean } }) {
  const { stage, experiment } = await freshStage({ files: Math.max(1, opts.inputs.length), defaults: { batchBackend: "LOCAL", completionType: opts.type ?? "LOCATED", completionPct: opts.pct ?? 95 } });
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { status: "COMPLETED", statusChangedAt: opts.completedAt ?? new Date(), monitorDone: true, jobsCompleted: 1, ...opts.data });
  const files = await db.$queryRaw<{ id: bigint }[]>`
    SELECT df."fileId" AS id FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."name" = ${stage.inputDataset} ORDER BY df."position"`;
  for (const [i, st] of opts.inputs.entries()) await db.submissionFile.create({ data: { submissionId: sub.id, fileId: files[i].id, role: "INPUT", status: st as never } });
  for (let i = 0; i < (opts.outputs ?? 0); i++)
    await db.outputTransfer.create({ data: { experimentId: experiment.id, submissionId: sub.id, fileName: `${stage.inputDataset}_o${i}.root`, state: i < (opts.located ?? 0) ? "LOCATED" : "DECLARED", parentFileId: files[i]?.id ?? null } });
  return { sub, stage, experiment };
}
const state = (id: number) => db.submission.findUniqueOrThrow({ where: { id } });

test("located by the rule once enough expected outputs have locations; waits below the percentage; idempotent", async () => {
  const { sub, experiment } = await completed({ pct: 95, inputs: ["CONSUMED", "CONSUMED", "FAILED"], outputs: 2, located: 1 });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "COMPLETED", "1 of 2 expected (the consumed inputs) is not 95 %");
  await db.outputTransfer.updateMany({ where: { submissionId: sub.id }, data: { state: "LOCATED" } });
  const r = await locateCompleted(new Date());
  assert.ok(r.byRule >= 1);
  const s = await state(sub.id);
  assert.deepEqual([s.status, s.locatedBy, s.wrappedUpAt], ["LOCATED", "rule", null]);
  assert.ok(s.locatedAt);
  const ev = await db.submissionEvent.findMany({ where: { submissionId: sub.id, status: "LOCATED" } });
  assert.equal(ev.length, 1);
  assert.equal(ev[0].actorKind, "SYSTEM");
  assert.match(ev[0].reason, /2 of 2 expected output files/);
  await locateCompleted(new Date());
  assert.equal(await db.submissionEvent.count({ where: { submissionId: sub.id, status: "LOCATED" } }), 1, "a second run changes nothing");
  assert.ok(experiment.id);
});

test("completion type complete is Located at once; located without outputs waits, then times out after 2 days", async () => {
  const a = await completed({ type: "COMPLETE", inputs: ["PENDING"] });
  const b = await completed({ inputs: ["PENDING", "PENDING"] });
  const c = await completed({ inputs: ["PENDING", "PENDING"], completedAt: new Date(Date.now() - 2 * 86_400_000 - 60_000) });
  await locateCompleted(new Date());
  assert.deepEqual([(await state(a.sub.id)).status, (await state(a.sub.id)).locatedBy], ["LOCATED", "complete"]);
  assert.equal((await state(b.sub.id)).status, "COMPLETED", "no per-file report: every input is expected to give an output");
  assert.deepEqual([(await state(c.sub.id)).status, (await state(c.sub.id)).locatedBy], ["LOCATED", "timeout"]);
});

test("the completion rule as it was at launch (the stage snapshot) wins over today's stage", async () => {
  const { sub, stage } = await completed({ type: "COMPLETE", inputs: ["CONSUMED"], outputs: 1, located: 0 });
  const snap = await db.configSnapshot.create({ data: { kind: "STAGE", sourceId: stage.id, data: { effective: { completionType: "LOCATED", completionPct: 100 } }, digest: `t${sub.id}` } });
  await db.submission.update({ where: { id: sub.id }, data: { stageSnapshotId: snap.id } });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "COMPLETED");
  await db.outputTransfer.updateMany({ where: { submissionId: sub.id }, data: { state: "LOCATED" } });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).locatedBy, "rule");
});

test("submissions that are not Completed are never touched", async () => {
  const { sub } = await completed({ type: "COMPLETE", inputs: ["CONSUMED"] });
  await db.submission.update({ where: { id: sub.id }, data: { status: "RUNNING" } });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "RUNNING");
});

test("a kick needs campaign.act and a reason, works only on a Completed submission, is audited, and happens once", async () => {
  const { sub } = await completed({ inputs: ["PENDING"] });
  const ned = await person("ned");
  const nadia = await person("nadia");
  await assert.rejects(kickSubmission(ned, sub.id, "outputs are fine"), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  await assert.rejects(kickSubmission(nadia, sub.id, "   "), (e: unknown) => e instanceof DomainError && e.code === "invalid_input");
  assert.equal((await state(sub.id)).status, "COMPLETED", "a refused kick changes nothing");
  const r = await kickSubmission(nadia, sub.id, "outputs checked by hand in dCache");
  assert.equal(r.status, "LOCATED");
  const s = await state(sub.id);
  assert.deepEqual([s.status, s.locatedBy], ["LOCATED", "kick"]);
  const ev = await db.submissionEvent.findFirstOrThrow({ where: { submissionId: sub.id, status: "LOCATED" } });
  assert.equal(ev.actorId, nadia.id);
  assert.match(ev.reason, /outputs checked by hand in dCache/);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "submission.kick", entityId: String(sub.id) } });
  assert.equal(audit.actorId, nadia.id);
  await assert.rejects(kickSubmission(nadia, sub.id, "again"), (e: unknown) => e instanceof DomainError && e.code === "conflict");
  assert.equal(await db.submissionEvent.count({ where: { submissionId: sub.id, status: "LOCATED" } }), 1);
});

test("more than one chunk (600 submissions) in one run, and two runners at once locate each submission exactly once", async () => {
  const { stage, experiment } = await freshStage({ defaults: { batchBackend: "LOCAL", completionType: "COMPLETE" } });
  await db.$executeRaw`
    INSERT INTO "Submission" ("experimentId", "campaignId", "stageId", "status", "trigger", "batchBackend", "batchId", "monitorDone", "statusChangedAt", "updatedAt")
    SELECT ${experiment.id}, ${stage.campaignId}, ${stage.id}, 'COMPLETED', 'MANUAL', 'LOCAL', 'bulk-' || i, true, now(), now() FROM generate_series(1, 600) i`;
  await Promise.all([locateCompleted(new Date()), locateCompleted(new Date())]);
  const [row] = await db.$queryRaw<{ located: number; events: number; dup: number }[]>`
    SELECT count(*) FILTER (WHERE s."status" = 'LOCATED' AND s."locatedBy" = 'complete')::int AS located,
           (SELECT count(*) FROM "SubmissionEvent" e JOIN "Submission" x ON x.id = e."submissionId" WHERE x."stageId" = ${stage.id} AND e."status" = 'LOCATED')::int AS events,
           (SELECT count(*) FROM (SELECT e."submissionId" FROM "SubmissionEvent" e JOIN "Submission" x ON x.id = e."submissionId"
                                   WHERE x."stageId" = ${stage.id} AND e."status" = 'LOCATED' GROUP BY 1 HAVING count(*) > 1) d)::int AS dup
      FROM "Submission" s WHERE s."stageId" = ${stage.id}`;
  assert.deepEqual(row, { located: 600, events: 600, dup: 0 });
});

test("only located outputs made from consumed inputs count, one per input: outputs of failed inputs and a second output of one input do not", async () => {
  const { sub, experiment, stage } = await completed({ pct: 100, inputs: ["CONSUMED", "CONSUMED", "FAILED"], outputs: 3, located: 3 });
  // o0 ← input 0 (consumed), o1 ← input 1 (consumed), o2 ← input 2 (failed): move o1 onto input 0 as well.
  const files = await db.$queryRaw<{ id: bigint }[]>`
    SELECT df."fileId" AS id FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."name" = ${stage.inputDataset} ORDER BY df."position"`;
  await db.outputTransfer.updateMany({ where: { submissionId: sub.id, fileName: `${stage.inputDataset}_o1.root` }, data: { parentFileId: files[0].id } });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "COMPLETED", "1 of 2 consumed inputs has a located output: not 100 %");
  await db.outputTransfer.updateMany({ where: { submissionId: sub.id, fileName: `${stage.inputDataset}_o1.root` }, data: { parentFileId: files[1].id } });
  await locateCompleted(new Date());
  const s = await state(sub.id);
  assert.deepEqual([s.status, s.locatedBy], ["LOCATED", "rule"]);
  const ev = await db.submissionEvent.findFirstOrThrow({ where: { submissionId: sub.id, status: "LOCATED" } });
  assert.match(ev.reason, /2 of 2 expected/, "the output of the failed input is not counted");
  assert.ok(experiment.id);
});

test("one failed input and the others unreported while a job succeeded is not Located at once", async () => {
  const { sub } = await completed({ inputs: ["FAILED", "PENDING", "PENDING"] });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "COMPLETED");
});

test("a test launch stays Completed: never Located by the rule, a timeout or a kick", async () => {
  const { sub } = await completed({ type: "COMPLETE", inputs: ["CONSUMED"], data: { isTest: true }, completedAt: new Date(Date.now() - 3 * 86_400_000) });
  await locateCompleted(new Date());
  assert.equal((await state(sub.id)).status, "COMPLETED");
  await assert.rejects(kickSubmission(await person("nadia"), sub.id, "looks fine"), (e: unknown) => e instanceof DomainError && e.code === "conflict" && /test launch/.test(e.message));
  assert.equal((await state(sub.id)).status, "COMPLETED");
});

test("history is wrapped up: the migration marks Completed and Located submissions from before it, and the seed's launches are all wrapped up", async () => {
  const { readFileSync } = await import("node:fs");
  const sql = readFileSync("prisma/migrations/20261129080108_output_fixes/migration.sql", "utf8");
  const updates = sql.replace(/^\s*--.*$/gm, "").split(";").map((s) => s.trim()).filter((s) => s.startsWith("UPDATE"));
  assert.equal(updates.length, 2);
  const a = await completed({ inputs: ["CONSUMED"] });
  const b = await completed({ inputs: ["CONSUMED"] });
  await db.submission.update({ where: { id: b.sub.id }, data: { status: "LOCATED" } });
  const c = await completed({ inputs: ["CONSUMED"] });
  await db.submission.update({ where: { id: c.sub.id }, data: { status: "RUNNING" } });
  const seen = await db
    .$transaction(async (tx) => {
      for (const u of updates) await tx.$executeRawUnsafe(u);
      const rows = await tx.submission.findMany({ where: { id: { in: [a.sub.id, b.sub.id, c.sub.id] } }, orderBy: { id: "asc" }, select: { wrappedUpAt: true, locatedAt: true } });
      throw Object.assign(new Error("rollback"), { rows });
    })
    .catch((e: { rows?: { wrappedUpAt: Date | null; locatedAt: Date | null }[] }) => e.rows!);
  assert.ok(seen[0].wrappedUpAt && !seen[0].locatedAt, "a Completed one: wrapped up, still to be located");
  assert.ok(seen[1].wrappedUpAt && seen[1].locatedAt, "a Located one: wrapped up, with a located time");
  assert.equal(seen[2].wrappedUpAt, null, "a running one is untouched");
  const [seed] = await db.$queryRaw<{ open: number; all: number }[]>`
    SELECT count(*) FILTER (WHERE "wrappedUpAt" IS NULL)::int AS open, count(*)::int AS all FROM "Submission" WHERE "batchId" LIKE 'seed-%'`;
  assert.ok(seed.all > 0);
  assert.equal(seed.open, 0, "no seeded launch starts a chain when it becomes Located");
});
