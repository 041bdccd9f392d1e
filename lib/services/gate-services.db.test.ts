import { test, after } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { launchStage, previewLaunch } from "@/lib/launch/launch-stage";
import { drainHeldLaunches, listHeldLaunches } from "@/lib/launch/held-launches";
import { editStage } from "@/lib/campaigns/commands/edit-stage";
import { stageConfig } from "@/lib/campaigns/queries";
import { readGateServices, readServiceGating, setServiceGating, setServiceGatesAll, SERVICE_GATING_KEY } from "./gate-services";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
let n = 0;
const HOUR = 3_600_000;

/** A service tree of its own: a group and a leaf under it, names unique to this run. */
async function freshServices() {
  const tag = `${process.pid}_${Date.now()}_${++n}`;
  const group = await db.service.create({ data: { name: `g_${tag}`, displayName: `Storage ${tag}`, kind: "GROUP", status: "GOOD" } });
  const leaf = await db.service.create({ data: { name: `l_${tag}`, displayName: `Pool ${tag}`, kind: "STORAGE", parentId: group.id, status: "GOOD", statusDetail: "HTTP 200" } });
  return { group, leaf };
}
const setStatus = (id: number, status: "GOOD" | "BAD" | "DEGRADED" | "UNKNOWN", statusDetail = "") =>
  db.service.update({ where: { id }, data: { status, statusDetail, statusChangedAt: new Date() } });

after(async () => {
  // Leave the shared database as the next test file expects it: gating on, no service needed by everyone.
  await db.installationSetting.deleteMany({ where: { key: SERVICE_GATING_KEY } });
  await db.service.updateMany({ where: { name: { startsWith: "g_" } }, data: { gatesAll: false } });
  await db.service.updateMany({ where: { name: { startsWith: "l_" } }, data: { gatesAll: false } });
});

test("a launch whose needed service is bad is held with the service and why; it goes by itself, oldest first, when the service is back", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const { leaf } = await freshServices();
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  await setStatus(leaf.id, "BAD", "pool fill 93 %");
  const noah = await person("noah");
  const preview = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(preview.gate.open, false);
  const first = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  const second = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(first.kind, "held");
  assert.equal(second.kind, "held");
  if (first.kind !== "held") return;
  assert.match(first.reason, new RegExp(`^Needed service unavailable: ${leaf.displayName} is down since .*: pool fill 93 %$`));
  const held = await db.heldLaunch.findUniqueOrThrow({ where: { id: first.heldLaunchId } });
  assert.deepEqual(held.heldByServiceIds, [leaf.id]);
  assert.deepEqual((await listHeldLaunches(noah, { stageId: stage.id })).map((h) => h.heldByServiceIds), [[leaf.id], [leaf.id]]);
  // Still bad: the drain leaves them.
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 0);
  // Back: both go, oldest first (consecutive slices in that order).
  await setStatus(leaf.id, "GOOD");
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 2);
  const released = await db.heldLaunch.findMany({ where: { stageId: stage.id }, orderBy: { id: "asc" } });
  assert.ok(released.every((h) => h.releasedAt && h.releasedSubmissionId));
  assert.ok(released[0].releasedSubmissionId! < released[1].releasedSubmissionId!, "oldest first");
});

test("a scheduled downtime of the group above a needed leaf holds from its start to its end; a cancelled one does not", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const { group, leaf } = await freshServices();
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  const now = Date.now();
  const dt = await db.serviceDowntime.create({ data: { serviceId: group.id, kind: "SCHEDULED", startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR), title: "firmware upgrade" } });
  await db.serviceDowntime.create({ data: { serviceId: leaf.id, kind: "SCHEDULED", startsAt: new Date(now - HOUR), endsAt: new Date(now + 2 * HOUR), title: "withdrawn", cancelledAt: new Date(now - 2 * HOUR) } });
  const gate = (await readGateServices([stage.id])).get(stage.id)!;
  assert.equal(gate.needed.length, 1);
  assert.deepEqual(gate.needed[0].downtimes.map((d) => d.title), ["firmware upgrade"], "the cancelled one is not read");
  const noah = await person("noah");
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(out.kind, "held");
  assert.match(out.kind === "held" ? out.reason : "", new RegExp(`in scheduled maintenance \\(maintenance of ${group.displayName}\\) until .*: firmware upgrade`));
  // The window ends: the launch goes.
  await db.serviceDowntime.update({ where: { id: dt.id }, data: { endsAt: new Date(Date.now() - 1000) } });
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 1);
});

test("unknown and degraded services warn in the preview and the launch log but do not hold", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const a = await freshServices();
  const b = await freshServices();
  await db.stageService.createMany({ data: [{ stageId: stage.id, serviceId: a.leaf.id }, { stageId: stage.id, serviceId: b.leaf.id }] });
  await setStatus(a.leaf.id, "UNKNOWN");
  await setStatus(b.leaf.id, "DEGRADED", "slow");
  const noah = await person("noah");
  const preview = await previewLaunch(noah, { stageId: stage.id, mode: "normal" });
  assert.equal(preview.gate.open, true);
  assert.equal(preview.gate.warnings.length, 2);
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(out.kind, "launched");
  if (out.kind === "launched") assert.match(out.log, /Warning: .*state is not known yet/);
});

