import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseSplitType,
  formatSplitType,
  takeSlice,
  datasetForLaunch,
  resetCursor,
  readCursor,
  stepBackCursor,
  setCursor,
  describeCursor,
  deliveringSubmissions,
  type SplitSpec,
  type CatalogueFile,
  type SplitCursor,
} from "./index";

const spec = (text: string): SplitSpec => {
  const r = parseSplitType(text);
  assert.ok(r.ok, `expected ${text} to parse`);
  return r.spec;
};

/** n files named f0001…, positions 1..n, runs given by `run(i)` (i from 0). */
function dataset(n: number, run: (i: number) => number | null = () => null): CatalogueFile[] {
  return Array.from({ length: n }, (_, i) => ({ name: `f${String(i + 1).padStart(4, "0")}`, position: i + 1, runNumber: run(i) }));
}
const names = (r: ReturnType<typeof takeSlice>) => (r.ok ? r.files.map((f) => f.name) : []);
const none = new Set<string>();

// ---------- parsing ----------

test("parse: every type, tolerant of whitespace and case, canonical text back", () => {
  const cases: [string, SplitSpec, string][] = [
    ["none", { type: "none" }, "none"],
    ["  NONE ", { type: "none" }, "none"],
    ["none()", { type: "none" }, "none"],
    ["list", { type: "list" }, "list"],
    ["  NFiles( 10 ) ", { type: "nfiles", n: 10 }, "nfiles(10)"],
    ["nfiles(1)", { type: "nfiles", n: 1 }, "nfiles(1)"],
    ["drainingN (50)", { type: "drainingn", n: 50 }, "drainingn(50)"],
    ["limitn(\t100\n)", { type: "limitn", n: 100 }, "limitn(100)"],
    ["mod(1000000)", { type: "mod", n: 1_000_000 }, "mod(1000000)"],
    ["byrun( 1000 , 1010 )", { type: "byrun", low: 1000, high: 1010 }, "byrun(1000,1010)"],
    ["byrun(low=2,high=4)", { type: "byrun", low: 2, high: 4 }, "byrun(2,4)"],
    ["ByRun(high = 4, LOW = 2)", { type: "byrun", low: 2, high: 4 }, "byrun(2,4)"],
    ["byrun(7,7)", { type: "byrun", low: 7, high: 7 }, "byrun(7,7)"],
    ["byrun(0,0)", { type: "byrun", low: 0, high: 0 }, "byrun(0,0)"],
  ];
  for (const [text, expected, canonical] of cases) {
    const r = parseSplitType(text);
    assert.deepEqual(r, { ok: true, spec: expected }, text);
    assert.equal(formatSplitType(expected), canonical);
    assert.deepEqual(parseSplitType(canonical), { ok: true, spec: expected }, `round trip ${canonical}`);
  }
});

test("parse: strict on everything else, with messages in people's words", () => {
  const cases: [string, RegExp][] = [
    ["", /Choose a split type/],
    ["   ", /Choose a split type/],
    ["nfiles", /nfiles needs a whole number of files per submission, e.g. nfiles\(10\)/],
    ["nfiles()", /nfiles needs a whole number of files per submission/],
    ["nfiles(ten)", /nfiles needs a whole number/],
    ["nfiles(1.5)", /nfiles needs a whole number/],
    ["nfiles(-3)", /nfiles needs a whole number/],
    ["nfiles(+3)", /nfiles needs a whole number/],
    ["nfiles(1e3)", /nfiles needs a whole number/],
    ["nfiles(0)", /at least 1/],
    ["nfiles(1000001)", /at most 1,000,000/],
    ["nfiles(99999999999999999999)", /nfiles needs a whole number/],
    ["nfiles(10,20)", /nfiles needs a whole number/],
    ["nfiles(10", /Write nfiles as nfiles\(10\)/],
    ["nfiles 10", /Write nfiles as nfiles\(10\)/],
    ["nfiles(10) extra", /Write nfiles as/],
    ["nfiles_10", /"nfiles_10" is not a split type/],
    ["mod", /mod needs the number of slices/],
    ["limitn(0)", /limitn needs at least 1/],
    ["drainingn(x)", /drainingn needs a whole number of files per submission/],
    ["none(3)", /none takes no numbers/],
    ["list(2)", /list takes no numbers/],
    ["byrun", /byrun needs the lowest and the highest run number/],
    ["byrun(5)", /byrun needs the lowest/],
    ["byrun(1,2,3)", /byrun needs the lowest/],
    ["byrun(10,5)", /lowest run \(10\) is above its highest \(5\)/],
    ["byrun(a,b)", /run numbers are whole numbers/],
    ["byrun(-1,5)", /run numbers are whole numbers/],
    ["byrun(1,9999999999)", /Run numbers go up to 2,147,483,647/],
    ["byrun(low=1,low=2)", /byrun\(low=1000, high=1010\)/],
    ["byrun(low=1,2)", /byrun\(low=1000, high=1010\)/],
    ["draining(3)", /draining takes no numbers/],
    ["multiparam", /multiparam needs lists of values/],
    ["stagedfiles(0)", /stagedfiles needs at least 1/],
    ["chunks(5)", /"chunks" is not a split type/],
    ["nfiles(10); rm -rf /", /is not a split type|Write nfiles/],
  ];
  for (const [text, message] of cases) {
    const r = parseSplitType(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.message, message, text);
  }
});

