import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "./actor";

const idOf = async (username: string) => (await db.person.findUniqueOrThrow({ where: { username } })).id;

test("the actor is read per request: memberships, experiments, unread count; removal and deactivation take effect at once", async () => {
  const nora = await idOf("nora");
  const before = (await loadActor(nora))!;
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  assert.equal(before.memberships.get(nova.id), "ANALYSIS");
  assert.ok(before.experiments.some((e) => e.name === "nova"));
  assert.equal(before.unreadNotifications, await db.notification.count({ where: { personId: nora, readAt: null } }));

  await db.notification.create({ data: { personId: nora, message: "actor test" } });
  assert.equal((await loadActor(nora))!.unreadNotifications, before.unreadNotifications + 1);

  const m = await db.membership.findFirstOrThrow({ where: { personId: nora, experimentId: nova.id } });
  await db.membership.update({ where: { id: m.id }, data: { active: false } });
  try {
    const removed = (await loadActor(nora))!;
    assert.equal(removed.memberships.has(nova.id), false);
    assert.equal(removed.experiments.some((e) => e.name === "nova"), false);
  } finally {
    await db.membership.update({ where: { id: m.id }, data: { active: true } });
  }

  const otto = await idOf("otto");
  assert.equal(await loadActor(otto), null, "a deactivated person has no session");
  assert.equal(await loadActor(2_000_000_000), null);
});

test("OPOS, managers and admins see every active experiment; others only their own", async () => {
  const active = await db.experiment.count({ where: { active: true } });
  for (const u of ["oscar", "maria", "ada"]) assert.equal((await loadActor(await idOf(u)))!.experiments.length, active, u);
  const ned = (await loadActor(await idOf("ned")))!;
  assert.deepEqual(ned.experiments.map((e) => e.name).sort(), ["dune", "nova"]);
  assert.ok(ned.currentExperimentId !== null && ned.experiments.some((e) => e.id === ned.currentExperimentId));
});
