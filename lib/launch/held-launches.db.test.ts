import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { batchSystem } from "@/lib/batch/registry";
import { setServiceGating, SERVICE_GATING_KEY } from "@/lib/services/gate-services";
import { launchStage } from "./launch-stage";
import { drainHeldLaunches, releaseHeldLaunch } from "./held-launches";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
let n = 0;

after(async () => {
  await db.installationSetting.deleteMany({ where: { key: SERVICE_GATING_KEY } });
});

/** A fresh stage with `count` held launches (held by the stage's own hold, then the hold lifted without a drain). */
async function stageWithHeld(count: number) {
  const fresh = await freshStage({ split: "nfiles(1)", files: count + 2 });
  const noah = await person("noah");
  await db.campaignStage.update({ where: { id: fresh.stage.id }, data: { hold: true, holdReason: "calibration" } });
  for (let i = 0; i < count; i++) assert.equal((await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: fresh.stage.id, mode: "normal" })).kind, "held");
  await db.campaignStage.update({ where: { id: fresh.stage.id }, data: { hold: false, holdReason: "" } });
  return { ...fresh, noah };
}

async function freshLeaf(status: "GOOD" | "BAD") {
  const tag = `${process.pid}_${Date.now()}_${++n}`;
  return db.service.create({ data: { name: `hl_${tag}`, displayName: `Pool ${tag}`, kind: "STORAGE", status, statusDetail: status === "BAD" ? "HTTP 503" : "" } });
}

/**
 * The local batch system as it is, but `before` runs first on each submit (the first `throws` of them throw instead of
 * submitting, as an adapter that blew up after the submission was recorded). Put back by the returned function.
 */
function onSubmit(before: (call: number) => Promise<void> | void, throws = 0) {
  const local = batchSystem("LOCAL");
  const real = local.submit;
  let calls = 0;
  local.submit = async (req) => {
    calls++;
    await before(calls);
    if (calls <= throws) throw new Error("the batch system's connection was reset");
    return real(req);
  };
  return () => {
    local.submit = real;
  };
}

test("a drained launch whose batch system threw after its submission was made is not launched again by the next drain", async () => {
  const { stage } = await stageWithHeld(1);
  const restore = onSubmit(() => {}, 1);
  try {
    const first = await drainHeldLaunches({ stageId: stage.id });
    assert.equal(first.failed, 1);
    assert.match(first.errors.join(), /connection was reset/);
    const second = await drainHeldLaunches({ stageId: stage.id });
    assert.equal(second.launched, 0);
    assert.equal(second.waiting, 0, "it is no longer waiting");
  } finally {
    restore();
  }
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 1, "one submission, one slice");
  const h = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
  assert.ok(h.releasedAt && h.releasedSubmissionId, "it stays released, with the submission it made");
  assert.match(h.lastError, /connection was reset/, "and the error is kept");
});

test("a held launch released by hand whose batch system threw after its submission was made cannot be released twice", async () => {
  const { stage, noah } = await stageWithHeld(1);
  const h = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
  const restore = onSubmit(() => {}, 1);
  try {
    await assert.rejects(releaseHeldLaunch(noah, h.id), /connection was reset/);
    await assert.rejects(releaseHeldLaunch(noah, h.id), (e: unknown) => e instanceof DomainError && e.code === "conflict");
    assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
  } finally {
    restore();
  }
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 1);
  const after = await db.heldLaunch.findUniqueOrThrow({ where: { id: h.id } });
  assert.ok(after.releasedAt && after.releasedSubmissionId);
  assert.match(after.lastError, /connection was reset/);
});

test("a launch that failed before making a submission is put back to be tried again", async () => {
  const { stage, noah } = await stageWithHeld(1);
  // The stage became unlaunchable (no submission can be made): the drain records why and leaves it waiting.
  await db.campaignStage.update({ where: { id: stage.id }, data: { splitType: "nfiles(zero)" } });
  const out = await drainHeldLaunches({ stageId: stage.id });
  assert.equal(out.failed, 1);
  const h = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
  assert.equal(h.releasedAt, null);
  assert.match(h.lastError, /split type/);
  await db.campaignStage.update({ where: { id: stage.id }, data: { splitType: "nfiles(1)" } });
  assert.equal((await releaseHeldLaunch(noah, h.id)).kind, "launched");
});

