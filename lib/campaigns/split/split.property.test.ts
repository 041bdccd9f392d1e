/**
 * Property: over a whole campaign (every slice taken from the start until the split type says it is exhausted),
 * every file lands in exactly one slice — campaign slicing with its pilot and catch-all, and nfiles, mod,
 * draining, drainingn, byexistingruns (files with a run) and stagedfiles (located files) where it applies.
 * Datasets are generated: up to 10,000 files, some without metadata values or start times; campaign slicing also
 * over a dataset that grows between launches.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseSplitType, resetCursor, takeSlice, summarise, withPilots, freshCounts, classify, type CatalogueFile, type SplitSpec, type SplitCursor, type SliceGroup } from "./index";

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/** A dataset of n files: a few detector and stream values, some missing; start times over ~90 days, some missing. */
const datasetArb = (maxFiles: number) =>
  fc.record({ n: fc.integer({ min: 0, max: maxFiles }), seed: fc.integer({ min: 1, max: 2 ** 30 }), missing: fc.double({ min: 0, max: 0.3, noNaN: true }), detectors: fc.integer({ min: 1, max: 3 }), streams: fc.integer({ min: 1, max: 4 }) }).map(({ n, seed, missing, detectors, streams }) => {
    let x = seed;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    return Array.from({ length: n }, (_, i): CatalogueFile => ({
      name: `file_${i}`,
      position: i * 3 + 1,
      runNumber: rnd() < missing ? null : 1000 + Math.floor(rnd() * 20),
      startTime: rnd() < missing ? null : T0 + Math.floor(rnd() * 90 * DAY),
      located: rnd() > 0.2,
      values: {
        detector: rnd() < missing ? null : ["far", "near", "middle"][Math.floor(rnd() * detectors)],
        stream: rnd() < missing / 2 ? "" : ["numi", "bnb", "cosmic", "beam"][Math.floor(rnd() * streams)],
        tier: ["raw", "reco"][Math.floor(rnd() * 2)],
      },
    }));
  });

const spec = (text: string): SplitSpec => {
  const r = parseSplitType(text);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.spec;
};

/** Every slice of a campaign from the start; delivered files feed the draining types. */
function wholeCampaign(s: SplitSpec, files: CatalogueFile[]): string[][] {
  const delivered = new Set<string>();
  let cursor: SplitCursor = resetCursor(s);
  const slices: string[][] = [];
  for (let i = 0; i <= files.length + 10_000; i++) {
    const r = takeSlice({ spec: s, cursor, files, delivered, now: T0 + 400 * DAY });
    if (!r.ok) {
      // An empty unit that moves the cursor on is skipped, as the launcher does.
      if (r.next) {
        cursor = r.next;
        continue;
      }
      return slices;
    }
    slices.push(r.files.map((f) => f.name));
    for (const f of r.files) delivered.add(f.name);
    cursor = r.next;
  }
  throw new Error("the campaign never ended");
}

function exactlyOnce(slices: string[][], expected: CatalogueFile[]) {
  const seen = slices.flat();
  assert.equal(seen.length, expected.length, "no file twice");
  assert.deepEqual(new Set(seen), new Set(expected.map((f) => f.name)), "every file once");
}

test("campaign slicing: every file in exactly one slice, pilot and catch-all included", () => {
  const specArb = fc.record({
    components: fc.subarray(["detector", "stream", "tier"]),
    time: fc.constantFrom(null, "week", "month"), // day slices are covered by the unit and PostgreSQL tests; here they would make tens of thousands of launches
    pilot: fc.constantFrom(null, 5, 10, 20, 33, 50),
    /** Submissions per group, roughly: d is chosen from the dataset's size so a campaign stays a few hundred launches. */
    parts: fc.constantFrom(null, 1, 3, 20, 60),
  });
  fc.assert(
    fc.property(datasetArb(10_000), specArb, (files, o) => {
      const d = o.parts === null ? null : Math.max(1, Math.ceil(files.length / o.parts));
      const text = `slices(${[o.components.join(", "), o.time ? `time=${o.time}` : "", o.pilot ? `pilot=${o.pilot}%` : "", d ? `files=${d}` : ""].filter(Boolean).join("; ")})`;
      const s = spec(text);
      const slices = wholeCampaign(s, files);
      exactlyOnce(slices, files);
      if (d) assert.ok(slices.every((x) => x.length <= d), "no slice over d files");
    }),
    { numRuns: 10 },
  );
});

/**
 * A campaign over a dataset that grows while it runs: `arrivals[i]` joins the dataset after launch `at[i]` (or when
 * the split says it is exhausted, whichever comes first). Returns every slice taken.
 */
