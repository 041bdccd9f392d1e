import { test } from "node:test";
import assert from "node:assert/strict";
import { toWire } from "./wire";

test("a value in the API's shape: dates become ISO strings, bigints strings, the rest unchanged", () => {
  const at = new Date("2026-11-29T04:00:00.000Z");
  const w = toWire({ at, n: 3, id: 12n, list: [{ at }], none: null, text: "a" });
  assert.deepEqual(w, { at: "2026-11-29T04:00:00.000Z", n: 3, id: "12", list: [{ at: "2026-11-29T04:00:00.000Z" }], none: null, text: "a" });
});
