import { test } from "node:test";
import assert from "node:assert/strict";
import { forecastCompletion, quantile, BAND, WINDOW_DAYS, type Forecast } from "./monte-carlo";
import { seededRandom } from "./rng";

const NOW = new Date("2026-11-29T00:00:00Z");
const DAY = 86_400_000;
const daysOut = (d: Date | null) => (d ? (d.getTime() - NOW.getTime()) / DAY : Infinity);
const run = (daily: number[], total: number, done: number, seed = 7): Forecast => forecastCompletion({ total, done, daily, now: NOW, seed });

test("steady throughput: the median is remaining / rate, the band is narrow around it, and the same seed gives the same forecast", () => {
  const daily = [100, 98, 103, 101, 99, 100, 102, 97, 100, 101, 99, 100, 103, 98];
  const f = run(daily, 10_000, 5_000);
  assert.equal(f.state, "ON_TRACK");
  assert.equal(f.erratic, false);
  assert.ok(Math.abs(daysOut(f.medianAt) - 50) < 1.5, `median ${daysOut(f.medianAt)}`);
  assert.ok(daysOut(f.lowAt) < daysOut(f.medianAt) && daysOut(f.medianAt) < daysOut(f.highAt));
  assert.ok(daysOut(f.highAt) - daysOut(f.lowAt) < 5, "a steady rate gives a narrow band");
  assert.equal(f.dailyRate, 100);
  assert.deepEqual(run(daily, 10_000, 5_000), f);
  assert.deepEqual(f.method.windowDays, 14);
  assert.notDeepEqual(run(daily, 10_000, 5_000, 8).method.seed, f.method.seed);
});

test("stalled: nothing done in the last three days gives no forecast, whatever came before", () => {
  const f = run([200, 180, 220, 190, 210, 0, 0, 0], 10_000, 1_000);
  assert.equal(f.state, "STALLED");
  assert.deepEqual([f.medianAt, f.lowAt, f.highAt], [null, null, null]);
  // Throughput back for a day: a forecast again.
  assert.equal(run([200, 180, 220, 190, 210, 0, 0, 0, 150], 10_000, 1_000).state, "ON_TRACK");
});

test("finished and too little history", () => {
  assert.equal(run([10, 10, 10], 500, 500).state, "FINISHED");
  assert.equal(run([10, 10, 10], 500, 520).state, "FINISHED");
  assert.equal(run([10, 10], 500, 20).state, "NO_DATA");
  assert.equal(run([10, 10, 10, 10], 0, 0).state, "NO_DATA");
});

test("accelerating: the median falls between the pace at the window's start and its latest pace", () => {
  const daily = Array.from({ length: WINDOW_DAYS }, (_, i) => 20 + 10 * i); // 20 → 150 files a day
  const f = run(daily, 20_000, 2_000);
  assert.equal(f.state, "ON_TRACK");
  const d = daysOut(f.medianAt);
  assert.ok(d > 18_000 / 150 && d < 18_000 / 20, `median ${d}`);
  // Only the last 14 days count: an old slow period does not slow the forecast.
  const withOldHistory = run([...Array(30).fill(1), ...daily], 20_000, 2_000);
  assert.deepEqual(withOldHistory.medianAt, f.medianAt);
});

test("bursty: erratic throughput is flagged and widens the band against a steady one of the same mean", () => {
  // Two big days in two weeks and a trickle at the end (not stalled).
  const bursty = [0, 0, 700, 0, 0, 0, 0, 0, 700, 0, 0, 0, 1, 0];
  const mean = bursty.reduce((a, b) => a + b, 0) / bursty.length;
  const steady = Array(14).fill(Math.round(mean));
  const b = run(bursty, 10_000, 2_000);
  const s = run(steady, 10_000, 2_000);
  assert.equal(b.state, "ON_TRACK");
  assert.equal(b.erratic, true);
  assert.equal(b.method.blockDays, 3);
  assert.equal(s.erratic, false);
  assert.ok(daysOut(b.highAt) - daysOut(b.lowAt) > 3 * (daysOut(s.highAt) - daysOut(s.lowAt) + 1), `bursty ${daysOut(b.lowAt)}–${daysOut(b.highAt)}, steady ${daysOut(s.lowAt)}–${daysOut(s.highAt)}`);
  assert.equal(b.dailyRate, 0);
});

