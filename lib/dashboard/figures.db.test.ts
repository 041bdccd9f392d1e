import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { visibleExperimentIds, type Actor } from "@/lib/people/policy";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { OPEN_STATUSES } from "@/lib/tasks/lifecycle";
import { dashboardFigures } from "./figures";
import { dashboardLists } from "./rows";
import { dashboardSections } from "./sections";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;

// A fresh experiment of our own, with a coordinator who belongs to nothing else, and a clock far in
// the future so that the demo data (seeded at the real now) lies outside the twelve weeks.
const NOW = new Date("2031-03-12T15:00:00Z"); // a Wednesday; its week starts Monday 2031-03-10
let experimentId = 0;
let coordinatorId = 0;

before(async () => {
  const e = await db.experiment.create({ data: { name: "dashx", displayName: "DashX" } });
  experimentId = e.id;
  const p = await db.person.create({ data: { username: "dashx-coord", email: "dashx-coord@example.org", name: "Dash Coordinator" } });
  coordinatorId = p.id;
  await db.membership.create({ data: { personId: p.id, experimentId, role: "COORDINATOR" } });
});

after(async () => {
  await db.task.deleteMany({ where: { experimentId } });
  await db.membership.deleteMany({ where: { experimentId } });
  await db.person.delete({ where: { id: coordinatorId } });
  await db.experiment.delete({ where: { id: experimentId } });
});

async function addTask(status: TaskStatus, updatedAt: Date, extra: { neededBy?: Date; assigneeId?: number } = {}) {
  return db.task.create({ data: { experimentId, title: `Dashboard test ${status}`, kind: "OTHER", status, requesterId: coordinatorId, updatedAt, createdAt: new Date(updatedAt.getTime() - DAY), ...extra } });
}

test("throughput: done work counts in the week (Monday to Sunday, UTC) of its last change, twelve weeks, nothing older", async () => {
  await addTask("DONE", new Date("2031-03-09T23:59:59Z")); // Sunday: the week of Monday 2031-03-03
  await addTask("DONE", new Date("2031-03-10T00:00:00Z")); // Monday: this week
  await addTask("DONE", new Date("2031-03-12T10:00:00Z"));
  await addTask("DONE", new Date("2031-02-18T12:00:00Z"));
  await addTask("DONE", new Date("2031-02-16T12:00:00Z")); // a Sunday
  await addTask("DONE", new Date("2030-12-21T12:00:00Z")); // before the first of the twelve weeks (2030-12-23)
  await addTask("CANCELLED", new Date("2031-03-11T12:00:00Z")); // finished, but not done
  const figures = await dashboardFigures(await actor("maria"), NOW);
  assert.equal(figures.throughput.length, 12);
  assert.equal(figures.throughput[0].week, "2030-12-23");
  const byWeek = Object.fromEntries(figures.throughput.filter((w) => w.done > 0).map((w) => [w.week, w.done]));
  assert.deepEqual(byWeek, { "2031-02-10": 1, "2031-02-17": 1, "2031-03-03": 1, "2031-03-10": 2 });
  // The coordinator of the experiment sees the same; a coordinator of another experiment sees none of it.
  assert.deepEqual((await dashboardFigures(await actor("dashx-coord"), NOW)).throughput, figures.throughput);
  assert.ok((await dashboardFigures(await actor("nina"), NOW)).throughput.every((w) => w.done === 0), "NOvA's coordinator does not count DashX's work");
});

test("ageing and stale: open work by whole days since its last change; finished work never counts", async () => {
  const people = [await actor("maria"), await actor("dashx-coord"), await actor("nina")];
  const before = await Promise.all(people.map((p) => dashboardFigures(p, NOW)));
  const ago = (days: number, ms = 0) => new Date(Date.parse("2031-03-12T00:00:00Z") - days * DAY + ms);
  for (const days of [0, 6, 7, 13, 14, 27, 28]) await addTask("IN_PROGRESS", ago(days, 12 * HOUR));
  await addTask("ON_HOLD", ago(60));
  await addTask("DONE", ago(60)); // finished: not in the ageing
  await addTask("REQUESTED", new Date(NOW.getTime() - 14 * DAY - 1000)); // stale by a second
  await addTask("REQUESTED", new Date(NOW.getTime() - 14 * DAY + HOUR), { neededBy: new Date("2031-03-11") }); // not stale; overdue
  await addTask("APPROVED", new Date(NOW.getTime() - HOUR), { neededBy: new Date("2031-03-12") }); // needed today: not overdue yet
  const afterward = await Promise.all(people.map((p) => dashboardFigures(p, NOW)));
  const delta = (i: number) => ({
    ageing: afterward[i].ageing.map((n, b) => n - before[i].ageing[b]),
    stale: afterward[i].stale - before[i].stale,
    overdue: afterward[i].overdue - before[i].overdue,
  });
  // By date: ages 0, 6 and the APPROVED one | 7, 13 | 14, 27 and both REQUESTED (14 days by date) | 28, 60.
  // Stale to the second: 14 days at noon, 27, 28, 60 and the REQUESTED one second past 14 days.
  const expected = { ageing: [3, 2, 4, 2], stale: 5, overdue: 1 };
  assert.deepEqual(delta(0), expected, "a manager sees every experiment");
  assert.deepEqual(delta(1), expected, "the experiment's coordinator sees their experiment");
  assert.deepEqual(delta(2), { ageing: [0, 0, 0, 0], stale: 0, overdue: 0 }, "a member of another experiment sees none of it");
});

