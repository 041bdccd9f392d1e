import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTaskRef, taskKey } from "./keys";

test("keys are the experiment in capitals and the number", () => {
  assert.equal(taskKey("nova", 57), "NOVA-57");
  assert.equal(taskKey("g-2", 3), "G-2-3");
});

test("a reference is an id or a key; nothing else resolves", () => {
  assert.deepEqual(parseTaskRef("57"), { id: 57 });
  assert.deepEqual(parseTaskRef("NOVA-57"), { experiment: "nova", number: 57 });
  assert.deepEqual(parseTaskRef("nova-57"), { experiment: "nova", number: 57 });
  assert.deepEqual(parseTaskRef("G-2-3"), { experiment: "g-2", number: 3 });
  for (const bad of ["0", "01", "-1", "1e3", "2147483648", "NOVA-0", "NOVA-01", "NOVA-2147483648", "NOVA", "-5", "NO VA-5", "%00", ""]) assert.equal(parseTaskRef(bad), null, bad);
});
