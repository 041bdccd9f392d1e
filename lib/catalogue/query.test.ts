import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery, matchesQuery, selectFiles, referencedDatasets, type QueryableFile, type ParsedQuery } from "./query";
import { conditionSql } from "./query-sql";
import { Prisma } from "@/lib/generated/prisma/client";

const ok = (text: string): ParsedQuery => {
  const r = parseQuery(text);
  if (!r.ok) assert.fail(`${text}: ${r.message}`);
  return r.query;
};
const bad = (text: string) => {
  const r = parseQuery(text);
  assert.equal(r.ok, false, `${text} should not parse`);
  return r as { ok: false; message: string; position: number };
};

const file = (name: string, o: Partial<QueryableFile> = {}): QueryableFile => ({
  name,
  runNumber: null,
  subrun: null,
  detector: null,
  stream: null,
  dataTier: null,
  startTime: null,
  endTime: null,
  sizeBytes: null,
  eventCount: null,
  metadata: null,
  ...o,
});
const none = () => new Set<string>();

test("the brief's example parses to conditions joined by and, with a run range", () => {
  const q = ok("data_tier raw and detector far and stream numi and run_number 1000-1010");
  assert.equal(q.limit, null);
  const f = file("a", { dataTier: "raw", detector: "far", stream: "numi", runNumber: 1005 });
  assert.equal(matchesQuery(q.node, f, none), true);
  assert.equal(matchesQuery(q.node, { ...f, runNumber: 1011 }, none), false);
  assert.equal(matchesQuery(q.node, { ...f, detector: "near" }, none), false);
  assert.equal(matchesQuery(q.node, { ...f, stream: null }, none), false, "a missing value never matches");
});

test("lists, comparisons, times, wildcards, metadata keys and aliases", () => {
  const t = new Date("2026-10-05T12:00:00Z");
  const f = file("nova_raw_r001000_s004_big.root", { runNumber: 1000, subrun: 4, detector: "near", stream: "cosmic", startTime: t, sizeBytes: 2e9, eventCount: 500, metadata: { "nova.period": "4", "nova.good": true } });
  const yes = [
    "detector far,near",
    "run_number 5, 1000-1001 and subrun 4",
    "start_time >= 2026-10-05 and start_time < '2026-10-06T00:00:00Z'",
    "event_count > 100 and file_size <= 2000000000",
    "file_name %_big%",
    "file_name nova_raw_r001000_s004_big.root",
    "nova.period 4",
    "nova.good true",
    "core.run_type near",
    "trigger_stream cosmic",
    "DATA_TIER raw or detector near",
    "detector != far",
    "not detector far",
    "(detector far or detector near) and not stream numi",
  ];
  for (const q of yes) assert.equal(matchesQuery(ok(q).node, f, none), true, q);
  const no = ["detector far", "file_name %_bad%", "start_time > 2026-10-06", "nova.period 5", "run_number 1001-1010", "detector != near", "stream numi", "not detector near"];
  for (const q of no) assert.equal(matchesQuery(ok(q).node, f, none), false, q);
  // `_` is not a wildcard: only `%` is.
  assert.equal(matchesQuery(ok("file_name nova_raw_r001000_s004_big_root").node, f, none), false);
  // `!=` and `not` differ on a missing value: != needs a value, not is true without one.
  const blank = file("x");
  assert.equal(matchesQuery(ok("detector != far").node, blank, none), false);
  assert.equal(matchesQuery(ok("not detector far").node, blank, none), true);
});

