import { after, test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage as makeStage } from "@/lib/testing/campaign-fixtures";
import { applyControl } from "@/lib/submissions/commands/control";
import { createSchedule } from "./create-schedule";
import { setScheduleActive } from "./change-schedule";
import { deleteSchedule } from "./delete-schedule";
import { stageSchedules } from "./queries";
import { runDueSchedules } from "./run-schedules";

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
const HOUR = 3_600_000;

test("a schedule is checked, shown with its next run in its zone, and only those who may launch change it", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 4 });
  const noah = await person("noah");
  const nora = await person("nora");
  const now = new Date("2026-11-29T07:00:00Z");
  await assert.rejects(createSchedule(noah, stage.id, { cronExpression: "every day", timeZone: "UTC", clearWhenDone: false }), (e: unknown) => e instanceof DomainError && e.status === 400 && /Five fields/.test(e.message));
  await assert.rejects(createSchedule(noah, stage.id, { cronExpression: "0 3 * * *", timeZone: "Europe/Atlantis", clearWhenDone: false }), (e: unknown) => e instanceof DomainError && (e.details as { field: string }).field === "timeZone");
  await assert.rejects(createSchedule(nora, stage.id, { cronExpression: "0 3 * * *", timeZone: "UTC", clearWhenDone: false }), (e: unknown) => e instanceof DomainError && e.status === 403);
  assert.equal(await db.stageSchedule.count({ where: { stageId: stage.id } }), 0, "nothing written");
  const s = await createSchedule(noah, stage.id, { cronExpression: "0 3 * * *", timeZone: "Europe/Rome", clearWhenDone: true }, now);
  assert.equal(s.nextRunAt?.toISOString(), "2026-11-30T02:00:00.000Z");
  const page = await stageSchedules(nora, stage.id);
  assert.equal(page.rights.act, false);
  assert.equal(page.schedules[0].nextRunText, "Mon, 30 Nov 2026, 03:00 Europe/Rome");
  assert.equal(page.schedules[0].owner, "noah");
  await assert.rejects(setScheduleActive(nora, stage.id, s.id, false), (e: unknown) => e instanceof DomainError && e.status === 403);
  const paused = await setScheduleActive(noah, stage.id, s.id, false);
  assert.equal(paused.active, false);
  assert.equal(paused.nextRunAt, null);
  const other = await freshStage();
  await assert.rejects(deleteSchedule(noah, other.stage.id, s.id), (e: unknown) => e instanceof DomainError && e.status === 404);
  await deleteSchedule(noah, stage.id, s.id);
  assert.equal(await db.stageSchedule.count({ where: { stageId: stage.id } }), 0);
  assert.ok(await db.auditEvent.findFirst({ where: { action: "schedule.delete", entityId: String(stage.id) } }));
});

test("a run missed for days fires once, as the system for the owner; two refreshes at once launch it once; clearWhenDone stops at the end of the split", async () => {
  const { stage } = await freshStage({ split: "nfiles(2)", files: 4 });
  const noah = await person("noah");
  const s = await createSchedule(noah, stage.id, { cronExpression: "0 * * * *", timeZone: "UTC", clearWhenDone: true });
  await db.stageSchedule.update({ where: { id: s.id }, data: { nextRunAt: new Date(Date.now() - 72 * HOUR) } });
  const now = new Date();
  const [a, b] = await Promise.all([runDueSchedules({ now }), runDueSchedules({ now })]);
  assert.equal(a.launched + b.launched, 1, "72 missed hourly runs fire once");
  const subs = await db.submission.findMany({ where: { stageId: stage.id } });
  assert.equal(subs.length, 1);
  assert.equal(subs[0].trigger, "SCHEDULE");
  assert.equal(subs[0].launchedById, noah.id);
  assert.equal(subs[0].launchedByKind, "SYSTEM");
  let row = await db.stageSchedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.ok(row.nextRunAt! > now, "moved on past now");
  assert.match(row.lastResult, new RegExp(`Launched submission ${subs[0].id}`));
  assert.equal((await runDueSchedules({ now })).due, 0, "not again until its next run");

  // The second slice, then the split is exhausted: the schedule clears itself.
  for (const expected of ["launched", "cleared"] as const) {
    await db.stageSchedule.update({ where: { id: s.id }, data: { nextRunAt: new Date(Date.now() - HOUR) } });
    const r = await runDueSchedules();
    assert.equal(r[expected], 1, JSON.stringify(r));
  }
  row = await db.stageSchedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.active, false);
  assert.match(row.lastResult, /Cleared: every slice has been launched/);
  assert.equal(await db.submission.count({ where: { stageId: stage.id } }), 2);
});

