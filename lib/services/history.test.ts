import { test } from "node:test";
import assert from "node:assert/strict";
import { statusSegments } from "./history";

const at = (h: number) => new Date(Date.UTC(2026, 10, 29, h));
const window = { from: at(0), to: at(10) };

test("segments run from the window's start in the status before the first event, to its end", () => {
  const s = statusSegments(
    [
      { status: "BAD", fromStatus: "GOOD", createdAt: at(2) },
      { status: "GOOD", fromStatus: "BAD", createdAt: at(5) },
    ],
    window,
    "GOOD",
  );
  assert.deepEqual(s.map((x) => [x.status, x.from.getUTCHours(), x.to.getUTCHours(), x.share]), [["GOOD", 0, 2, 0.2], ["BAD", 2, 5, 0.3], ["GOOD", 5, 10, 0.5]]);
});

test("no events in the window: one segment in the current status; repeated statuses merge; events outside are ignored", () => {
  assert.deepEqual(statusSegments([], window, "DEGRADED").map((x) => [x.status, x.share]), [["DEGRADED", 1]]);
  const s = statusSegments(
    [
      { status: "BAD", fromStatus: "GOOD", createdAt: at(-5) },
      { status: "BAD", fromStatus: "BAD", createdAt: at(4) },
      { status: "GOOD", fromStatus: null, createdAt: at(8) },
    ],
    window,
    "GOOD",
  );
  assert.deepEqual(s.map((x) => [x.status, x.share]), [["BAD", 0.8], ["GOOD", 0.2]]);
});