// ---------- datasetForLaunch ----------

test("datasetForLaunch: the input trimmed for every type but list", () => {
  for (const t of ["none", "nfiles(3)", "drainingn(3)", "limitn(3)", "mod(3)", "byrun(1,2)"]) {
    const s = spec(t);
    assert.deepEqual(datasetForLaunch(s, resetCursor(s), "  nova_fd_2026 \n"), { ok: true, dataset: "nova_fd_2026" }, t);
    const empty = datasetForLaunch(s, resetCursor(s), "   ");
    assert.ok(!empty.ok && /no input dataset/.test(empty.message), t);
  }
});

test("datasetForLaunch: list takes one dataset per launch, commas or whitespace between", () => {
  const s = spec("list");
  const input = " a_ds, b_ds ,\n c_ds  d_ds,,";
  const got = [0, 1, 2, 3].map((index) => datasetForLaunch(s, { index }, input));
  assert.deepEqual(got, ["a_ds", "b_ds", "c_ds", "d_ds"].map((dataset) => ({ ok: true, dataset })));
  assert.equal(describeCursor(s, { index: 2 }, input), "next: dataset 3 of 4, c_ds");
  assert.equal(describeCursor(s, { index: 4 }, input), "all 4 datasets of the list launched");
  const done = datasetForLaunch(s, { index: 4 }, input);
  assert.ok(!done.ok && /All 4 datasets of the list have been launched/.test(done.message));
  const empty = datasetForLaunch(s, { index: 0 }, " , ,");
  assert.ok(!empty.ok && /list of datasets is empty/.test(empty.message));
  assert.deepEqual(datasetForLaunch(s, {}, "x"), { ok: true, dataset: "x" }, "a missing cursor starts at the first");
});

// ---------- none / limitn ----------

test("none: the whole dataset every time, the cursor never moves", () => {
  const s = spec("none");
  const files = dataset(5);
  const a = takeSlice({ spec: s, cursor: {}, files, delivered: none });
  assert.ok(a.ok);
  assert.deepEqual(names(a), ["f0001", "f0002", "f0003", "f0004", "f0005"]);
  assert.equal(a.label, "all 5 files");
  assert.deepEqual(a.next, {});
  assert.deepEqual(names(takeSlice({ spec: s, cursor: a.next, files, delivered: new Set(names(a)) })), names(a));
  const empty = takeSlice({ spec: s, cursor: {}, files: [], delivered: none });
  assert.deepEqual(empty, { ok: false, reason: "empty", message: "The dataset has no files yet.", next: null });
});

test("limitn: the first n files, the same every time; fewer when the dataset is smaller", () => {
  const s = spec("limitn(3)");
  const r = takeSlice({ spec: s, cursor: {}, files: dataset(10), delivered: none });
  assert.ok(r.ok);
  assert.deepEqual(names(r), ["f0001", "f0002", "f0003"]);
  assert.equal(r.label, "first 3 of 10 files");
  assert.deepEqual(r.next, {});
  const again = takeSlice({ spec: s, cursor: r.next, files: dataset(10), delivered: new Set(names(r)) });
  assert.deepEqual(names(again), names(r));
  const small = takeSlice({ spec: s, cursor: {}, files: dataset(2), delivered: none });
  assert.ok(small.ok && small.files.length === 2 && small.label === "all 2 files (limit 3)");
  assert.equal(takeSlice({ spec: s, cursor: {}, files: [], delivered: none }).ok, false);
});

