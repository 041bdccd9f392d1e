import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSplitType, formatSplitType, takeSlice, deliveringSubmissions, sliceOptionsProblem, resetCursor, readCursor, describeCursor, stepBackCursor, planSlices, summarise, timeBucket, optionsForSlice, readSliceOptions, sliceOptionsFromLines, sliceOptionsToLines, type CatalogueFile, type SplitSpec, type SplitCursor } from "./index";

const spec = (text: string): SplitSpec => {
  const r = parseSplitType(text);
  assert.ok(r.ok, `expected ${text} to parse: ${r.ok ? "" : r.message}`);
  return r.spec;
};
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1); // Thursday 1 October 2026

/** Takes every slice from the start (each launch drains: earlier slices' files are delivered); returns them in order. */
function campaign(s: SplitSpec, files: CatalogueFile[]) {
  let cursor: SplitCursor = resetCursor(s);
  const delivered = new Set<string>();
  const out: { label: string; names: string[]; key?: string; catchAll?: boolean; values?: Record<string, string> | null }[] = [];
  for (let i = 0; i < 100_000; i++) {
    const r = takeSlice({ spec: s, cursor, files, delivered, now: T0 + 400 * DAY });
    if (!r.ok) {
      assert.equal(r.reason, "exhausted", r.message);
      return out;
    }
    out.push({ label: r.label, names: r.files.map((f) => f.name), key: r.sliceKey, catchAll: r.catchAll, values: r.values });
    for (const f of r.files) delivered.add(f.name);
    cursor = r.next;
  }
  throw new Error("never exhausted");
}

test("slices: parse, canonical text, aliases and refusals in people's words", () => {
  const cases: [string, string][] = [
    ["slices(detector, stream; time=week; pilot=10%; files=50)", "slices(detector, stream; time=week; pilot=10%; files=50)"],
    ["Slices( Detector ,trigger ; files = 50 ; pilot=10 ; time=WEEK )", "slices(detector, stream; time=week; pilot=10%; files=50)"],
    ["slices(files=50)", "slices(files=50)"],
    ["slices", "slices()"],
    ["slices(tier, run_number, nova.beam)", "slices(data_tier, run, nova.beam)"],
  ];
  for (const [text, canonical] of cases) {
    assert.equal(formatSplitType(spec(text)), canonical, text);
    assert.equal(formatSplitType(spec(canonical)), canonical);
  }
  const bad: [string, RegExp][] = [
    ["slices(detector, detector)", /component detector is given twice/],
    ["slices(time=year)", /time is day, week or month/],
    ["slices(pilot=0%)", /pilot is a percentage from 1% to 50%/],
    ["slices(pilot=75%)", /from 1% to 50%/],
    ["slices(files=0)", /files is the number of files per submission/],
    ["slices(colour=red)", /slices has no option "colour"/],
    ["slices(a b)", /"a b" is not a metadata name/],
    ["slices(detector; stream)", /list the metadata components once/],
    ["slices(a,b,c,d,e,f)", /at most 5 metadata components/],
  ];
  for (const [text, message] of bad) {
    const r = parseSplitType(text);
    assert.ok(!r.ok, text);
    if (!r.ok) assert.match(r.message, message, text);
  }
});