test("without clearWhenDone an exhausted split is said and the schedule stays; a held stage holds the scheduled launch", async () => {
  const { stage } = await freshStage({ split: "nfiles(4)", files: 2 });
  const noah = await person("noah");
  const s = await createSchedule(noah, stage.id, { cronExpression: "@hourly", timeZone: "UTC", clearWhenDone: false });
  await db.campaignStage.update({ where: { id: stage.id }, data: { hold: true, holdReason: "beam off" } });
  await db.stageSchedule.update({ where: { id: s.id }, data: { nextRunAt: new Date(Date.now() - HOUR) } });
  assert.equal((await runDueSchedules()).held, 1);
  const held = await db.heldLaunch.findFirstOrThrow({ where: { stageId: stage.id } });
  assert.equal(held.trigger, "SCHEDULE");
  assert.match((await db.stageSchedule.findUniqueOrThrow({ where: { id: s.id } })).lastResult, /Held: .*beam off/);
  await db.heldLaunch.deleteMany({ where: { stageId: stage.id } });
  await db.campaignStage.update({ where: { id: stage.id }, data: { hold: false, holdReason: "" } });
  for (let i = 0; i < 2; i++) {
    await db.stageSchedule.update({ where: { id: s.id }, data: { nextRunAt: new Date(Date.now() - HOUR) } });
    await runDueSchedules();
  }
  const row = await db.stageSchedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.active, true);
  assert.match(row.lastResult, /^Not launched: All 2 files have been given out/);
});

test("a schedule on a held stage keeps at most one held launch: later runs are skipped and say why; once released, it schedules again", async () => {
  const { stage } = await freshStage({ split: "nfiles(1)", files: 4 });
  const noah = await person("noah");
  const s = await createSchedule(noah, stage.id, { cronExpression: "@hourly", timeZone: "UTC", clearWhenDone: false });
  const other = await createSchedule(noah, stage.id, { cronExpression: "@daily", timeZone: "UTC", clearWhenDone: false });
  await db.campaignStage.update({ where: { id: stage.id }, data: { hold: true, holdReason: "beam off" } });
  const due = () => db.stageSchedule.updateMany({ where: { id: { in: [s.id, other.id] } }, data: { nextRunAt: new Date(Date.now() - HOUR) } });
  await due();
  const first = await runDueSchedules();
  assert.equal(first.held, 1, JSON.stringify(first));
  assert.equal(first.skipped, 1, "the second schedule of the stage in the same run");
  for (let i = 0; i < 3; i++) {
    await due();
    const r = await runDueSchedules();
    assert.equal(r.held, 0);
    assert.equal(r.skipped, 2);
  }
  const held = await db.heldLaunch.findMany({ where: { stageId: stage.id } });
  assert.equal(held.length, 1, "one held launch, not one per run");
  assert.match((await db.stageSchedule.findUniqueOrThrow({ where: { id: s.id } })).lastResult, new RegExp(`Skipped: held launch ${held[0].id} .*still waits`));
  // Released (here: marked so, as the drain does): the schedule holds a new one again.
  await db.heldLaunch.update({ where: { id: held[0].id }, data: { releasedAt: new Date() } });
  await due();
  assert.equal((await runDueSchedules()).held, 1);
});