test("slices follow the dataset's order (position), not the order the files were given in", () => {
  const files = dataset(6).reverse();
  assert.deepEqual(names(takeSlice({ spec: spec("limitn(2)"), cursor: {}, files, delivered: none })), ["f0001", "f0002"]);
  assert.deepEqual(names(takeSlice({ spec: spec("nfiles(2)"), cursor: { offset: 2 }, files, delivered: none })), ["f0003", "f0004"]);
});

// ---------- nfiles ----------

test("nfiles: consecutive chunks, a short last chunk, then exhausted with a clear message", () => {
  const s = spec("nfiles(4)");
  const files = dataset(10);
  let cursor: SplitCursor = resetCursor(s);
  const slices: string[][] = [];
  const labels: string[] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered: none });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted");
      assert.match(r.message, /All 10 files have been given out in slices of 4/);
      assert.equal(r.next, null);
      break;
    }
    slices.push(names(r));
    labels.push(r.label);
    cursor = r.next;
  }
  assert.deepEqual(slices, [
    ["f0001", "f0002", "f0003", "f0004"],
    ["f0005", "f0006", "f0007", "f0008"],
    ["f0009", "f0010"],
  ]);
  assert.deepEqual(labels, ["files 1–4 of 10", "files 5–8 of 10", "files 9–10 of 10"]);
  assert.deepEqual(cursor, { offset: 10 });
  assert.equal(describeCursor(s, cursor), "next: files from 11");
});

test("nfiles: a dataset that grows between launches makes the next chunk available", () => {
  const s = spec("nfiles(50)");
  const r1 = takeSlice({ spec: s, cursor: { offset: 1150 }, files: dataset(1200), delivered: none });
  assert.ok(r1.ok && r1.label === "files 1,151–1,200 of 1,200");
  const ex = takeSlice({ spec: s, cursor: r1.next, files: dataset(1200), delivered: none });
  assert.ok(!ex.ok && ex.reason === "exhausted");
  const grown = takeSlice({ spec: s, cursor: r1.next, files: dataset(1230), delivered: none });
  assert.ok(grown.ok);
  assert.equal(grown.label, "files 1,201–1,230 of 1,230");
  assert.deepEqual(grown.next, { offset: 1230 });
  const one = takeSlice({ spec: s, cursor: grown.next, files: dataset(1231), delivered: none });
  assert.ok(one.ok && one.label === "file 1,231 of 1,231");
});

test("nfiles: an empty dataset is empty, not exhausted", () => {
  const r = takeSlice({ spec: spec("nfiles(5)"), cursor: { offset: 0 }, files: [], delivered: none });
  assert.ok(!r.ok && r.reason === "empty" && r.next === null);
});

// ---------- drainingn ----------

test("drainingn: the next n files not yet delivered, in dataset order, then exhausted", () => {
  const s = spec("drainingn(3)");
  const files = dataset(7);
  const delivered = new Set<string>();
  let cursor = resetCursor(s);
  const slices: string[][] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted");
      assert.match(r.message, /All 7 files of the dataset were already delivered/);
      break;
    }
    slices.push(names(r));
    for (const f of r.files) delivered.add(f.name);
    cursor = r.next;
  }
  assert.deepEqual(slices, [["f0001", "f0002", "f0003"], ["f0004", "f0005", "f0006"], ["f0007"]]);
  assert.deepEqual(cursor, { launches: 3 });
});

test("drainingn: skips delivered files wherever they are, and picks up files added later", () => {
  const s = spec("drainingn(2)");
  const delivered = new Set(["f0001", "f0003", "f0004"]);
  const r = takeSlice({ spec: s, cursor: { launches: 2 }, files: dataset(6), delivered });
  assert.ok(r.ok);
  assert.deepEqual(names(r), ["f0002", "f0005"]);
  assert.equal(r.label, "2 files not yet delivered (1 left of 6)");
  assert.deepEqual(r.next, { launches: 3 });
  const all = new Set(dataset(6).map((f) => f.name));
  assert.equal(takeSlice({ spec: s, cursor: r.next, files: dataset(6), delivered: all }).ok, false);
  const grown = takeSlice({ spec: s, cursor: r.next, files: dataset(8), delivered: all });
  assert.deepEqual(names(grown), ["f0007", "f0008"]);
  const empty = takeSlice({ spec: s, cursor: {}, files: [], delivered: none });
  assert.ok(!empty.ok && empty.reason === "empty");
});