test("a campaign years away is forecast quickly; one beyond ten years gets no date (said so), not 'stalled'", () => {
  const fastest = (i: Parameters<typeof forecastCompletion>[0]) => {
    let best = Infinity;
    let f: Forecast | undefined;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      f = forecastCompletion(i);
      best = Math.min(best, performance.now() - t);
    }
    return { f: f!, ms: best };
  };
  // A million files at 300 a day: about 9 years. Simulated day by day this took 0.2–0.3 s.
  const far = fastest({ total: 1_000_000, done: 0, daily: Array(14).fill(300), now: NOW, seed: 3 });
  assert.equal(far.f.state, "ON_TRACK");
  assert.ok(Math.abs(daysOut(far.f.medianAt) - 1_000_000 / 300) < 30, `median ${daysOut(far.f.medianAt)}`);
  assert.ok(far.ms < 100, `${far.ms} ms`);
  // A billion files at one a day: beyond the horizon, decided without simulating.
  const never = fastest({ total: 1e9, done: 0, daily: Array(14).fill(1), now: NOW, seed: 3 });
  assert.deepEqual([never.f.state, never.f.medianAt, never.f.lowAt, never.f.highAt, never.f.method.beyondHorizon], ["ON_TRACK", null, null, null, true]);
  assert.match(never.f.method.note ?? "", /more than ten years/);
  assert.ok(never.ms < 10, `${never.ms} ms`);
  // A near one keeps its date and no note.
  const near = run(Array(14).fill(100), 10_000, 5_000);
  assert.deepEqual([near.method.beyondHorizon, near.method.note], [false, null]);
});

test("an open total (a generator stage) gets no forecast, even when everything launched so far is done", () => {
  const f = forecastCompletion({ total: 40, done: 40, daily: [10, 10, 10, 10], now: NOW, seed: 1, openTotal: true });
  assert.deepEqual([f.state, f.medianAt, f.total, f.done], ["NO_DATA", null, 40, 40]);
  assert.match(f.method.note ?? "", /no planned total/);
});

test("quantile interpolates and reports futures that never finish as infinite", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, Infinity], 0.9), Infinity);
  assert.equal(quantile([1, 2, Infinity], 0.25), 1.5);
});

// ── Coverage: 300 simulated campaigns from a known process; the 85 % band must hold the true finish 80–90 % of the time.
function gamma(k: number, rand: () => number): number {
  // Marsaglia–Tsang (k ≥ 1).
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(rand);
      v = 1 + c * x;
    } while (v <= 0);
    v = v ** 3;
    const u = rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

test("the 85 % band holds the true finish of 80–90 % of 300 simulated campaigns", () => {
  const started = Date.now();
  const rand = seededRandom(20261129);
  let inside = 0;
  const N = 300;
  for (let c = 0; c < N; c++) {
    // Each campaign: a mean pace of 10–200 files a day, days varying by a gamma factor (shape 3–20) and counting noise.
    const pace = 10 + rand() * 190;
    const shape = 3 + rand() * 17;
    const day = () => Math.max(0, Math.round(pace * (gamma(shape, rand) / shape) + Math.sqrt(pace) * normal(rand)));
    const history = Array.from({ length: WINDOW_DAYS }, day);
    const remaining = Math.round(pace * (2 + rand() * 58));
    let left = remaining;
    let truth = 0;
    for (;;) {
      const x = day();
      if (x >= left) {
        truth += left / x;
        break;
      }
      left -= x;
      truth++;
    }
    const f = forecastCompletion({ total: remaining + 1000, done: 1000, daily: history, now: NOW, seed: c + 1 });
    if (f.state === "ON_TRACK" && daysOut(f.lowAt) <= truth && truth <= daysOut(f.highAt)) inside++;
  }
  const coverage = inside / N;
  console.log(`coverage ${(coverage * 100).toFixed(1)} % (band ${BAND.join("–")}) in ${Date.now() - started} ms`);
  assert.ok(coverage >= 0.8 && coverage <= 0.9, `coverage ${coverage}`);
  assert.ok(Date.now() - started < 30_000);
});