test("open work by state and experiment equals the tasks counted one by one; visibility as the Tasks list", async () => {
  for (const who of ["maria", "oscar", "nina", "ned", "dashx-coord"]) {
    const person: Actor = await actor(who);
    const figures = await dashboardFigures(person, NOW);
    const visible = visibleExperimentIds(person);
    const tasks = await db.task.findMany({ where: visible ? { OR: [{ experimentId: { in: visible } }, { requesterId: person.id }] } : {}, include: { experiment: true } });
    const experiments = await db.experiment.findMany({ where: visible ? { id: { in: visible } } : {} });
    assert.deepEqual(figures.experiments.map((e) => e.name).sort(), experiments.map((e) => e.name).sort(), `${who}: the experiments they may see`);
    for (const e of figures.experiments) {
      const open = tasks.filter((t) => t.experimentId === e.id && OPEN_STATUSES.includes(t.status));
      for (const s of OPEN_STATUSES) assert.equal(e.byState[s] ?? 0, open.filter((t) => t.status === s).length, `${who} ${e.name} ${s}`);
      assert.equal(e.overdue, open.filter((t) => t.neededBy && t.neededBy.toISOString().slice(0, 10) < "2031-03-12").length, `${who} ${e.name} overdue`);
    }
    const mine = tasks.filter((t) => t.requesterId === person.id);
    for (const s of ["REQUESTED", "DONE", "CANCELLED"] as const) assert.equal(figures.mine[s] ?? 0, mine.filter((t) => t.status === s).length, `${who} mine ${s}`);
    const assigned = tasks.filter((t) => t.assigneeId === person.id && OPEN_STATUSES.includes(t.status));
    assert.equal(Object.values(figures.assignedToMe).reduce((a, b) => a + (b ?? 0), 0), assigned.length, `${who} assigned`);
    assert.equal(figures.unassignedApproved, tasks.filter((t) => t.status === "APPROVED" && t.assigneeId === null).length, `${who} unassigned`);
  }
});

test("the lists: a coordinator's queue holds only their experiment's requests, oldest first; operators see unassigned approved work", async () => {
  const dashx = await actor("dashx-coord");
  const lists = await dashboardLists(dashx, dashboardSections(dashx, true), NOW);
  assert.ok(lists.awaitingDecision.length > 0);
  assert.ok(lists.awaitingDecision.every((r) => r.experiment === "dashx" && r.status === "REQUESTED" && r.key.startsWith("DASHX-")));
  assert.deepEqual(lists.awaitingDecision.map((r) => r.createdAt.getTime()), lists.awaitingDecision.map((r) => r.createdAt.getTime()).sort((a, b) => a - b));
  assert.ok(lists.myOpen.every((r) => OPEN_STATUSES.includes(r.status)) && lists.myOpen.length === 6, "six open, all open");
  assert.ok(lists.myFinished.length > 0 && lists.myFinished.every((r) => !OPEN_STATUSES.includes(r.status)), "finished apart from open");
  assert.deepEqual(lists.unassignedApproved, [], "not an operator");
  const nina = await actor("nina");
  const ninaLists = await dashboardLists(nina, dashboardSections(nina), NOW);
  assert.ok(ninaLists.awaitingDecision.every((r) => r.experiment === "nova"), "NOvA's coordinator never sees DashX's queue");
  const oscar = await actor("oscar");
  const ops = await dashboardLists(oscar, dashboardSections(oscar), NOW);
  const unassigned = await db.task.count({ where: { status: "APPROVED", assigneeId: null } });
  assert.equal(ops.unassignedApproved.length, Math.min(6, unassigned), "operators see every experiment's unassigned work");
  assert.ok(ops.unassignedApproved.every((r) => r.status === "APPROVED"));
  assert.ok(ops.assignedToMe.every((r) => OPEN_STATUSES.includes(r.status)));
});