// ---------- mod ----------

test("mod: stride n, offset k per launch, every file exactly once, exhausted after n launches", () => {
  const s = spec("mod(3)");
  const files = dataset(8);
  let cursor = resetCursor(s);
  const slices: string[][] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered: none });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted");
      assert.match(r.message, /All 3 slices have been launched/);
      break;
    }
    slices.push(names(r));
    cursor = r.next;
  }
  assert.deepEqual(slices, [
    ["f0001", "f0004", "f0007"],
    ["f0002", "f0005", "f0008"],
    ["f0003", "f0006"],
  ]);
  assert.equal(slices.flat().length, 8);
  assert.equal(describeCursor(s, cursor), "all 3 slices launched");
  const first = takeSlice({ spec: s, cursor: { k: 0 }, files, delivered: none });
  assert.ok(first.ok && first.label === "slice 1 of 3: every 3rd file from file 1, 3 files");
  const m1 = takeSlice({ spec: spec("mod(1)"), cursor: { k: 0 }, files, delivered: none });
  assert.ok(m1.ok && m1.files.length === 8 && m1.label === "slice 1 of 1: every file from file 1, 8 files");
});

test("mod: a slice with no files is empty and the cursor moves on; an empty dataset does not move it", () => {
  const s = spec("mod(5)");
  const r = takeSlice({ spec: s, cursor: { k: 3 }, files: dataset(3), delivered: none });
  assert.ok(!r.ok);
  assert.equal(r.reason, "empty");
  assert.match(r.message, /Slice 4 of 5 has no files: the dataset has only 3 files. The next launch takes slice 5/);
  assert.deepEqual(r.next, { k: 4 });
  const last = takeSlice({ spec: s, cursor: { k: 4 }, files: dataset(3), delivered: none });
  assert.ok(!last.ok && /last slice/.test(last.message) && last.next?.k === 5);
  const nothing = takeSlice({ spec: s, cursor: { k: 0 }, files: [], delivered: none });
  assert.ok(!nothing.ok && nothing.reason === "empty" && nothing.next === null);
});

// ---------- list ----------

test("list: all files of the chosen dataset, one dataset per launch; an empty one moves on", () => {
  const s = spec("list");
  const r = takeSlice({ spec: s, cursor: { index: 1 }, files: dataset(4), delivered: none });
  assert.ok(r.ok);
  assert.equal(r.files.length, 4);
  assert.equal(r.label, "dataset 2 of the list, 4 files");
  assert.deepEqual(r.next, { index: 2 });
  const empty = takeSlice({ spec: s, cursor: { index: 2 }, files: [], delivered: none });
  assert.ok(!empty.ok && empty.reason === "empty");
  assert.deepEqual(empty.next, { index: 3 });
  assert.match(empty.message, /Dataset 3 of the list has no files. The next launch takes dataset 4/);
});

// ---------- byrun ----------

test("byrun: one run per launch from low to high inclusive, then exhausted", () => {
  const s = spec("byrun(1003, 1005)");
  const files = dataset(12, (i) => 1000 + Math.floor(i / 2)); // runs 1000..1005, two files each
  let cursor = resetCursor(s);
  assert.deepEqual(cursor, { run: 1003 });
  const seen: [string, string[]][] = [];
  for (;;) {
    const r = takeSlice({ spec: s, cursor, files, delivered: none });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted");
      assert.match(r.message, /Every run from 1003 to 1005 has been launched/);
      break;
    }
    seen.push([r.label, names(r)]);
    cursor = r.next;
  }
  assert.deepEqual(seen, [
    ["run 1003, 2 files", ["f0007", "f0008"]],
    ["run 1004, 2 files", ["f0009", "f0010"]],
    ["run 1005, 2 files", ["f0011", "f0012"]],
  ]);
  assert.equal(describeCursor(s, cursor), "all runs 1003–1005 launched");
});

