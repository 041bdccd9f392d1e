import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTaskListQuery, taskListHref, parseStates, activeFilterCount } from "./list-query";

const parse = (s: string) => parseTaskListQuery(new URLSearchParams(s));

test("a list URL round-trips through parse and href, defaults left out", () => {
  for (const url of [
    "/tasks",
    "/tasks?q=run+52&mine=1&requester=ned&assignee=oscar&experiment=nova,dune&state=open&priority=HIGH,URGENT&kind=KEEPUP&overdue=1&stale=14&updatedFrom=2026-11-01&updatedTo=2026-11-08&sort=title&group=state&pageSize=100&page=3",
    "/tasks?state=DONE,CANCELLED&sort=neededBy&dir=desc",
    "/tasks?state=closed",
    "/tasks?dir=asc",
  ]) {
    assert.equal(taskListHref(parse(url.split("?")[1] ?? "")), url);
  }
});

test("defaults: newest change first, best match first when searching", () => {
  assert.deepEqual([parse("").sort, parse("").dir], ["updated", "desc"]);
  assert.deepEqual([parse("q=x").sort, parse("q=x").dir], ["relevance", "desc"]);
  assert.equal(parse("sort=relevance").sort, "updated", "relevance needs words");
  assert.equal(parse("sort=title").dir, "asc");
  assert.equal(parse("sort=priority").dir, "desc", "most urgent first");
});

test("unknown or hostile values are dropped, never errors", () => {
  const q = parse("sort=drop+table&dir=sideways&group=%00&page=-1&pageSize=100000&stale=abc&updatedFrom=2026-02-30&requester=%27%3B--&state=BOGUS%2Copen");
  assert.equal(q.sort, "updated");
  assert.equal(q.dir, "desc");
  assert.equal(q.group, "none");
  assert.equal(q.page, 1);
  assert.equal(q.pageSize, 50);
  assert.equal(parse("pageSize=8").pageSize, 8);
  assert.equal(parse("pageSize=201").pageSize, 50);
  assert.equal(q.stale, undefined);
  assert.equal(q.updatedFrom, undefined, "February 30th is not a date");
  assert.equal(parse("updatedFrom=0000-01-01").updatedFrom, undefined, "PostgreSQL has no year 0");
  assert.equal(parse("updatedTo=9999-12-31").updatedTo, "9999-12-31");
  assert.equal(q.requester, undefined);
  assert.deepEqual(q.statuses, parseStates("open"));
  assert.equal(parse("page=9999999").page, 1, "absurd pages fall back to the first");
});

test("states: open, closed and lists, in lifecycle order; filters counted", () => {
  assert.deepEqual(parseStates("in_progress,requested"), ["REQUESTED", "IN_PROGRESS"]);
  assert.deepEqual(parseStates("closed"), ["REJECTED", "DONE", "CANCELLED"]);
  assert.equal(activeFilterCount(parse("sort=title&page=2")), 0, "sorting and paging are not filters");
  assert.equal(activeFilterCount(parse("q=x&mine=1&overdue=1")), 3);
});
