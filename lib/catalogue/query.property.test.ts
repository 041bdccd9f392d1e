import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseQuery, matchesQuery, type QueryableFile } from "./query";
import { queryTree, renderQuery } from "./query.arbitrary";

// Generated queries, written out as text and read back, select exactly the files the generated tree selects.

const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });
const fileArb: fc.Arbitrary<QueryableFile> = fc.record({
  name: fc.constantFrom("f1", "f2", "f3", "f4", "f5"),
  runNumber: maybe(fc.integer({ min: 0, max: 25 })),
  subrun: maybe(fc.integer({ min: 0, max: 25 })),
  detector: maybe(fc.constantFrom("far", "near", "x y")),
  stream: maybe(fc.constantFrom("numi", "near")),
  dataTier: maybe(fc.constantFrom("raw", "reco")),
  startTime: maybe(fc.integer({ min: 0, max: 10 }).map((d) => new Date(Date.UTC(2026, 9, 1 + d, 6)))),
  endTime: fc.constant(null),
  sizeBytes: maybe(fc.integer({ min: 0, max: 25 })),
  eventCount: maybe(fc.integer({ min: 0, max: 25 })),
  metadata: fc.option(fc.record({ "nova.period": fc.constantFrom("3", "4", 4) }), { nil: null }),
});

test("written out and read back, a generated query selects the same files", () => {
  const sets: Record<string, Set<string>> = { "set a": new Set(["f1", "f3"]), b: new Set(["f2", "f3", "f5"]) };
  const datasets = (n: string) => sets[n] ?? new Set<string>();
  fc.assert(
    fc.property(queryTree, fc.array(fileArb, { minLength: 1, maxLength: 20 }), (node, files) => {
      const text = renderQuery(node);
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
      for (const f of files) assert.equal(matchesQuery(parsed.query.node, f, datasets), matchesQuery(node, f, datasets), `${text} on ${JSON.stringify(f)}`);
    }),
    { numRuns: 400 },
  );
});

test("any text either parses or is refused with a position inside it, never an exception", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (text) => {
      const r = parseQuery(text);
      if (!r.ok) assert.ok(r.position >= 1 && r.position <= text.length + 1, `${JSON.stringify(text)} → ${r.position}`);
    }),
    { numRuns: 2000 },
  );
});
