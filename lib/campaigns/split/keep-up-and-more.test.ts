import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSplitType, formatSplitType, takeSlice, resetCursor, readCursor, stepBackCursor, setCursor, describeCursor, deliveringSubmissions, datasetForLaunch, type CatalogueFile, type SplitSpec, type SplitCursor } from "./index";

const spec = (text: string): SplitSpec => {
  const r = parseSplitType(text);
  assert.ok(r.ok, `expected ${text} to parse: ${r.ok ? "" : r.message}`);
  return r.spec;
};
const names = (r: ReturnType<typeof takeSlice>) => (r.ok ? r.files.map((f) => f.name) : []);
const H = 3_600_000;

/** Runs a draining-type split to exhaustion, delivering each slice's files. */
function drain(s: SplitSpec, files: CatalogueFile[]) {
  const delivered = new Set<string>();
  let cursor: SplitCursor = resetCursor(s);
  const out: { label: string; names: string[] }[] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered });
    if (!r.ok) return { out, last: r, cursor };
    out.push({ label: r.label, names: names(r) });
    for (const f of r.files) delivered.add(f.name);
    cursor = r.next;
  }
}

test("parse: the newer split types and their refusals", () => {
  const ok: [string, string][] = [
    ["draining", "draining"],
    ["Draining()", "draining"],
    ["byexistingruns", "byexistingruns"],
    ["stagedfiles( 20 )", "stagedfiles(20)"],
    ["multiparam(energy=[1,2,3], flavour=[numu, nue])", "multiparam(energy=[1,2,3], flavour=[numu,nue])"],
    ["multiparam([a,b],[c])", "multiparam([a,b], [c])"],
    ["new", "new(window=1w)"],
    ["new(window=6h)", "new(window=6h)"],
    ["new(1d, 1h, 2h)", "new(window=1d, round=1h, lag=2h)"],
    ["new(window=90m, round=1h)", "new(window=1h, round=1h)"],
    ["new(fts=10m, firsttime=2026-10-01, lasttime=2026-10-08T12:00Z)", "new(window=1w, lag=10m, firsttime=1790812800, lasttime=1791460800)"],
  ];
  for (const [text, canonical] of ok) {
    assert.equal(formatSplitType(spec(text)), canonical, text);
    assert.equal(formatSplitType(spec(canonical)), canonical, `round trip ${canonical}`);
  }
  const bad: [string, RegExp][] = [
    ["stagedfiles", /stagedfiles needs a whole number of located files/],
    ["byexistingruns(3)", /byexistingruns takes no numbers/],
    ["multiparam(a,b)", /write each list in square brackets/],
    ["multiparam([a,,b])", /empty value/],
    ["multiparam([a b])", /"a b" is not a value/],
    ["multiparam(x=[a], x=[b])", /"x" is given twice/],
    ["multiparam(dataset=[a])", /"dataset" cannot name a list/],
    ["multiparam([a,a])", /repeats a value/],
    ["new(window=soon)", /window is a duration such as 6h/],
    ["new(speed=1)", /new has no parameter "speed"/],
    ["new(1d,1h,1h,1,2,3)", /at most 5 parameters/],
    ["new(window=30m, round=1h)", /at least as long as round/],
    ["new(firsttime=2026-02-30)", /firsttime is unix seconds or a date/],
    ["new(firsttime=2026-10-02, lasttime=2026-10-01)", /firsttime must be before lasttime/],
    ["new(window=1d, window=2d)", /window is given twice/],
  ];
  for (const [text, message] of bad) {
    const r = parseSplitType(text);
    assert.ok(!r.ok, text);
    if (!r.ok) assert.match(r.message, message, text);
  }
});

