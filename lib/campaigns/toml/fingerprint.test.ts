import { test } from "node:test";
import assert from "node:assert/strict";
import { campaignFingerprint, fingerprintChanges, type FingerprintParts } from "./fingerprint";

const parts: FingerprintParts = {
  stages: [
    { id: 1, name: "gen", version: 1, graphX: null, graphY: null },
    { id: 2, name: "reco", version: 3, graphX: 100, graphY: 40 },
  ],
  edges: [{ fromStageId: 1, toStageId: 2, filePatterns: "%" }],
  schedules: [{ id: 7, stageId: 2, cronExpression: "0 3 * * *", timeZone: "UTC", active: true, clearWhenDone: false, ownerId: 4 }],
};

test("the fingerprint does not depend on the order rows were read in", () => {
  const shuffled = { stages: [...parts.stages].reverse(), edges: [...parts.edges], schedules: [...parts.schedules] };
  assert.equal(campaignFingerprint(shuffled), campaignFingerprint(parts));
  assert.match(campaignFingerprint(parts), /^stages:[0-9a-f]{12} dependencies:[0-9a-f]{12} schedules:[0-9a-f]{12}$/);
});

test("each kind of change is named by its part", () => {
  const was = campaignFingerprint(parts);
  const moved = campaignFingerprint({ ...parts, stages: [parts.stages[0], { ...parts.stages[1], graphX: 101 }] });
  const added = campaignFingerprint({ ...parts, stages: [...parts.stages, { id: 3, name: "ana", version: 1, graphX: null, graphY: null }] });
  const edge = campaignFingerprint({ ...parts, edges: [{ ...parts.edges[0], filePatterns: "%.root" }] });
  const schedule = campaignFingerprint({ ...parts, schedules: [{ ...parts.schedules[0], ownerId: 5 }] });
  assert.deepEqual(fingerprintChanges(was, was), []);
  assert.deepEqual(fingerprintChanges(was, moved), ["stages"]);
  assert.deepEqual(fingerprintChanges(was, added), ["stages"]);
  assert.deepEqual(fingerprintChanges(was, edge), ["dependencies"]);
  assert.deepEqual(fingerprintChanges(was, schedule), ["schedules"]);
  assert.deepEqual(fingerprintChanges("edited by hand", was), ["stages", "dependencies", "schedules"]);
});