test("defname: and minus, with limit and offset, in the catalogue's order", () => {
  const q = ok("defname: all_raw minus run_number 2 with limit 2 with offset 1");
  assert.deepEqual(referencedDatasets(q.node), ["all_raw"]);
  assert.equal(q.limit, 2);
  assert.equal(q.offset, 1);
  const files = [
    file("c", { runNumber: 1, startTime: new Date("2026-01-03") }),
    file("b", { runNumber: 2, startTime: new Date("2026-01-02") }),
    file("a", { runNumber: 3, startTime: new Date("2026-01-03") }),
    file("d", { runNumber: 4 }),
    file("e", { runNumber: 5, startTime: new Date("2026-01-01") }),
    file("z", { runNumber: 6, startTime: new Date("2026-01-01") }),
  ];
  const all = new Set(["a", "b", "c", "d", "e"]);
  const picked = selectFiles(q, files, (n) => (n === "all_raw" ? all : new Set()));
  // in all_raw, not run 2: e(01-01), a(01-03), c(01-03), d(no time) → offset 1, limit 2 → a, c
  assert.deepEqual(picked.map((f) => f.name), ["a", "c"]);
  assert.deepEqual(referencedDatasets(ok("defname:x or (defname: y minus defname: 'z z')").node), ["x", "y", "z z"]);
});

test("precedence: and binds tighter than or, or tighter than minus", () => {
  const q = ok("detector far or detector near and stream numi minus run_number 7");
  const f = (o: Partial<QueryableFile>) => file("f", o);
  assert.equal(matchesQuery(q.node, f({ detector: "far", stream: "cosmic", runNumber: 1 }), none), true);
  assert.equal(matchesQuery(q.node, f({ detector: "near", stream: "cosmic", runNumber: 1 }), none), false);
  assert.equal(matchesQuery(q.node, f({ detector: "far", runNumber: 7 }), none), false);
});

test("bad queries say what is wrong and where", () => {
  const cases: [string, RegExp, number][] = [
    ["", /empty/, 1],
    ["data_tier", /Expected a value after “data_tier”/, 10],
    ["colour red", /Unknown field “colour” at position 1/, 1],
    ["run_number 10-5", /runs backwards/, 12],
    ["run_number abc", /not a whole number or a range/, 12],
    ["start_time yesterday", /Compare “start_time” with/, 1],
    ["start_time > yesterday", /not a date or time/, 14],
    ["data_tier raw and", /Expected a condition .* found the end of the query/, 18],
    ["(data_tier raw", /Expected “\)” to close the “\(” at position 1/, 15],
    ["data_tier raw)", /Unmatched “\)” at position 14/, 14],
    ["data_tier raw detector far", /Expected “and”, “or”, “minus” or “with” before “detector” at position 15/, 15],
    ["data_tier raw with limit ten", /whole number after “with limit”/, 26],
    ["data_tier raw with stride 4", /Expected “limit” or “offset”/, 20],
    ["data_tier 'raw", /never closed/, 11],
    ["data_tier > raw", /is text/, 11],
    ["detector ; drop table", /Unexpected “;” at position 10/, 10],
  ];
  for (const [text, message, position] of cases) {
    const r = bad(text);
    assert.match(r.message, message, text);
    assert.equal(r.position, position, `${text}: ${r.message}`);
  }
  assert.match(bad("x".repeat(4001)).message, /at most 4000/);
});

test("the SQL binds every value as a parameter: quotes and SQL in values never reach the text", () => {
  const evil = "far'; DROP TABLE DataFile; --";
  const q = ok(`detector "${evil}" or file_name '%x_y%' or nova.period 4 or run_number 1-3,9 or start_time >= 2026-10-01 minus defname: mine`);
  const sql = conditionSql(q.node, (name) => Prisma.sql`SELECT id FROM ds WHERE name = ${name}`);
  assert.ok(!sql.sql.includes("DROP TABLE"), sql.sql);
  assert.ok(!sql.sql.includes("far"), "values are parameters, not text");
  assert.ok(sql.values.includes("mine"));
  assert.deepEqual(sql.values.find((v) => Array.isArray(v) && v[0] === evil), [evil]);
  assert.deepEqual(sql.values.find((v) => Array.isArray(v) && typeof v[0] === "string" && v[0].includes("%")), ["%x\\_y%"], "LIKE escapes _");
  assert.match(sql.sql, /IS NOT TRUE/, "minus keeps files whose right side is unknown");
  assert.match(sql.sql, /f\."metadata" ->> \?/);
});