test("draining: everything not yet delivered in one slice; then exhausted until new files arrive", () => {
  const files = Array.from({ length: 5 }, (_, i) => ({ name: `d${i}`, position: i, runNumber: null }));
  const s = spec("draining");
  const { out, last, cursor } = drain(s, files);
  assert.deepEqual(out, [{ label: "every file not yet delivered: 5 files of 5", names: ["d0", "d1", "d2", "d3", "d4"] }]);
  assert.ok(!last.ok && last.reason === "exhausted");
  const grown = takeSlice({ spec: s, cursor, files: [...files, { name: "d5", position: 9, runNumber: null }], delivered: new Set(files.map((f) => f.name)) });
  assert.deepEqual(names(grown), ["d5"]);
  assert.deepEqual(deliveringSubmissions(s, { launches: 1 }, [{ id: 4, cursorAfter: { launches: 1 } }]), [4]);
  assert.equal(describeCursor(s, { launches: 2 }), "next: every file not in slices 1–2");
});

test("byexistingruns: the lowest run that still has undelivered files, all of them; files without a run never", () => {
  const runs = [7, 3, 3, null, 9, 7, 3, null, 9];
  const files = runs.map((r, i) => ({ name: `r${i}`, position: i, runNumber: r }));
  const { out, last } = drain(spec("byexistingruns"), files);
  assert.deepEqual(out, [
    { label: "run 3, 3 files not yet delivered", names: ["r1", "r2", "r6"] },
    { label: "run 7, 2 files not yet delivered", names: ["r0", "r5"] },
    { label: "run 9, 2 files not yet delivered", names: ["r4", "r8"] },
  ]);
  assert.ok(!last.ok && last.reason === "exhausted" && /2 files without a run number are never taken/.test(last.message));
  // A file added later to an old run is taken by the next launch.
  const delivered = new Set(out.flatMap((o) => o.names));
  const late = takeSlice({ spec: spec("byexistingruns"), cursor: { launches: 3 }, files: [...files, { name: "late", position: 99, runNumber: 3 }], delivered });
  assert.ok(late.ok && late.label === "run 3, 1 file not yet delivered");
});

test("stagedfiles(n): the next n files that have a location and were not delivered; waits for the rest", () => {
  const files = Array.from({ length: 7 }, (_, i) => ({ name: `s${i}`, position: i, runNumber: null, located: i !== 2 && i !== 5 }));
  const s = spec("stagedfiles(2)");
  const { out, last } = drain(s, files);
  assert.deepEqual(out.map((o) => o.names), [["s0", "s1"], ["s3", "s4"], ["s6"]]);
  assert.equal(out[0].label, "2 files staged and not yet delivered (3 more staged, 2 waiting for a location)");
  assert.ok(!last.ok && last.reason === "empty" && /None of the 2 files not yet delivered has a location yet/.test(last.message) && last.next === null);
  const staged = files.map((f) => ({ ...f, located: true }));
  const later = takeSlice({ spec: s, cursor: { launches: 3 }, files: staged, delivered: new Set(out.flatMap((o) => o.names)) });
  assert.deepEqual(names(later), ["s2", "s5"]);
});

test("multiparam: the Cartesian product, first list fastest (as the original), values for the command, no dataset", () => {
  const s = spec("multiparam(energy=[1,2,3], flavour=[numu,nue])");
  assert.deepEqual(datasetForLaunch(s, {}, ""), { ok: true, dataset: "" });
  let cursor = resetCursor(s);
  const seen: string[] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files: [], delivered: new Set() });
    if (!r.ok) {
      assert.match(r.message, /All 6 combinations have been launched/);
      break;
    }
    assert.equal(r.files.length, 0);
    seen.push(`${r.dataset} ${JSON.stringify(r.params)}`);
    cursor = r.next;
  }
  assert.deepEqual(seen, [
    '1_numu {"energy":"1","flavour":"numu"}',
    '2_numu {"energy":"2","flavour":"numu"}',
    '3_numu {"energy":"3","flavour":"numu"}',
    '1_nue {"energy":"1","flavour":"nue"}',
    '2_nue {"energy":"2","flavour":"nue"}',
    '3_nue {"energy":"3","flavour":"nue"}',
  ]);
  const r = takeSlice({ spec: s, cursor: { index: 4 }, files: [], delivered: new Set() });
  assert.ok(r.ok && r.label === "combination 5 of 6: 2 × nue");
  assert.deepEqual(setCursor(s, 7), { ok: false, message: "Give the next combination as a number from 1 to 6." });
  assert.deepEqual(stepBackCursor(s, { index: 0 }), { index: 0 });
  assert.deepEqual(readCursor(s, { index: 99 }), { index: 6 });
});

