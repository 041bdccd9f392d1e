import { test, after } from "node:test";
import assert from "node:assert/strict";
import { FAULTS, FAULT_KIND } from "@/lib/testing/mock-server";
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

// A normal read gets a time limit a loaded machine meets; a timeout or a hang is judged with a short one (the mock waits 1.5 s).
const read = (timeoutMs = 5000) => fetchFtsStatus(mock.url, timeoutMs);

test("the status is read from <ftsUrl>/status?format=json as the three lists, and follows the dropbox over time", async () => {
  mock.clock.set(T0);
  let r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.files.map((f) => [f.name, f.list, f.message]).sort(), [["a_out.root", "new", ""], ["b_out.root", "error", "Metadata extraction failed: no JSON file"]]);
  const last = mock.requests.at(-1)!;
  assert.equal(last.path, "/status");
  assert.equal(last.query.get("format"), "json");
  mock.clock.set(T0 + 60);
  r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.files.find((f) => f.name === "a_out.root"), { name: "a_out.root", list: "pending", message: "Waiting for transfer to enstore" });
  mock.clock.set(T0 + 120);
  r = await read();
  assert.ok(r.ok);
  assert.deepEqual(r.value.files.map((f) => f.name).sort(), ["b_out.root", "c_out.root"], "a file FTS no longer lists has left the dropbox");
});

const EXPECTED = FAULT_KIND;

for (const fault of FAULTS) {
  test(`FTS fault "${fault}" is a failure of kind ${EXPECTED[fault]}, never an exception nor an empty dropbox`, async () => {
    mock.fault("GET /status", fault, 1);
    const r = await read(fault === "timeout" || fault === "hang" ? 500 : 5000);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, EXPECTED[fault]);
      assert.ok(FAILURE_KINDS.includes(r.kind));
    }
    assert.ok((await read()).ok, "the fault was injected once only");
  });
}

const all = (a: Partial<Record<"newstates" | "pendingstates" | "errorstates", unknown[]>>) => ({ newstates: [], pendingstates: [], errorstates: [], ...a });

test("an answer missing any of the three lists is a schema failure (never 'every file left'); three empty lists are an empty dropbox", () => {
  for (const partial of [{}, { newstates: [] }, { newstates: [], pendingstates: [] }, { pendingstates: [], errorstates: [{ name: "x" }] }]) {
    const r = readFtsStatus(partial);
    assert.equal(r.ok, false, JSON.stringify(partial));
    if (!r.ok) assert.equal(r.kind, "schema");
  }
  const empty = readFtsStatus(all({}));
  assert.ok(empty.ok);
  if (empty.ok) assert.deepEqual(empty.value, { files: [], skipped: 0, complete: true });
});

test("a file in several lists takes the most serious one (error, then pending); a missing msg reads as empty", () => {
  const r = readFtsStatus({ newstates: [{ name: "x", msg: "n" }], pendingstates: [{ name: "x", msg: "p" }, { name: "y" }], errorstates: [{ name: "x", msg: "boom" }] });
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.value.files.sort((a, b) => a.name.localeCompare(b.name)), [{ name: "x", list: "error", message: "boom" }, { name: "y", list: "pending", message: "" }]);
});

test("one hostile entry is skipped, not the whole answer: NUL or newline in a name, a non-string, an over-long name; control characters leave messages", () => {
  const r = readFtsStatus(
    all({
      newstates: ["a_out.root", { name: "bad\u0000_out.root" }, { name: "two\nlines_out.root" }, { name: 7 }, { name: "x".repeat(1001) }, { name: "ok_out.root", msg: "fine\u0000 here\u001b[31m" }, null],
      errorstates: [{ name: "e_out.root", msg: { nested: true } }, { name: "f_out.root", msg: "no space left" }],
    }),
  );
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.value.files.map((f) => [f.name, f.message]).sort(), [["f_out.root", "no space left"], ["ok_out.root", "fine here[31m"]]);
  assert.equal(r.value.skipped, 7);
  assert.equal(r.value.complete, true);
});

test("at most a cap of files per read; a longer answer is handled in part and marked incomplete, errors first", () => {
  const r = readFtsStatus(all({ newstates: [{ name: "n1" }, { name: "n2" }], errorstates: [{ name: "e1", msg: "bad" }] }), 2);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.value.files.map((f) => f.name), ["e1", "n1"]);
  assert.equal(r.value.complete, false);
});