test("hundreds of older launches held by a bad service never starve a newer one whose services are fine", async () => {
  const bad = await freshStage({ split: "nfiles(1)", files: 1 });
  const good = await freshStage({ split: "nfiles(1)", files: 1 });
  const leaf = await freshLeaf("BAD");
  await db.stageService.create({ data: { stageId: bad.stage.id, serviceId: leaf.id } });
  const noah = await person("noah");
  // Older than anything else waiting in the database, so a drain of one takes from these first.
  const t0 = Date.UTC(2000, 0, 1);
  await db.heldLaunch.createMany({
    data: Array.from({ length: 501 }, (_, i) => ({ stageId: bad.stage.id, trigger: "MANUAL" as const, requestedById: noah.id, params: { mode: "normal" }, gateReason: "x", createdAt: new Date(t0 + i * 1000) })),
  });
  const newer = await db.heldLaunch.create({ data: { stageId: good.stage.id, trigger: "MANUAL", requestedById: noah.id, params: { mode: "normal" }, gateReason: "This stage is on hold.", createdAt: new Date(t0 + 86_400_000) } });
  try {
    const out = await drainHeldLaunches({ max: 1 });
    assert.equal(out.launched, 1);
    const h = await db.heldLaunch.findUniqueOrThrow({ where: { id: newer.id } });
    assert.ok(h.releasedSubmissionId, "the newer launch on the good stage went");
    assert.equal(await db.submission.count({ where: { stageId: bad.stage.id } }), 0);
  } finally {
    // Nothing of this test may stay waiting (older than anything, it would be the next global drain's first).
    await db.heldLaunch.deleteMany({ where: { OR: [{ stageId: bad.stage.id }, { id: newer.id, releasedAt: null }] } });
  }
});

test("the reasons of launches still held are brought up to date in one statement, however many wait", async () => {
  const { stage } = await stageWithHeld(1);
  const leaf = await freshLeaf("BAD");
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  const noah = await person("noah");
  await db.heldLaunch.createMany({ data: Array.from({ length: 300 }, () => ({ stageId: stage.id, trigger: "MANUAL" as const, requestedById: noah.id, params: { mode: "normal" }, gateReason: "This stage is on hold." })) });
  // Count the UPDATE statements on held launches while the drain runs (a statement-level trigger, dropped after).
  const seq = `hl_updates_${process.pid}`;
  await db.$executeRawUnsafe(`CREATE SEQUENCE ${seq}`);
  await db.$executeRawUnsafe(`CREATE FUNCTION ${seq}_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('${seq}'); RETURN NULL; END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER ${seq} AFTER UPDATE ON "HeldLaunch" FOR EACH STATEMENT EXECUTE FUNCTION ${seq}_count()`);
  try {
    assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
    const [{ n: updates }] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM ${seq}`);
    assert.equal(Number(updates), 1);
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER ${seq} ON "HeldLaunch"`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${seq}_count()`);
    await db.$executeRawUnsafe(`DROP SEQUENCE ${seq}`);
  }
  const held = await db.heldLaunch.findMany({ where: { stageId: stage.id, releasedAt: null } });
  assert.equal(held.length, 301);
  assert.ok(held.every((h) => /is down since .*: HTTP 503/.test(h.gateReason) && h.heldByServiceIds.join() === String(leaf.id)), "every reason says the service");
  await db.heldLaunch.deleteMany({ where: { stageId: stage.id } });
});

test("a service that goes bad during a drain stops the rest of it; they wait in their places with the service as reason", async () => {
  const { stage } = await stageWithHeld(3);
  const leaf = await freshLeaf("GOOD");
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  const restore = onSubmit(async (call) => {
    if (call === 1) await db.service.update({ where: { id: leaf.id }, data: { status: "BAD", statusDetail: "HTTP 503", statusChangedAt: new Date() } });
  });
  try {
    const out = await drainHeldLaunches({ stageId: stage.id });
    assert.equal(out.launched, 1);
    assert.equal(out.stillHeld, 1, "the second is put back; the third is not even tried");
  } finally {
    restore();
  }
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 1);
  const [first, ...rest] = await db.heldLaunch.findMany({ where: { stageId: stage.id }, orderBy: { id: "asc" } });
  assert.ok(first.releasedSubmissionId);
  const sub = await db.submission.findUniqueOrThrow({ where: { id: first.releasedSubmissionId! } });
  assert.match(sub.launchLog, /by the system for noah \(held launch, its gate open again\)/);
  assert.doesNotMatch(sub.launchLog, /released by hand/);
  assert.equal(rest[0].releasedAt, null);
  assert.match(rest[0].gateReason, /is down since .*: HTTP 503/);
  assert.deepEqual(rest[0].heldByServiceIds, [leaf.id]);
  assert.ok(rest[0].createdAt < rest[1].createdAt, "it keeps its place");
  assert.equal(rest[1].releasedAt, null);
  // Back: the next drain takes them in order.
  await db.service.update({ where: { id: leaf.id }, data: { status: "GOOD" } });
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 2);
});

test("service gating switched on during a drain stops the rest of it", async () => {
  const olga = await person("olga");
  await setServiceGating(olga, false);
  try {
    const { stage } = await stageWithHeld(2);
    const leaf = await freshLeaf("BAD");
    await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
    const restore = onSubmit(async (call) => {
      if (call === 1) await setServiceGating(olga, true);
    });
    try {
      const out = await drainHeldLaunches({ stageId: stage.id });
      assert.equal(out.launched, 1);
      assert.equal(out.stillHeld, 1);
    } finally {
      restore();
    }
    assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 1);
    const waiting = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id, releasedAt: null } });
    assert.deepEqual(waiting.heldByServiceIds, [leaf.id]);
    await db.heldLaunch.deleteMany({ where: { stageId: stage.id, releasedAt: null } });
  } finally {
    await setServiceGating(olga, true);
  }
});
