import { test } from "node:test";
import assert from "node:assert/strict";
import { matchesOutputPatterns } from "./file-patterns";

test("SQL-like output patterns: % any run, _ one character, everything else literal, on the base name", () => {
  assert.ok(matchesOutputPatterns("run1_f0001_out.root", ["%_out.root"]));
  assert.ok(matchesOutputPatterns("L20261129-1-ab/run1_f0001_out.root", ["%_out.root"]), "a batch-qualified name matches on its base name");
  assert.ok(!matchesOutputPatterns("run1_f0001.root", ["%_out.root"]), "an input is not an output");
  assert.ok(!matchesOutputPatterns("run1_f0001_outXroot", ["%_out.root"]), "a dot is a dot");
  assert.ok(matchesOutputPatterns("a_reco.root", ["%_out.root", "%_reco.root"]));
  assert.ok(matchesOutputPatterns("hist7.root", ["hist_.root"]));
  assert.ok(!matchesOutputPatterns("hist77.root", ["hist_.root"]));
});

test("glob output patterns: * ? and [classes]; no patterns match nothing", () => {
  assert.ok(matchesOutputPatterns("x_out.root", ["*_out.root"]));
  assert.ok(matchesOutputPatterns("reco_07.root", ["reco_??.root"]));
  assert.ok(!matchesOutputPatterns("reco_7.root", ["reco_??.root"]));
  assert.ok(matchesOutputPatterns("f3.root", ["f[0-9].root"]));
  assert.ok(!matchesOutputPatterns("fa.root", ["f[0-9].root"]));
  assert.ok(matchesOutputPatterns("fa.root", ["f[!0-9].root"]));
  assert.ok(!matchesOutputPatterns("anything.root", []));
  assert.ok(!matchesOutputPatterns("a(b).root", ["a.b..root"]), "regexp characters are literal");
  assert.ok(matchesOutputPatterns("a(b).root", ["a(b)%"]));
});