function growingCampaign(s: SplitSpec, initial: CatalogueFile[], arrivals: CatalogueFile[][], at: number[]): string[][] {
  const files = [...initial];
  const pending = arrivals.map((batch, i) => ({ batch, at: at[i] }));
  const delivered = new Set<string>();
  let cursor: SplitCursor = resetCursor(s);
  const slices: string[][] = [];
  for (let launch = 0; launch <= 50_000; launch++) {
    while (pending.length && pending[0].at <= launch) files.push(...pending.shift()!.batch);
    const r = takeSlice({ spec: s, cursor, files, delivered, now: T0 + 400 * DAY });
    if (!r.ok) {
      if (r.next) {
        cursor = r.next;
        continue;
      }
      if (!pending.length) return slices;
      files.push(...pending.shift()!.batch);
      continue;
    }
    slices.push(r.files.map((f) => f.name));
    for (const f of r.files) delivered.add(f.name);
    cursor = r.next;
  }
  throw new Error("the campaign never ended");
}

test("campaign slicing drains: a dataset that grows between launches (a combination sorting first, earlier start times) still has every file in exactly one slice", () => {
  const specArb = fc.record({
    components: fc.subarray(["detector", "stream"]),
    time: fc.constantFrom(null, "week", "month"),
    pilot: fc.constantFrom(null, 10, 33),
    d: fc.integer({ min: 1, max: 40 }),
  });
  const growthArb = fc.array(fc.record({ n: fc.integer({ min: 1, max: 60 }), at: fc.integer({ min: 0, max: 30 }), first: fc.boolean() }), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(datasetArb(600), specArb, growthArb, (initial, o, growth) => {
      const text = `slices(${[o.components.join(", "), o.time ? `time=${o.time}` : "", o.pilot ? `pilot=${o.pilot}%` : "", `files=${o.d}`].filter(Boolean).join("; ")})`;
      const s = spec(text);
      let serial = 0;
      const sorted = [...growth].sort((a, b) => a.at - b.at);
      const arrivals = sorted.map((g) =>
        Array.from({ length: g.n }, (_, i): CatalogueFile => ({
          name: `late_${serial++}`,
          position: 100_000 + serial,
          runNumber: 1,
          // Earlier than anything so far (they rank first in time), or spread over the same span.
          startTime: g.first ? T0 - (i + 1) * DAY : T0 + ((serial * 7919) % 90) * DAY,
          // "aaa" sorts before every existing value: a new combination at the front of the plan.
          values: { detector: g.first ? "aaa" : "far", stream: i % 5 === 4 ? null : "numi", tier: "raw" },
        })),
      );
      const slices = growingCampaign(s, initial, arrivals, sorted.map((g) => g.at));
      exactlyOnce(slices, [...initial, ...arrivals.flat()]);
      assert.ok(slices.every((x) => x.length <= o.d && x.length > 0), "no slice over d files, none empty");
    }),
    { numRuns: 40 },
  );
});

test("nfiles, mod, draining, drainingn: every file in exactly one slice", () => {
  fc.assert(
    fc.property(datasetArb(3_000), fc.constantFrom("nfiles", "mod", "draining", "drainingn"), fc.integer({ min: 1, max: 80 }), (files, type, k) => {
      // nfiles/drainingn: k launches' worth of files per slice; mod: k slices.
      const n = type === "mod" ? k : Math.max(1, Math.ceil(files.length / k));
      const s = spec(type === "draining" ? "draining" : `${type}(${n})`);
      exactlyOnce(wholeCampaign(s, files), files);
    }),
    { numRuns: 30 },
  );
});

test("byexistingruns: every file with a run in exactly one slice, one run per slice; stagedfiles: every located file once", () => {
  fc.assert(
    fc.property(datasetArb(2_000), fc.integer({ min: 1, max: 40 }), (files, k) => {
      const n = Math.max(1, Math.ceil(files.length / k));
      const byRun = wholeCampaign(spec("byexistingruns"), files);
      exactlyOnce(byRun, files.filter((f) => f.runNumber !== null));
      const runOf = new Map(files.map((f) => [f.name, f.runNumber]));
      assert.ok(byRun.every((x) => new Set(x.map((name) => runOf.get(name))).size === 1));
      exactlyOnce(wholeCampaign(spec(`stagedfiles(${n})`), files), files.filter((f) => f.located));
    }),
    { numRuns: 20 },
  );
});

test("new: with firsttime and lasttime, every file starting in that span in exactly one window", () => {
  fc.assert(
    fc.property(datasetArb(3_000), fc.constantFrom("6h", "1d", "1w"), fc.constantFrom("1s", "1h"), (files, window, round) => {
      const s = spec(`new(window=${window}, round=${round}, lag=1h, firsttime=${T0 / 1000}, lasttime=${(T0 + 91 * DAY) / 1000})`);
      exactlyOnce(wholeCampaign(s, files), files.filter((f) => f.startTime !== null && f.startTime !== undefined));
    }),
    { numRuns: 30 },
  );
});

