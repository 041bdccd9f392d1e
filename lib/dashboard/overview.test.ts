import { test } from "node:test";
import assert from "node:assert/strict";
import { ageingBars, describeOpenWork, openWorkBars, throughputBars } from "./overview";

const nova = { id: 1, name: "nova", displayName: "NOvA", byState: { REQUESTED: 3, IN_PROGRESS: 2 }, overdue: 1 };

test("each bar of the open-work chart leads to the list of that experiment in that state", () => {
  const [bar] = openWorkBars([nova]);
  assert.equal(bar.label, "NOvA");
  assert.equal(bar.values.REQUESTED, 3);
  assert.equal(bar.values.ON_HOLD, 0);
  assert.equal(bar.hrefs.IN_PROGRESS, "/tasks?experiment=nova&state=IN_PROGRESS");
  assert.deepEqual(Object.keys(bar.values), ["REQUESTED", "CHANGES_REQUESTED", "APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"], "open states only");
  assert.equal(describeOpenWork([nova]), "Open work by state in each experiment. NOvA: 5 open (3 requested, 2 in progress).");
});

test("a throughput bar leads to the work done that week; an ageing bar to the open work last changed then", () => {
  const [week] = throughputBars([{ week: "2026-11-16", done: 4 }]);
  assert.equal(week.label, "16 Nov");
  assert.equal(week.hrefs.DONE, "/tasks?state=DONE&updatedFrom=2026-11-16&updatedTo=2026-11-23");
  const bars = ageingBars([5, 2, 1, 0], "2026-11-29");
  assert.deepEqual(bars.map((b) => b.values.open), [5, 2, 1, 0]);
  assert.equal(bars[2].hrefs.open, "/tasks?state=open&updatedFrom=2026-11-02&updatedTo=2026-11-16&dir=asc");
});