test("the worked example: 1,000 files, d = 50 → a pilot of 100 files (every 10th) in 2 submissions, then 18 batches of 50", () => {
  const files: CatalogueFile[] = Array.from({ length: 1000 }, (_, i) => ({ name: `f${String(i + 1).padStart(4, "0")}`, position: i + 1, runNumber: null, startTime: T0 + i * 60_000 }));
  const slices = campaign(spec("slices(pilot=10%; files=50)"), files);
  assert.equal(slices.length, 20);
  const pilot = slices.slice(0, 2);
  assert.deepEqual(pilot.map((s) => s.names.length), [50, 50]);
  assert.deepEqual(pilot.flatMap((s) => s.names), files.filter((_, i) => i % 10 === 0).map((f) => f.name), "every 10th file in time order, from the first");
  assert.deepEqual(pilot.map((s) => s.label), ["slice 1 of 20, pilot 1 of 2 — 50 files", "slice 2 of 20, pilot 2 of 2 — 50 files"]);
  const rest = slices.slice(2);
  assert.equal(rest.length, 18);
  assert.ok(rest.every((s) => s.names.length === 50 && !s.catchAll));
  const pilotNames = new Set(pilot.flatMap((s) => s.names));
  assert.ok(rest.every((s) => s.names.every((n) => !pilotNames.has(n))), "the batches exclude the pilot's files");
  const all = slices.flatMap((s) => s.names);
  assert.equal(all.length, 1000);
  assert.equal(new Set(all).size, 1000, "every file in exactly one slice");
  assert.equal(rest[0].label, "slice 3 of 20, all files, part 1 of 18 — 50 files");
  assert.deepEqual(slices.map((s) => s.key).slice(0, 3), ["pilot:all#1", "pilot:all#2", "all#1"]);
});

