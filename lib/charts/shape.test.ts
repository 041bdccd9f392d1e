import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { cumulative, describeForecast, efficiencyHistogram, failureBreakdown, forecastFan, jobSeries, perBucket, type ForecastFacts } from "./shape";
import { bucketStarts, DAY_MS, HOUR_MS } from "./window";

const T0 = Date.parse("2026-11-01T00:00:00Z");

test("rows fall into their bucket; rows outside the window are left out; empty buckets are zero", () => {
  const starts = bucketStarts({ from: new Date(T0), to: new Date(T0 + 3 * DAY_MS), bucket: "day" });
  const rows = [
    { t: T0 + 1 * HOUR_MS, value: 5 },
    { t: T0 + 23 * HOUR_MS, value: 2 },
    { t: T0 + 2 * DAY_MS + 5 * HOUR_MS, value: 7 },
    { t: T0 + 3 * DAY_MS, value: 100 }, // the window's end is exclusive
    { t: T0 - HOUR_MS, value: 100 },
  ];
  assert.deepEqual(perBucket(starts, "day", rows), [7, 0, 7]);
});

test("a burn-up starts from what was done before the window and never goes backwards", () => {
  assert.deepEqual(cumulative([3, 0, 2], 10), [13, 13, 15]);
  assert.deepEqual(cumulative([3, -5, 2]), [3, 3, 5]);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -50, max: 500 }), { maxLength: 200 }), fc.nat(10_000), (incs, before) => {
      const c = cumulative(incs, before);
      assert.equal(c.length, incs.length);
      for (let i = 1; i < c.length; i++) assert.ok(c[i] >= c[i - 1]);
      if (c.length) assert.equal(c.at(-1), before + incs.reduce((a, v) => a + Math.max(0, v), 0));
    }),
  );
});

test("job samples: summed over stages per hour; a day shows the mean of its sampled hours; unsampled buckets are gaps", () => {
  const hours = bucketStarts({ from: new Date(T0), to: new Date(T0 + 3 * HOUR_MS), bucket: "hour" });
  const samples = [
    { t: T0, idle: 1, running: 10, held: 0 }, // stage A
    { t: T0, idle: 2, running: 5, held: 1 }, // stage B, same hour
    { t: T0 + 2 * HOUR_MS, idle: 0, running: 4, held: 2 },
  ];
  assert.deepEqual(jobSeries(hours, "hour", samples), { idle: [3, null, 0], running: [15, null, 4], held: [1, null, 2] });
  const days = bucketStarts({ from: new Date(T0), to: new Date(T0 + 2 * DAY_MS), bucket: "day" });
  assert.deepEqual(jobSeries(days, "day", samples), { idle: [2, null], running: [10, null], held: [2, null] }); // (15 + 4) / 2 = 9.5 → 10
});

test("failures: by hold reason or exit code, largest first, the rest folded into Other; sites likewise", () => {
  const rows = [
    { exitCode: 137, holdReason: "", site: "FNAL", jobs: 5 },
    { exitCode: 137, holdReason: "", site: "CERN", jobs: 3 },
    { exitCode: -1, holdReason: "memory over limit", site: "", jobs: 9 },
    { exitCode: 1, holdReason: "", site: "FNAL", jobs: 1 },
    { exitCode: -1, holdReason: "", site: "FNAL", jobs: 2 },
  ];
  const b = failureBreakdown(rows, 3);
  assert.equal(b.total, 20);
  assert.deepEqual(b.causes.map((c) => [c.label, c.jobs]), [["Held: memory over limit", 9], ["Exit code 137", 8], ["Other causes", 3]]);
  assert.deepEqual(b.sites.map((s) => [s.site, s.jobs]), [["Unknown site", 9], ["FNAL", 8], ["CERN", 3]]);
  assert.equal(b.causes.reduce((a, c) => a + c.jobs, 0), b.total, "folding keeps every job");
});

test("the efficiency histogram has eleven buckets and ignores ones it does not know", () => {
  assert.deepEqual(efficiencyHistogram([{ bucket: 0, jobs: 2 }, { bucket: 9, jobs: 5 }, { bucket: 10, jobs: 1 }, { bucket: 11, jobs: 50 }, { bucket: 9, jobs: 1 }]), [2, 0, 0, 0, 0, 0, 0, 0, 0, 6, 1]);
});

const onTrack: ForecastFacts = { state: "ON_TRACK", filesTotal: 1000, filesDone: 400, computedAt: T0, lowAt: T0 + 4 * DAY_MS, medianAt: T0 + 6 * DAY_MS, highAt: T0 + 10 * DAY_MS };

test("the forecast's fan: from the files done now to the total at the band's edges and the median", () => {
  const fan = forecastFan(onTrack);
  assert.deepEqual(fan.map((p) => p.t), [T0, T0 + 4 * DAY_MS, T0 + 6 * DAY_MS, T0 + 10 * DAY_MS]);
  assert.deepEqual(fan[0], { t: T0, median: 400, band: [400, 400] });
  assert.deepEqual(fan[1], { t: T0 + 4 * DAY_MS, median: 800, band: [640, 1000] });
  assert.deepEqual(fan[3], { t: T0 + 10 * DAY_MS, median: 1000, band: [1000, 1000] });
  for (const p of fan) assert.ok(p.band![0] <= p.median! && p.median! <= p.band![1], "the median lies in the band");
  assert.deepEqual(forecastFan({ ...onTrack, state: "STALLED" }), []);
  assert.deepEqual(forecastFan({ ...onTrack, medianAt: null }), []);
  // The slowest futures never finish (no late edge): the band's floor stays at the files done now.
  const open = forecastFan({ ...onTrack, highAt: null });
  assert.deepEqual(open.map((p) => p.band![0]), [400, 400, 400]);
  assert.deepEqual(open.at(-1), { t: T0 + 6 * DAY_MS, median: 1000, band: [400, 1000] });
});

test("the forecast is explained in words, from the method the refresh stored", () => {
  const said = describeForecast({ ...onTrack, dailyRate: 96.4, erratic: true, method: { windowDays: 14, trials: 2000, seed: 7, blockDays: 3, stallDays: 3, minDays: 3 } });
  assert.match(said, /600 files are left/);
  assert.match(said, /2,000 possible futures/);
  assert.match(said, /last 14 days/);
  assert.match(said, /typically 96 files a day/);
  assert.match(said, /Half of them finish by 7 Nov 2026 and 85 % between 5 Nov 2026 and 11 Nov 2026/);
  assert.match(said, /uneven, so days were drawn in runs of 3/);
  assert.match(describeForecast({ ...onTrack, state: "STALLED", dailyRate: 0, erratic: false, method: { windowDays: 14, stallDays: 3 } }), /^No forecast: no files were done in the last 3 days/);
  assert.match(describeForecast({ ...onTrack, state: "NO_DATA", dailyRate: null, erratic: false, method: { minDays: 3 } }), /fewer than 3 days/);
  assert.match(describeForecast({ ...onTrack, highAt: null, dailyRate: 10, erratic: false, method: {} }), /slowest take more than ten years/);
  assert.match(describeForecast({ ...onTrack, state: "FINISHED", filesDone: 1000, dailyRate: null, erratic: false, method: {} }), /^Finished/);
  assert.match(describeForecast({ ...onTrack, dailyRate: null, erratic: false, method: "nonsense" }), /many possible futures/);
});