test("byrun: a run with no files is an empty slice and the cursor moves to the next run", () => {
  const s = spec("byrun(1,3)");
  const files = dataset(4, (i) => (i < 2 ? 1 : i === 2 ? 3 : null)); // run 2 has none; one file has no run
  const r1 = takeSlice({ spec: s, cursor: { run: 1 }, files, delivered: none });
  assert.ok(r1.ok && r1.files.length === 2);
  const r2 = takeSlice({ spec: s, cursor: r1.next, files, delivered: none });
  assert.ok(!r2.ok);
  assert.equal(r2.reason, "empty");
  assert.equal(r2.message, "Run 2 has no files in the dataset. The next launch takes run 3.");
  assert.deepEqual(r2.next, { run: 3 });
  const r3 = takeSlice({ spec: s, cursor: r2.next!, files, delivered: none });
  assert.ok(r3.ok && r3.label === "run 3, 1 file");
  const lastEmpty = takeSlice({ spec: spec("byrun(5,5)"), cursor: {}, files, delivered: none });
  assert.ok(!lastEmpty.ok && /last run of the range/.test(lastEmpty.message) && lastEmpty.next?.run === 6);
});

// ---------- takeSlice is pure ----------

test("takeSlice changes neither the cursor, the files nor the delivered set", () => {
  for (const t of ["none", "nfiles(2)", "drainingn(2)", "limitn(2)", "mod(2)", "list", "byrun(1,2)"]) {
    const s = spec(t);
    const cursor = Object.freeze({ ...resetCursor(s) });
    const files = Object.freeze(dataset(5, () => 1).reverse().map((f) => Object.freeze(f)));
    const delivered = new Set(["f0001"]);
    const before = JSON.stringify([cursor, files, [...delivered]]);
    takeSlice({ spec: s, cursor, files, delivered });
    takeSlice({ spec: s, cursor, files, delivered });
    assert.equal(JSON.stringify([cursor, files, [...delivered]]), before, t);
  }
});

// ---------- cursor: reset / step back / set / describe for every type ----------

test("cursor operations for every type", () => {
  type Row = { t: string; reset: SplitCursor; moved: SplitCursor; back: SplitCursor; set: [number, SplitCursor | RegExp][]; describe: string };
  const rows: Row[] = [
    { t: "none", reset: {}, moved: {}, back: {}, set: [[3, /no position to set/]], describe: "every launch takes the whole dataset" },
    { t: "limitn(5)", reset: {}, moved: {}, back: {}, set: [[1, /no position to set/]], describe: "every launch takes the first 5 files" },
    {
      t: "nfiles(50)",
      reset: { offset: 0 },
      moved: { offset: 150 },
      back: { offset: 100 },
      set: [[151, { offset: 150 }], [1, { offset: 0 }], [0, /file the next slice starts with/], [2.5, /file the next slice starts with/]],
      describe: "next: files from 151",
    },
    {
      t: "drainingn(10)",
      reset: { launches: 0 },
      moved: { launches: 3 },
      back: { launches: 2 },
      set: [[0, { launches: 0 }], [4, { launches: 4 }], [-1, /count as delivered/]],
      describe: "next: up to 10 files not in slices 1–3",
    },
    {
      t: "mod(10)",
      reset: { k: 0 },
      moved: { k: 4 },
      back: { k: 3 },
      set: [[1, { k: 0 }], [10, { k: 9 }], [0, /from 1 to 10/], [11, /from 1 to 10/]],
      describe: "next: slice 5 of 10",
    },
    {
      t: "list",
      reset: { index: 0 },
      moved: { index: 2 },
      back: { index: 1 },
      set: [[3, { index: 2 }], [0, /next dataset in the list/]],
      describe: "next: dataset 3 of the list",
    },
    {
      t: "byrun(1000,1010)",
      reset: { run: 1000 },
      moved: { run: 1005 },
      back: { run: 1004 },
      set: [[1000, { run: 1000 }], [1010, { run: 1010 }], [999, /from 1000 to 1010/], [1011, /from 1000 to 1010/]],
      describe: "next run: 1005",
    },
  ];
  for (const row of rows) {
    const s = spec(row.t);
    assert.deepEqual(resetCursor(s), row.reset, `${row.t} reset`);
    assert.deepEqual(stepBackCursor(s, row.moved), row.back, `${row.t} step back`);
    assert.deepEqual(stepBackCursor(s, resetCursor(s)), resetCursor(s), `${row.t} never below the start`);
    assert.equal(describeCursor(s, row.moved), row.describe, `${row.t} describe`);
    for (const [value, expected] of row.set) {
      const r = setCursor(s, value);
      if (expected instanceof RegExp) assert.ok(!r.ok && expected.test(r.message), `${row.t} set ${value}`);
      else assert.deepEqual(r, { ok: true, cursor: expected }, `${row.t} set ${value}`);
    }
  }
});

