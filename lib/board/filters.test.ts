import { test } from "node:test";
import assert from "node:assert/strict";
import { doneShownOf, parseFilters, filtersToQuery } from "./filters";

test("filters round-trip through the URL", () => {
  const query = "experiment=nova%2Cdune&assignee=oscar&priority=HIGH%2CURGENT&kind=KEEPUP&q=run+52&overdue=1&lane=assignee";
  assert.equal(filtersToQuery(parseFilters(new URLSearchParams(query))), query);
});

test("unknown or hostile values are dropped, not trusted", () => {
  const f = parseFilters(new URLSearchParams("experiment=nova,<script>&priority=EMPEROR&lane=diagonal&assignee=a%20b"));
  assert.deepEqual(f.experiments, ["nova"]);
  assert.deepEqual(f.priorities, []);
  assert.equal(f.lane, "none");
  assert.equal(f.assignee, undefined);
});

test("the search text is cleaned at the edge: NUL, lone surrogates and bidi overrides never reach the database", () => {
  assert.equal(parseFilters(new URLSearchParams("q=%00")).q, undefined);
  assert.equal(parseFilters({ q: "run\u0000 52\ud800" }).q, "run 52\ufffd");
  assert.equal(parseFilters({ q: "😀".repeat(60) }).q?.isWellFormed(), true);
});

test("?done=N is a small whole number or the default", () => {
  assert.equal(doneShownOf(new URLSearchParams("done=100")), 100);
  assert.equal(doneShownOf({ done: "0" }), 0);
  for (const bad of ["-1", "1e3", "99999", "%00", "x"]) assert.equal(doneShownOf({ done: bad }), undefined, bad);
  assert.equal(doneShownOf({}), undefined);
});