test("service gating off: a bad service warns and does not hold; OPOS alone switches it", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const { leaf } = await freshServices();
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  await setStatus(leaf.id, "BAD");
  const noah = await person("noah");
  await assert.rejects(setServiceGating(noah, false), (e: unknown) => e instanceof DomainError && e.status === 403);
  const olga = await person("olga");
  await setServiceGating(olga, false);
  try {
    assert.equal((await readServiceGating()).enabled, false);
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
    assert.equal(out.kind, "launched");
    if (out.kind === "launched") assert.match(out.log, /service gating is off/);
  } finally {
    await setServiceGating(olga, true);
  }
  assert.equal((await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" })).kind, "held");
});

test("a service every launch needs holds stages that never chose it; of one experiment, only that experiment's", async () => {
  const nova = await freshStage({ split: "nfiles(1)", files: 4 });
  const { leaf } = await freshServices();
  const olga = await person("olga");
  await setStatus(leaf.id, "BAD");
  const dune = await db.experiment.findUniqueOrThrow({ where: { name: "dune" } });
  await db.service.update({ where: { id: leaf.id }, data: { experimentId: dune.id } });
  const v = (await db.service.findUniqueOrThrow({ where: { id: leaf.id } })).version;
  await setServiceGatesAll(olga, leaf.id, true, v);
  await assert.rejects(setServiceGatesAll(olga, leaf.id, false, v), (e: unknown) => e instanceof DomainError && e.code === "stale");
  try {
    assert.equal((await readGateServices([nova.stage.id])).get(nova.stage.id)!.needed.length, 0, "a DUNE service does not gate NOvA");
    await db.service.update({ where: { id: leaf.id }, data: { experimentId: null } });
    const noah = await person("noah");
    const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: nova.stage.id, mode: "normal" });
    assert.equal(out.kind, "held");
  } finally {
    await db.service.update({ where: { id: leaf.id }, data: { gatesAll: false } });
    await db.heldLaunch.deleteMany({ where: { stageId: nova.stage.id } });
  }
});

test("the stage form chooses needed services at the version read; an unknown or another experiment's service is refused", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const a = await freshServices();
  const b = await freshServices();
  const noah = await person("noah");
  await editStage(noah, stage.id, { version: stage.version, serviceIds: [b.leaf.id, a.group.id] });
  const config = await stageConfig(noah, stage.id);
  assert.deepEqual(config.stage.services.map((s) => s.id).sort(), [a.group.id, b.leaf.id].sort());
  assert.equal(config.stage.version, stage.version + 1);
  await assert.rejects(editStage(noah, stage.id, { version: stage.version, serviceIds: [] }), (e: unknown) => e instanceof DomainError && e.code === "stale");
  await assert.rejects(editStage(noah, stage.id, { version: stage.version + 1, serviceIds: [2_000_000_000] }), (e: unknown) => e instanceof DomainError && e.status === 400);
  const dune = await db.experiment.findUniqueOrThrow({ where: { name: "dune" } });
  await db.service.update({ where: { id: a.leaf.id }, data: { experimentId: dune.id } });
  await assert.rejects(editStage(noah, stage.id, { version: stage.version + 1, serviceIds: [a.leaf.id] }), /Needed services must be/);
  assert.equal(await db.stageService.count({ where: { stageId: stage.id } }), 2, "a refused edit changes nothing");
  await editStage(noah, stage.id, { version: stage.version + 1, serviceIds: [] });
  assert.equal(await db.stageService.count({ where: { stageId: stage.id } }), 0);
});

test("a launch held by the stage's hold that a bad service still holds when the hold is lifted says so", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const { leaf } = await freshServices();
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  await db.campaignStage.update({ where: { id: stage.id }, data: { hold: true, holdReason: "waiting for calibration" } });
  const noah = await person("noah");
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(out.kind, "held");
  await setStatus(leaf.id, "BAD", "HTTP 503");
  await db.campaignStage.update({ where: { id: stage.id }, data: { hold: false, holdReason: "" } });
  assert.equal((await drainHeldLaunches({ stageId: stage.id })).launched, 0);
  const h = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
  assert.match(h.gateReason, /is down since .*: HTTP 503/);
  assert.deepEqual(h.heldByServiceIds, [leaf.id]);
  await db.heldLaunch.deleteMany({ where: { stageId: stage.id } });
});

test("an inactive service is never needed: it neither holds nor warns", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const { leaf } = await freshServices();
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  await db.service.update({ where: { id: leaf.id }, data: { status: "BAD", active: false } });
  const gate = (await readGateServices([stage.id])).get(stage.id)!;
  assert.deepEqual(gate.needed, []);
  const noah = await person("noah");
  assert.deepEqual((await previewLaunch(noah, { stageId: stage.id, mode: "normal" })).gate, { open: true, warnings: [] });
});
