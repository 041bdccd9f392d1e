import { test, after } from "node:test";
import assert from "node:assert/strict";
import { FAULTS, type Fault } from "@/lib/testing/mock-server";
import { startFtsMock } from "@/lib/testing/mocks/fts";
import { FAILURE_KINDS } from "@/lib/adapters/result";
import { fetchFtsStatus, readFtsStatus } from "./fts-status";

const T0 = 1_764_316_800;
const mock = await startFtsMock(
  {
    files: [
      { name: "a_out.root", steps: [{ at: T0, list: "new" }, { at: T0 + 60, list: "pending", msg: "Waiting for transfer to enstore" }, { at: T0 + 120, list: "gone" }] },
      { name: "b_out.root", steps: [{ at: T0, list: "error", msg: "Metadata extraction failed: no JSON file" }] },
      { name: "c_out.root", steps: [{ at: T0 + 30, list: "new" }] },
    ],
  },
  { startAt: T0, slowMs: 1500 },
);
after(() => mock.close());

const read = () => fetchFtsStatus(mock.url, 500);

test("the status is read from <ftsUrl>/status?format=json as the three lists, and follows the dropbox over time", async () => {
  mock.clock.set(T0);
  let r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.map((f) => [f.name, f.list, f.message]).sort(), [["a_out.root", "new", ""], ["b_out.root", "error", "Metadata extraction failed: no JSON file"]]);
  const last = mock.requests.at(-1)!;
  assert.equal(last.path, "/status");
  assert.equal(last.query.get("format"), "json");
  mock.clock.set(T0 + 60);
  r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.find((f) => f.name === "a_out.root"), { name: "a_out.root", list: "pending", message: "Waiting for transfer to enstore" });
  mock.clock.set(T0 + 120);
  r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.map((f) => f.name).sort(), ["b_out.root", "c_out.root"], "a file FTS no longer lists has left the dropbox");
});

const EXPECTED: Record<Fault, string> = {
  timeout: "timeout",
  hang: "timeout",
  reset: "network",
  http500: "http",
  http502: "http",
  http503: "http",
  auth401: "auth",
  auth403: "auth",
  truncated: "parse",
  "wrong-content-type": "parse",
  empty: "parse",
};

for (const fault of FAULTS) {
  test(`FTS fault "${fault}" is a failure of kind ${EXPECTED[fault]}, never an exception nor an empty dropbox`, async () => {
    mock.fault("GET /status", fault, 1);
    const r = await read();
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, EXPECTED[fault]);
      assert.ok(FAILURE_KINDS.includes(r.kind));
    }
    assert.ok((await read()).ok, "the fault was injected once only");
  });
}

test("an answer without any of the three lists is a schema failure, not an empty dropbox; an empty list is a successful read", () => {
  const none = readFtsStatus({});
  assert.equal(none.ok, false);
  if (!none.ok) assert.equal(none.kind, "schema");
  const empty = readFtsStatus({ newstates: [] });
  assert.ok(empty.ok);
  if (empty.ok) assert.equal(empty.value.length, 0);
});

test("a file in several lists takes the most serious one (error, then pending); a missing msg reads as empty", () => {
  const r = readFtsStatus({ newstates: [{ name: "x", msg: "n" }], pendingstates: [{ name: "x", msg: "p" }, { name: "y" }], errorstates: [{ name: "x", msg: "boom" }] });
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.value.sort((a, b) => a.name.localeCompare(b.name)), [{ name: "x", list: "error", message: "boom" }, { name: "y", list: "pending", message: "" }]);
});

test("a wrong shape (a list of strings) is a schema failure", async () => {
  const { ftsStatusAnswer } = await import("./fts-status");
  assert.equal(ftsStatusAnswer.safeParse({ newstates: ["a_out.root"] }).success, false);
});