test("step back then take gives the same slice again", () => {
  const s = spec("nfiles(3)");
  const files = dataset(9);
  const a = takeSlice({ spec: s, cursor: { offset: 3 }, files, delivered: none });
  assert.ok(a.ok);
  const again = takeSlice({ spec: s, cursor: stepBackCursor(s, a.next), files, delivered: none });
  assert.deepEqual(names(again), names(a));
  const r = spec("byrun(1,5)");
  assert.deepEqual(stepBackCursor(r, { run: 6 }), { run: 5 }, "from exhausted back to the last run");
  const m = spec("mod(4)");
  assert.deepEqual(stepBackCursor(m, { k: 4 }), { k: 3 }, "from exhausted back to the last slice");
});

test("a stored cursor of another shape or out of range reads as a sane position", () => {
  assert.deepEqual(readCursor(spec("nfiles(5)"), { run: 4 }), { offset: 0 });
  assert.deepEqual(readCursor(spec("nfiles(5)"), { offset: -7 }), { offset: 0 });
  assert.deepEqual(readCursor(spec("nfiles(5)"), { offset: "12" }), { offset: 0 });
  assert.deepEqual(readCursor(spec("nfiles(5)"), null), { offset: 0 });
  assert.deepEqual(readCursor(spec("nfiles(5)"), [1]), { offset: 0 });
  assert.deepEqual(readCursor(spec("mod(5)"), { k: 99 }), { k: 5 });
  assert.deepEqual(readCursor(spec("byrun(10,20)"), { run: 3 }), { run: 10 });
  assert.deepEqual(readCursor(spec("byrun(10,20)"), { run: 99 }), { run: 21 });
  assert.deepEqual(readCursor(spec("byrun(10,20)"), { offset: 3 }), { run: 10 });
  assert.deepEqual(readCursor(spec("none"), { offset: 3 }), {});
  const r = takeSlice({ spec: spec("byrun(1,2)"), cursor: { run: 1.5 }, files: dataset(2, () => 1), delivered: none });
  assert.ok(r.ok && r.label === "run 1, 2 files", "a fractional run reads as the start");
});

test("drainingn: which submissions delivered, through launches, a step back, a reset and a set", () => {
  const s = spec("drainingn(2)");
  const files = dataset(8);
  type Sub = { id: number; cursorAfter: unknown; files: string[] };
  const subs: Sub[] = [];
  let cursor = resetCursor(s);
  let nextId = 1;
  const launch = () => {
    const ids = new Set(deliveringSubmissions(s, cursor, subs));
    const delivered = new Set(subs.filter((x) => ids.has(x.id)).flatMap((x) => x.files));
    const r = takeSlice({ spec: s, cursor, files, delivered });
    if (!r.ok) return r.reason;
    subs.push({ id: nextId++, cursorAfter: r.next, files: names(r) });
    cursor = r.next;
    return names(r).join(" ");
  };
  assert.equal(launch(), "f0001 f0002");
  assert.equal(launch(), "f0003 f0004");
  assert.equal(launch(), "f0005 f0006");
  cursor = stepBackCursor(s, cursor); // put f0005 f0006 back
  assert.deepEqual(deliveringSubmissions(s, cursor, subs), [1, 2]);
  assert.equal(launch(), "f0005 f0006");
  assert.deepEqual(deliveringSubmissions(s, cursor, subs), [1, 2, 4], "slice 3 is now submission 4");
  assert.equal(launch(), "f0007 f0008");
  assert.equal(launch(), "exhausted");
  cursor = resetCursor(s);
  assert.deepEqual(deliveringSubmissions(s, cursor, subs), []);
  assert.equal(launch(), "f0001 f0002", "a reset delivers every file again");
  assert.deepEqual(deliveringSubmissions(s, cursor, subs), [6], "older slices with the same number are forgotten");
  assert.equal(launch(), "f0003 f0004");
  const set = setCursor(s, 4);
  assert.ok(set.ok);
  cursor = set.cursor;
  assert.deepEqual(deliveringSubmissions(s, cursor, subs), [4, 5, 6, 7], "setting counts the latest slice of each number up to 4");
  assert.equal(launch(), "exhausted");
  assert.deepEqual(deliveringSubmissions(spec("nfiles(2)"), { offset: 4 }, subs), [], "other types deliver through the cursor");
  assert.deepEqual(deliveringSubmissions(s, { launches: 2 }, [{ id: 9, cursorAfter: null }, { id: 10, cursorAfter: { launches: "2" } }]), []);
});
