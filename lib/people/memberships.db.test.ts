import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "./actor";
import { addMembership, changeMembership } from "./memberships";
import { DomainError } from "@/lib/errors";

async function person(username: string) {
  const p = await db.person.findUniqueOrThrow({ where: { username } });
  const actor = await loadActor(p.id);
  assert.ok(actor);
  return actor;
}
const experiment = (name: string) => db.experiment.findUniqueOrThrow({ where: { name } });

test("a coordinator adds a member, changes their role and deactivates them; each step is audited", async () => {
  const nina = await person("nina");
  const nova = await experiment("nova");
  const m = await addMembership(nina, nova.id, { person: "sara", role: "ANALYSIS" });
  await changeMembership(nina, m.id, { role: "PRODUCTION" });
  await changeMembership(nina, m.id, { active: false });
  const after = await db.membership.findUniqueOrThrow({ where: { id: m.id } });
  assert.equal(after.role, "PRODUCTION");
  assert.equal(after.active, false);
  const audit = await db.auditEvent.findMany({ where: { entityType: "membership", entityId: String(m.id) }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => a.action), ["membership.added", "membership.role_changed", "membership.deactivated"]);
  assert.ok(audit.every((a) => a.actorId === nina.id));
  // The deactivated membership no longer grants anything, at once.
  const sara = await person("sara");
  assert.equal(sara.memberships.has(nova.id), false);
});

test("a coordinator of another experiment, or a production member, is refused and nothing changes", async () => {
  const dana = await person("dana"); // dune coordinator
  const noah = await person("noah"); // nova production
  const nova = await experiment("nova");
  const target = await db.membership.findFirstOrThrow({ where: { experimentId: nova.id, person: { username: "nora" } } });
  for (const who of [dana, noah]) {
    await assert.rejects(changeMembership(who, target.id, { role: "COORDINATOR" }), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
    await assert.rejects(addMembership(who, nova.id, { person: "diego", role: "ANALYSIS" }), (e: unknown) => e instanceof DomainError && e.code === "forbidden");
  }
  assert.equal((await db.membership.findUniqueOrThrow({ where: { id: target.id } })).role, target.role);
  assert.equal(await db.membership.count({ where: { experimentId: nova.id, person: { username: "diego" } } }), 0);
});

test("the last coordinator cannot be demoted or deactivated", async () => {
  const ivan = await person("ivan");
  const icarus = await experiment("icarus");
  const own = await db.membership.findFirstOrThrow({ where: { experimentId: icarus.id, personId: ivan.id } });
  await assert.rejects(changeMembership(ivan, own.id, { role: "ANALYSIS" }), /at least one active coordinator/);
  await assert.rejects(changeMembership(ivan, own.id, { active: false }), /at least one active coordinator/);
});

test("adding an unknown person or an existing member says why", async () => {
  const uma = await person("uma");
  const uboone = await experiment("uboone");
  await assert.rejects(addMembership(uma, uboone.id, { person: "no-such-person", role: "ANALYSIS" }), /Nobody is registered/);
  await assert.rejects(addMembership(uma, uboone.id, { person: "ugo", role: "ANALYSIS" }), /already a member/);
});
