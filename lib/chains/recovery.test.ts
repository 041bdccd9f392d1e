import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseRecovery, readRecoveryList, recoveryTypeOf, typesAfter } from "./recovery";
import { likeMatches, matchesAny, parseFilePatterns } from "./patterns";

const list = readRecoveryList([
  { position: 2, recoveryType: "proj_status", paramOverrides: [["--time", "8h"]] },
  { position: 1, recoveryType: "consumed_status", paramOverrides: [["--memory", "4000MB"]] },
  { position: "3", recoveryType: "added_files" }, // not well-formed: left out
  { position: 3, recoveryType: "nonsense", paramOverrides: [] },
]);

test("the recovery list is read by position; malformed entries are left out", () => {
  assert.deepEqual(list.map((e) => [e.position, e.recoveryType]), [[1, "consumed_status"], [2, "proj_status"], [3, "nonsense"]]);
  assert.deepEqual(readRecoveryList(null), []);
  assert.equal(recoveryTypeOf("nonsense"), "consumed_status", "an unknown type reads as consumed_status, as the original did");
});

test("the next entry with files to recover is chosen; its overrides are merged over the parent's", () => {
  const c = chooseRecovery(list, 0, [["--memory", "3000MB"], ["--site", "FNAL"]], { consumed_status: 4, proj_status: 1 });
  assert.equal(c?.entry.position, 1);
  assert.deepEqual(c?.overrides, [["--memory", "4000MB"], ["--site", "FNAL"]]);
  const second = chooseRecovery(list, 1, c!.overrides, { consumed_status: 4, proj_status: 1 });
  assert.equal(second?.entry.position, 2);
  assert.deepEqual(second?.overrides, [["--memory", "4000MB"], ["--site", "FNAL"], ["--time", "8h"]], "more memory on retry sticks");
});

test("an entry with nothing to recover is passed over; none left, or nothing to recover: no recovery", () => {
  assert.equal(chooseRecovery(list, 0, [], { consumed_status: 0, proj_status: 2 })?.entry.position, 2);
  assert.equal(chooseRecovery(list, 0, [], {}), null);
  assert.equal(chooseRecovery(list, 3, [], { consumed_status: 9 }), null, "past the end of the list");
  assert.deepEqual(typesAfter(list, 1), ["proj_status", "consumed_status"]);
  assert.deepEqual(typesAfter(list, 3), []);
});

test("file patterns: comma separated LIKE patterns, % and _ and escapes; an empty list takes every output", () => {
  assert.deepEqual(parseFilePatterns(" %_out.root , %.hist,,"), ["%_out.root", "%.hist"]);
  assert.deepEqual(parseFilePatterns("  "), ["%"]);
  assert.ok(likeMatches("reco_f1_out.root", "%_out.root"));
  assert.ok(likeMatches("reco_f1Xout.root", "%_out.root"), "_ is any one character");
  assert.ok(!likeMatches("reco_f1Xout.root", "%\\_out.root"), "\\_ is a literal underscore");
  assert.ok(!likeMatches("a.root.log", "%.root"));
  assert.ok(likeMatches("A(1)+.root", "A(1)+.root"), "regular-expression characters are literal");
  assert.ok(!likeMatches("Reco.root", "reco%"), "case matters, as in PostgreSQL's LIKE");
  assert.ok(matchesAny("x.hist", parseFilePatterns("%_out.root,%.hist")));
});
