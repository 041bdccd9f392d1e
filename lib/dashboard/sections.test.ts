import { test } from "node:test";
import assert from "node:assert/strict";
import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/people/policy";
import { dashboardSections } from "./sections";

const actor = (globalRoles: GlobalRole[], memberships: [number, ExperimentRole][] = []): Actor => ({ id: 7, active: true, globalRoles, memberships: new Map(memberships) });

test("each role sees its parts of the dashboard, and a person with several roles sees each", () => {
  const pick = (a: Actor, own = false) => {
    const s = dashboardSections(a, own);
    return [s.myRequests, s.coordinatedExperimentIds, s.operations, s.overview, s.mayRequest];
  };
  assert.deepEqual(pick(actor([], [[1, "ANALYSIS"]])), [true, [], false, false, true], "experimenter");
  assert.deepEqual(pick(actor([], [[1, "COORDINATOR"], [2, "ANALYSIS"]])), [true, [1], false, false, true], "coordinator of one, analyst in another");
  assert.deepEqual(pick(actor(["OPOS"])), [false, [], true, false, false], "operator");
  assert.deepEqual(pick(actor(["MANAGER"])), [false, [], false, true, false], "manager: overview, no request button");
  assert.deepEqual(pick(actor(["ADMIN"])), [false, [], false, true, false], "administrator");
  assert.deepEqual(pick(actor(["MANAGER", "OPOS"], [[3, "COORDINATOR"]])), [true, [3], true, true, true], "several roles");
  assert.deepEqual(pick(actor(["MANAGER"]), true), [true, [], false, true, false], "a manager who once requested work sees those requests");
  assert.deepEqual(pick(actor([])), [false, [], false, false, false], "nobody yet");
});
