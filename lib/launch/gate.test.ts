import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeGate, NO_HOLD } from "./gate";

const open = { hold: false, holdReason: "", heldAt: null };

test("the gate is open when nothing is held", () => {
  assert.deepEqual(judgeGate({ global: NO_HOLD, stage: open }), { open: true, warnings: [] });
});

test("the global hold closes it for every stage, with its reason", () => {
  const d = judgeGate({ global: { held: true, reason: "dCache maintenance", since: null, by: "ops" }, stage: open });
  assert.deepEqual(d, { open: false, reason: "All launches are on hold: dCache maintenance" });
});

test("a held stage closes it for that stage; the global hold is named first", () => {
  assert.deepEqual(judgeGate({ global: NO_HOLD, stage: { hold: true, holdReason: "", heldAt: new Date() } }), { open: false, reason: "This stage is on hold." });
  const both = judgeGate({ global: { held: true, reason: "", since: null, by: null }, stage: { hold: true, holdReason: "x", heldAt: null } });
  assert.equal(both.open, false);
  assert.match(!both.open ? both.reason : "", /^All launches/);
});
