import { test } from "node:test";
import assert from "node:assert/strict";
import { decide, visibleExperimentIds, coordinatedExperimentIds, type Actor, type Permission } from "./policy";
import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";

const NOVA = 1;
const DUNE = 2;

const actor = (globalRoles: GlobalRole[], memberships: [number, ExperimentRole][] = [], active = true): Actor => ({
  id: 100,
  active,
  globalRoles,
  memberships: new Map(memberships),
});

const ACTORS = {
  admin: actor(["ADMIN"]),
  opos: actor(["OPOS"]),
  manager: actor(["MANAGER"]),
  coordinator: actor([], [[NOVA, "COORDINATOR"]]),
  production: actor([], [[NOVA, "PRODUCTION"]]),
  shifter: actor([], [[NOVA, "PRODUCTION_SHIFTER"]]),
  analysis: actor([], [[NOVA, "ANALYSIS"]]),
  duneCoordinator: actor([], [[DUNE, "COORDINATOR"]]), // cross-experiment attempts
  nobody: actor([]),
  deactivatedCoordinator: actor([], [[NOVA, "COORDINATOR"]], false),
};
type Who = keyof typeof ACTORS;

// Expected decisions on a NOvA resource owned by someone else as PRODUCTION. Y = allowed.
const COLUMNS: Who[] = ["admin", "opos", "manager", "coordinator", "production", "shifter", "analysis", "duneCoordinator", "nobody", "deactivatedCoordinator"];
const TABLE: Record<Permission, string> = {
  //                    adm opo man coo pro shi ana duC nob deC
  "experiment.view":   "Y   Y   Y   Y   Y   Y   Y   .   .   .",
  "charts.view":       "Y   Y   Y   Y   Y   Y   Y   .   .   .",
  "campaign.modify":   "Y   .   .   Y   Y   .   .   .   .   .",
  "campaign.act":      "Y   Y   .   Y   Y   Y   .   .   .   .",
  "task.request":      "Y   .   .   Y   Y   Y   Y   .   .   .",
  "task.edit":         "Y   .   .   .   .   .   .   .   .   .", // owned by someone else: nobody but the admin
  "task.link_campaign": "Y  Y   .   Y   Y   .   .   .   .   .",
  "task.decide":       "Y   .   .   Y   .   .   .   .   .   .",
  "task.assign":       "Y   Y   .   .   .   .   .   .   .   .",
  "task.plan":         "Y   Y   .   Y   .   .   .   .   .   .",
  "task.comment":      "Y   Y   Y   Y   Y   Y   Y   .   .   .",
  "membership.manage": "Y   .   .   Y   .   .   .   .   .   .",
  "board.configure":   "Y   Y   .   .   .   .   .   .   .   .",
  "service.manage":    "Y   Y   .   .   .   .   .   .   .   .",
  "service.watch":     "Y   Y   Y   Y   Y   Y   Y   Y   Y   .", // any signed-in, active person
  "operations.view":   "Y   Y   .   .   .   .   .   .   .   .",
  admin:               "Y   .   .   .   .   .   .   .   .   .",
  "experiment.configure": "Y .   .   .   .   .   .   .   .   .",
};

for (const [permission, row] of Object.entries(TABLE) as [Permission, string][]) {
  const cells = row.split(/\s+/);
  assert.equal(cells.length, COLUMNS.length, `row ${permission} has ${cells.length} cells`);
  for (const [i, who] of COLUMNS.entries()) {
    const expected = cells[i] === "Y";
    test(`${who} ${expected ? "may" : "may not"} ${permission} on a NOvA resource`, () => {
      const d = decide(ACTORS[who], permission, { experimentId: NOVA, ownerId: 7, ownerRole: "PRODUCTION" });
      assert.equal(d.allowed, expected);
      if (!d.allowed) assert.ok(d.reason.length > 10, "a refusal explains itself");
    });
  }
}

test("an analysis member may modify and act on their own personal campaign, not someone else's", () => {
  const a = ACTORS.analysis;
  assert.equal(decide(a, "campaign.modify", { experimentId: NOVA, ownerId: a.id, ownerRole: "ANALYSIS" }).allowed, true);
  assert.equal(decide(a, "campaign.act", { experimentId: NOVA, ownerId: a.id, ownerRole: "ANALYSIS" }).allowed, true);
  assert.equal(decide(a, "campaign.modify", { experimentId: NOVA, ownerId: 999, ownerRole: "ANALYSIS" }).allowed, false);
  // Created as production: it is production work even though they created it.
  assert.equal(decide(a, "campaign.modify", { experimentId: NOVA, ownerId: a.id, ownerRole: "PRODUCTION" }).allowed, false);
});

test("a coordinator of one experiment cannot decide, manage or act in another", () => {
  const c = ACTORS.coordinator;
  for (const p of ["task.decide", "membership.manage", "campaign.act", "campaign.modify", "experiment.view"] as Permission[]) {
    assert.equal(decide(c, p, { experimentId: DUNE }).allowed, false, p);
  }
});

test("experiment-scoped permissions without an experiment are refused, not allowed by default", () => {
  for (const p of ["experiment.view", "campaign.act", "task.request", "task.decide", "membership.manage"] as Permission[]) {
    assert.equal(decide(ACTORS.coordinator, p).allowed, false, p);
  }
});

test("visible experiments: all for global roles, memberships otherwise", () => {
  assert.equal(visibleExperimentIds(ACTORS.opos), undefined);
  assert.equal(visibleExperimentIds(ACTORS.manager), undefined);
  assert.deepEqual(visibleExperimentIds(ACTORS.analysis), [NOVA]);
  assert.deepEqual(visibleExperimentIds(ACTORS.nobody), []);
  assert.deepEqual(coordinatedExperimentIds(actor([], [[NOVA, "COORDINATOR"], [DUNE, "ANALYSIS"]])), [NOVA]);
});

test("the requester may change their own request only while a member of its experiment", () => {
  const own = { experimentId: NOVA, ownerId: 100 };
  assert.equal(decide(ACTORS.analysis, "task.edit", own).allowed, true);
  assert.equal(decide(ACTORS.production, "task.edit", own).allowed, true);
  const removed = actor([], []); // the same person after the membership was removed
  const d = decide(removed, "task.edit", own);
  assert.equal(d.allowed, false);
  assert.match(d.allowed ? "" : d.reason, /no longer a member/);
  assert.equal(decide(actor([], [[NOVA, "ANALYSIS"]], false), "task.edit", own).allowed, false);
  assert.equal(decide(ACTORS.duneCoordinator, "task.edit", own).allowed, false);
});