test("new: closed windows over start times from firsttime, empty windows passed over, lag respected, then done at lasttime", () => {
  const t0 = Date.UTC(2026, 9, 1);
  const at = (h: number) => t0 + h * H;
  // Files at hours 1, 2, 5 (window 0), 30 (window 1), 80 (window 3; window 2 empty), 100 (window 4).
  const files = [1, 2, 5, 30, 80, 100].map((h, i) => ({ name: `w${h}`, position: 10 - i, runNumber: null, startTime: at(h) }));
  files.push({ name: "undated", position: 50, runNumber: null, startTime: null as unknown as number });
  const s = spec("new(window=1d, lag=2h, firsttime=2026-10-01, lasttime=2026-10-05)");
  const now = at(1000);
  let cursor: SplitCursor = resetCursor(s);
  const seen: [string, string[]][] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered: new Set(), now });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted");
      assert.match(r.message, /Every window up to 2026-10-05 00:00 UTC has been launched/);
      break;
    }
    seen.push([r.label, names(r)]);
    cursor = r.next;
  }
  assert.deepEqual(seen, [
    ["window 2026-10-01 00:00 – 2026-10-02 00:00 UTC, 3 files", ["w1", "w2", "w5"]],
    ["window 2026-10-02 00:00 – 2026-10-03 00:00 UTC, 1 file", ["w30"]],
    ["window 2026-10-04 00:00 – 2026-10-05 00:00 UTC, 1 file", ["w80"]],
  ]);
  // Before the window has closed and its lag passed, the launch waits (cursor unchanged).
  const early = takeSlice({ spec: s, cursor: {}, files, delivered: new Set(), now: at(25) });
  assert.ok(!early.ok && early.reason === "empty" && early.next === null && /once it has closed and 120 minutes more/.test(early.message));
  const justAfter = takeSlice({ spec: s, cursor: {}, files, delivered: new Set(), now: at(26) });
  assert.ok(justAfter.ok && justAfter.files.length === 3);
  assert.deepEqual(justAfter.next, { t: at(24) / 1000 });
  assert.deepEqual(stepBackCursor(s, justAfter.next), { t: t0 / 1000 });
  assert.deepEqual(stepBackCursor(s, { t: t0 / 1000 }), {}, "never before firsttime");
  assert.deepEqual(stepBackCursor(s, { t: at(48) / 1000 }), { t: at(24) / 1000 });
  assert.equal(describeCursor(s, { t: at(24) / 1000 }), "next: the window from 2026-10-02 00:00 UTC");
});

test("new without firsttime: the first launch takes the latest closed window (new files only)", () => {
  const t0 = Date.UTC(2026, 9, 1);
  const files = [1, 30, 50].map((h) => ({ name: `n${h}`, position: h, runNumber: null, startTime: t0 + h * H }));
  const s = spec("new(window=1d, round=1d, lag=1h)");
  const r = takeSlice({ spec: s, cursor: {}, files, delivered: new Set(), now: t0 + 73 * H });
  assert.ok(r.ok);
  assert.deepEqual(names(r), ["n50"]);
  const none = takeSlice({ spec: s, cursor: r.next, files, delivered: new Set(), now: t0 + 73 * H });
  assert.ok(!none.ok && none.reason === "empty" && /No file starts at or after 2026-10-04 00:00 UTC yet/.test(none.message));
});