test("metadata components × weekly time slices, the catch-all last and flagged, time order inside", () => {
  // 2 detectors × 2 streams over 3 weeks; a few files miss a value or a start time.
  const files: CatalogueFile[] = [];
  for (let i = 0; i < 84; i++) {
    const detector = i === 5 ? null : i % 2 ? "far" : "near";
    const stream = i === 7 ? "" : i % 3 ? "numi" : "bnb";
    files.push({ name: `f${String(i).padStart(3, "0")}`, position: 1000 - i, runNumber: 1, startTime: i === 11 ? null : T0 + (83 - i) * 6 * 3_600_000, values: { detector, stream } });
  }
  const s = spec("slices(detector, stream; time=week; files=4)");
  const slices = campaign(s, files);
  const all = slices.flatMap((x) => x.names);
  assert.equal(all.length, 84);
  assert.equal(new Set(all).size, 84);
  const catchAll = slices.filter((x) => x.catchAll);
  assert.equal(catchAll.length, 1);
  assert.deepEqual(catchAll[0].names.sort(), ["f005", "f007", "f011"]);
  assert.match(catchAll[0].label, /catch-all: files in no tagged slice \(missing detector, stream or start time\) — 3 files/);
  assert.equal(slices[slices.length - 1].catchAll, true, "the catch-all comes last");
  // Weeks in order; within a week, combinations in value order; files in time order.
  const tagged = slices.filter((x) => !x.catchAll);
  const weeks = tagged.map((x) => /week of (\d{4}-\d\d-\d\d)/.exec(x.label)![1]);
  assert.deepEqual(weeks, [...weeks].sort());
  assert.equal(new Set(weeks).size, 4); // 1–21 October 2026 touches four Monday weeks
  for (const x of tagged) {
    const times = x.names.map((n) => files.find((f) => f.name === n)!.startTime!);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const v = x.values!;
    assert.ok(x.names.every((n) => { const f = files.find((g) => g.name === n)!; return f.values!.detector === v.detector && f.values!.stream === v.stream; }));
    assert.ok(x.names.length <= 4);
  }
  assert.match(tagged[0].label, /^slice 1 of \d+, detector far, stream bnb, week of 2026-09-28/);
  assert.match(tagged[0].key!, /^detector=far,stream=bnb;week=2026-09-28#1$/);
});

test("a pilot per combination carries the combination (so per-slice options apply) and precedes everything", () => {
  const files: CatalogueFile[] = Array.from({ length: 60 }, (_, i) => ({ name: `g${i}`, position: i, runNumber: null, startTime: T0 + i * DAY, values: { detector: i < 40 ? "far" : "near" } }));
  const slices = campaign(spec("slices(detector; time=month; pilot=10%; files=3)"), files);
  const pilots = slices.filter((x) => x.key!.startsWith("pilot:"));
  assert.deepEqual(pilots.map((p) => [p.key, p.names]), [
    ["pilot:detector=far#1", ["g0", "g10", "g20"]],
    ["pilot:detector=far#2", ["g30"]],
    ["pilot:detector=near#1", ["g40", "g50"]],
  ]);
  assert.equal(slices.findIndex((x) => !x.key!.startsWith("pilot:")), 3);
  assert.deepEqual(pilots[2].values, { detector: "near" });
  const all = slices.flatMap((x) => x.names);
  assert.equal(new Set(all).size, 60);
  assert.equal(all.length, 60);
});

test("a tiny combination still gets a pilot file; no pilot without pilot=; no files= keeps a group whole", () => {
  const files: CatalogueFile[] = [1, 2, 3].map((i) => ({ name: `h${i}`, position: i, runNumber: null, startTime: T0 + i, values: { stream: "x" } }));
  assert.deepEqual(campaign(spec("slices(stream; pilot=10%)"), files).map((x) => x.names), [["h1"], ["h2", "h3"]]);
  assert.deepEqual(campaign(spec("slices(stream)"), files).map((x) => x.names), [["h1", "h2", "h3"]]);
});

test("an empty dataset is empty; past the end is exhausted; step back takes the same slice again", () => {
  const s = spec("slices(files=2)");
  const empty = takeSlice({ spec: s, cursor: {}, files: [], delivered: new Set() });
  assert.ok(!empty.ok && empty.reason === "empty");
  const files: CatalogueFile[] = [1, 2, 3].map((i) => ({ name: `k${i}`, position: i, runNumber: null }));
  const r0 = takeSlice({ spec: s, cursor: { index: 0 }, files, delivered: new Set() });
  assert.ok(r0.ok && r0.label === "slice 1 of 2, all files, part 1 of 2 — 2 files");
  // The launcher passes the files of the slices the cursor counts as taken (deliveringSubmissions).
  const r1 = takeSlice({ spec: s, cursor: r0.next, files, delivered: new Set(["k1", "k2"]) });
  assert.ok(r1.ok && r1.files.length === 1 && r1.label === "slice 2 of 2, all files, part 2 of 2 — 1 file", r1.ok ? r1.label : r1.message);
  const done = takeSlice({ spec: s, cursor: r1.next, files, delivered: new Set(["k1", "k2", "k3"]) });
  assert.ok(!done.ok && done.reason === "exhausted" && /Every file of the dataset has been launched, in 2 slices/.test(done.message));
  // A step back puts the latest slice's files back (deliveringSubmissions no longer counts it): the same slice again.
  const again = takeSlice({ spec: s, cursor: stepBackCursor(s, r1.next), files, delivered: new Set(["k1", "k2"]) });
  assert.ok(again.ok && again.sliceKey === r1.sliceKey);
  assert.deepEqual(deliveringSubmissions(s, { index: 1 }, [{ id: 7, cursorAfter: { index: 1 } }, { id: 9, cursorAfter: { index: 2 } }]), [7]);
  assert.deepEqual(readCursor(s, { index: -3 }), { index: 0 });
  assert.equal(describeCursor(s, { index: 4 }), "next: slice 5, the first over files not in slices 1–4");
  assert.equal(describeCursor(s, {}), "next: slice 1, none taken yet (the stage page lists them)");
});

test("time buckets: UTC day, Monday-started week, month", () => {
  const t = Date.UTC(2026, 9, 4, 23, 59); // Sunday 4 October 2026
  assert.equal(timeBucket(t, "day"), "2026-10-04");
  assert.equal(timeBucket(t, "week"), "2026-09-28");
  assert.equal(timeBucket(Date.UTC(2026, 9, 5), "week"), "2026-10-05");
  assert.equal(timeBucket(t, "month"), "2026-10-01");
  assert.equal(timeBucket(Date.UTC(2027, 0, 2), "week"), "2026-12-28");
});

test("the plan is a function of the group counts alone", () => {
  const s = spec("slices(detector; pilot=20%; files=2)");
  if (s.type !== "slices") throw new Error("slices");
  const files = Array.from({ length: 11 }, (_, i) => ({ name: `m${i}`, position: i, startTime: T0 + i, values: { detector: i % 4 === 3 ? null : i % 2 ? "a" : "b" } }));
  const groups = summarise(s, files);
  const shuffled = [...groups].reverse();
  assert.deepEqual(planSlices(s, groups), planSlices(s, shuffled));
  assert.equal(planSlices(s, groups).reduce((n, p) => n + p.count, 0), 11);
});

test("per-slice options: every matching rule, merged in order; the catch-all matches none; the form's lines", () => {
  const options = readSliceOptions([
    { match: { detector: "far" }, overrides: [["--memory", "4000MB"]] },
    { match: { detector: "far", stream: "numi" }, overrides: [["--memory", "6000MB"], ["--time", "2h"]] },
    { match: { detector: "near" }, overrides: [["--memory", "1000MB"]] },
    { nonsense: true },
  ]);
  assert.equal(options.length, 3);
  assert.deepEqual(optionsForSlice(options, { detector: "far", stream: "bnb" }), [["--memory", "4000MB"]]);
  assert.deepEqual(optionsForSlice(options, { detector: "far", stream: "numi" }), [["--memory", "6000MB"], ["--time", "2h"]]);
  assert.deepEqual(optionsForSlice(options, null), []);
  assert.deepEqual(optionsForSlice(options, { detector: "middle" }), []);
  const lines = sliceOptionsToLines(options);
  assert.equal(lines, "detector=far: --memory 4000MB\ndetector=far, stream=numi: --memory 6000MB\ndetector=far, stream=numi: --time 2h\ndetector=near: --memory 1000MB");
  assert.deepEqual(sliceOptionsFromLines(lines), { ok: true, options });
  const bad = sliceOptionsFromLines("detector=far: --memory 1\n--memory 2000MB");
  assert.ok(!bad.ok && /line 2/.test(bad.message));
  const noKey = sliceOptionsFromLines("far: --memory 1");
  assert.ok(!noKey.ok && /"far" is not component=value/.test(noKey.message));
});

test("per-slice options written with an alias match the component (trigger = stream, tier = data_tier)", () => {
  const options = readSliceOptions([
    { match: { trigger: "numi" }, overrides: [["--memory", "4000MB"]] },
    { match: { Tier: "raw", DETECTOR: "far" }, overrides: [["--time", "2h"]] },
  ]);
  assert.deepEqual(options.map((o) => o.match), [{ stream: "numi" }, { data_tier: "raw", detector: "far" }]);
  // What the launcher passes: the slice's values by the split's (normalised) component names.
  assert.deepEqual(optionsForSlice(options, { stream: "numi", data_tier: "raw", detector: "far" }), [["--memory", "4000MB"], ["--time", "2h"]]);
  const fromLines = sliceOptionsFromLines("trigger_stream=numi: --memory 4000MB");
  assert.ok(fromLines.ok);
  if (fromLines.ok) assert.deepEqual(optionsForSlice(readSliceOptions(fromLines.options), { stream: "numi" }), [["--memory", "4000MB"]]);
});

test("saving refuses slice options that match no component of the split, aliases counted as their component", () => {
  const opts = (match: Record<string, string>) => readSliceOptions([{ match, overrides: [["--memory", "1GB"]] }]);
  assert.equal(sliceOptionsProblem("slices(detector, trigger; files=5)", opts({ stream: "numi" })), null);
  assert.equal(sliceOptionsProblem("slices(detector, stream)", opts({ trigger: "numi", detector: "far" })), null);
  assert.equal(sliceOptionsProblem("slices(detector, nova.beam)", opts({ "nova.beam": "on" })), null);
  assert.match(sliceOptionsProblem("slices(detector)", opts({ stream: "numi" }))!, /matches stream, which is not a component of this split \(its components: detector\)/);
  assert.match(sliceOptionsProblem("slices(files=5)", opts({ detector: "far" }))!, /this split has no metadata components: add detector/);
  assert.equal(sliceOptionsProblem("nfiles(5)", opts({ colour: "red" })), null, "other split types keep options for later");
  assert.equal(sliceOptionsProblem("slices(detector)", []), null);
});