test("the pilot's share of each group follows from the counts alone (what PostgreSQL groups) and equals ranking every file", () => {
  const key = (g: SliceGroup) => JSON.stringify([g.catchAll, g.values, g.bucket, g.pilot, g.count]);
  fc.assert(
    fc.property(datasetArb(5_000), fc.subarray(["detector", "stream"]), fc.constantFrom(null, "day", "week"), fc.constantFrom(null, 3, 10, 50), (files, components, time, pilot) => {
      const s = spec(`slices(${[components.join(", "), time ? `time=${time}` : "", pilot ? `pilot=${pilot}%` : ""].filter(Boolean).join("; ")})`);
      if (s.type !== "slices") throw new Error("slices");
      const wrapped = files.map((f) => ({ name: f.name, position: f.position, startTime: f.startTime ?? null, values: f.values ?? {} }));
      const ranked = summarise(s, wrapped);
      const raw = new Map<string, { catchAll: boolean; values: string[]; bucket: string | null; count: number }>();
      for (const g of ranked) {
        const id = JSON.stringify([g.catchAll, g.values, g.bucket]);
        const r = raw.get(id) ?? { catchAll: g.catchAll, values: g.values, bucket: g.bucket, count: 0 };
        r.count += g.count;
        raw.set(id, r);
      }
      assert.deepEqual(withPilots(s, [...raw.values()]).map(key).sort(), ranked.map(key).sort());
    }),
    { numRuns: 40 },
  );
});

test("draining counts by arithmetic (only partly taken groups ranked) equal ranking every file, whatever was taken", () => {
  const key = (g: SliceGroup) => JSON.stringify([g.catchAll, g.values, g.bucket, g.pilot, g.count]);
  fc.assert(
    fc.property(datasetArb(3_000), fc.subarray(["detector", "stream"]), fc.constantFrom(null, "day", "week"), fc.constantFrom(null, 3, 10), fc.integer({ min: 1, max: 2 ** 30 }), fc.constantFrom(0, 0.1, 0.5, 0.9, 1), (files, components, time, pilot, seed, share) => {
      const s = spec(`slices(${[components.join(", "), time ? `time=${time}` : "", pilot ? `pilot=${pilot}%` : ""].filter(Boolean).join("; ")})`);
      if (s.type !== "slices") throw new Error("slices");
      const wrapped = files.map((f) => ({ name: f.name, position: f.position, startTime: f.startTime ?? null, values: f.values ?? {} }));
      // Taken: whole groups (as earlier slices take them) and scattered files, so groups are untouched, partly or wholly taken.
      let x = seed;
      const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const classified = classify(s, wrapped);
      const groupOf = (c: (typeof classified)[number]) => JSON.stringify([c.catchAll, c.values, c.bucket]);
      const wholeGroups = new Set(classified.filter(() => rnd() < share / 4).map(groupOf));
      const delivered = new Set(classified.filter((c) => wholeGroups.has(groupOf(c)) || (c.pilot && rnd() < share) || rnd() < share / 3).map((c) => c.file.name));
      const counted = new Map<string, { catchAll: boolean; values: string[]; bucket: string | null; count: number; delivered: number }>();
      for (const c of classified) {
        const g = counted.get(groupOf(c)) ?? { catchAll: c.catchAll, values: c.values, bucket: c.bucket, count: 0, delivered: 0 };
        g.count++;
        if (delivered.has(c.file.name)) g.delivered++;
        counted.set(groupOf(c), g);
      }
      const { groups, partial } = freshCounts(s, [...counted.values()]);
      // The partly taken groups ranked, as PostgreSQL does: each remaining file's pilot flag from its rank.
      const partialIds = new Set(partial.map((g) => JSON.stringify([false, g.values, g.bucket])));
      const fromRanks = new Map<string, SliceGroup>();
      for (const c of classified) {
        if (!partialIds.has(groupOf(c)) || delivered.has(c.file.name)) continue;
        const id = JSON.stringify([c.catchAll, c.values, c.bucket, c.pilot]);
        const g = fromRanks.get(id) ?? { catchAll: c.catchAll, values: c.values, bucket: c.bucket, pilot: c.pilot, count: 0 };
        g.count++;
        fromRanks.set(id, g);
      }
      assert.deepEqual([...groups, ...fromRanks.values()].map(key).sort(), summarise(s, wrapped, delivered).map(key).sort());
    }),
    { numRuns: 60 },
  );
});
