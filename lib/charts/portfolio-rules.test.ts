import { test } from "node:test";
import assert from "node:assert/strict";
import {
  comparePortfolio, experimentTotals, judgeCampaign, matchesPortfolio, parsePortfolioQuery, portfolioCsv, portfolioHref, sparklineDays,
  type CampaignFacts, type PortfolioRow,
} from "./portfolio-rules";
import { DAY_MS } from "./window";

const NOW = Date.parse("2026-11-29T10:00:00Z");
const day = (d: string) => Date.parse(`${d}T12:00:00Z`);

let n = 0;
function facts(over: Partial<CampaignFacts>): CampaignFacts {
  return {
    id: ++n, name: `c${n}`, experiment: "nova", active: true, state: "ON_TRACK", filesTotal: 1000, filesDone: 500,
    medianAt: day("2026-12-10"), lowAt: day("2026-12-05"), highAt: day("2026-12-15"), neededBy: null, neededByTask: null, jobsEnded7d: 100, jobsFailed7d: 1, ...over,
  };
}
const row = (over: Partial<CampaignFacts>): PortfolioRow => {
  const f = facts(over);
  return { ...f, ...judgeCampaign(f, NOW), sparkline: [] };
};

test("health: finished, stalled, will miss its date, at risk, on track, no forecast", () => {
  assert.equal(row({ state: "FINISHED", filesDone: 1000 }).health, "finished");
  assert.equal(row({ state: "STALLED", medianAt: null, lowAt: null, highAt: null }).health, "stalled");
  const late = row({ neededBy: "2026-12-08" });
  assert.equal(late.health, "late");
  assert.ok(late.willMiss);
  assert.equal(late.daysLate, 2); // median 10 Dec noon against the end of 8 Dec
  const tight = row({ neededBy: "2026-12-12" });
  assert.equal(tight.health, "at-risk", "the median makes it, the band's late edge does not");
  assert.ok(!tight.willMiss);
  assert.equal(tight.daysLate, -2); // 2.5 days to spare, rounded
  assert.equal(row({ jobsFailed7d: 25 }).health, "at-risk", "a fifth of recent jobs failed");
  assert.equal(row({ neededBy: "2026-12-31" }).health, "on-track");
  assert.equal(row({ state: "NO_DATA", medianAt: null }).health, "no-forecast");
  assert.equal(row({ state: null, medianAt: null }).health, "no-forecast");
  // Without a pace, a date that has passed is missed; a stalled campaign with any date will miss it.
  assert.equal(row({ state: "NO_DATA", medianAt: null, neededBy: "2026-11-20" }).health, "late");
  assert.ok(row({ state: "STALLED", medianAt: null, neededBy: "2027-06-01" }).willMiss);
  assert.ok(!row({ state: "FINISHED", neededBy: "2026-01-01" }).willMiss, "finished work misses nothing");
  assert.equal(row({ filesTotal: 0, filesDone: 0 }).progress, null);
  assert.equal(row({ filesDone: 250 }).progress, 0.25);
  assert.equal(row({ jobsEnded7d: 0, jobsFailed7d: 0 }).failureShare, null);
});

test("by default the campaigns that will miss their date come first, the latest first", () => {
  const rows = [
    row({ name: "on-time", neededBy: "2026-12-31" }),
    row({ name: "stalled", state: "STALLED", medianAt: null }),
    row({ name: "a-bit-late", neededBy: "2026-12-08" }),
    row({ name: "finished", state: "FINISHED" }),
    row({ name: "very-late", neededBy: "2026-12-01", medianAt: day("2027-01-10") }),
  ];
  assert.deepEqual(rows.sort(comparePortfolio("risk", "asc")).map((r) => r.name), ["very-late", "a-bit-late", "stalled", "on-time", "finished"]);
});

test("sorting by forecast, progress and lateness; campaigns without the value last either way", () => {
  const rows = [row({ name: "b", medianAt: day("2026-12-20") }), row({ name: "none", state: "STALLED", medianAt: null }), row({ name: "a", medianAt: day("2026-12-02") })];
  assert.deepEqual([...rows].sort(comparePortfolio("forecast", "asc")).map((r) => r.name), ["a", "b", "none"]);
  assert.deepEqual([...rows].sort(comparePortfolio("forecast", "desc")).map((r) => r.name), ["b", "a", "none"]);
  const prog = [row({ name: "half", filesDone: 500 }), row({ name: "most", filesDone: 900 }), row({ name: "unknown", filesTotal: 0, filesDone: 0 })];
  assert.deepEqual([...prog].sort(comparePortfolio("progress", "asc")).map((r) => r.name), ["half", "most", "unknown"]);
  const late = [row({ name: "two", neededBy: "2026-12-08" }), row({ name: "spare", neededBy: "2026-12-20" }), row({ name: "nodate" })];
  assert.deepEqual([...late].sort(comparePortfolio("lateness", "desc")).map((r) => r.name), ["two", "spare", "nodate"]);
});

test("the URL: unknown values dropped, defaults left out, round trip", () => {
  const q = parsePortfolioQuery(new URLSearchParams("experiment=NOvA&health=late&q=%20reco%20&sort=forecast&dir=desc&page=3"));
  assert.deepEqual(q, { experiment: "nova", health: "late", q: "reco", sort: "forecast", dir: "desc", page: 3 });
  assert.equal(portfolioHref(q), "/portfolio?experiment=nova&health=late&q=reco&sort=forecast&dir=desc&page=3");
  assert.deepEqual(parsePortfolioQuery(new URLSearchParams(portfolioHref(q).split("?")[1])), q);
  const junk = parsePortfolioQuery({ experiment: "x'; --", health: "dire", sort: "random", dir: "up", page: "-1" });
  assert.deepEqual(junk, { experiment: undefined, health: undefined, q: undefined, sort: "risk", dir: "asc", page: 1 });
  assert.equal(portfolioHref(junk), "/portfolio");
  assert.equal(parsePortfolioQuery({ sort: "lateness" }).dir, "desc", "lateness: the latest first by default");
});

test("filters: experiment, health and search over names and task keys", () => {
  const r = row({ name: "nova_reco_2026", neededByTask: "NOVA-12", neededBy: "2026-12-08" });
  const base = parsePortfolioQuery({});
  assert.ok(matchesPortfolio(r, { ...base, experiment: "nova", health: "late", q: "RECO" }));
  assert.ok(matchesPortfolio(r, { ...base, q: "nova-12" }));
  assert.ok(!matchesPortfolio(r, { ...base, experiment: "dune" }));
  assert.ok(!matchesPortfolio(r, { ...base, health: "on-track" }));
  assert.ok(!matchesPortfolio(r, { ...base, q: "mc" }));
});

test("per-experiment totals", () => {
  const t = experimentTotals([row({ experiment: "nova", filesDone: 10, filesTotal: 20, neededBy: "2026-12-01" }), row({ experiment: "nova", state: "FINISHED", filesDone: 5, filesTotal: 5 }), row({ experiment: "dune", state: "STALLED", medianAt: null })]);
  assert.deepEqual(t, [
    { experiment: "dune", campaigns: 1, filesDone: 500, filesTotal: 1000, late: 0, stalled: 1, finished: 0 },
    { experiment: "nova", campaigns: 2, filesDone: 15, filesTotal: 25, late: 1, stalled: 0, finished: 1 },
  ]);
});

test("sparkline days: the last 14 UTC days, today last", () => {
  const days = sparklineDays(NOW);
  assert.equal(days.length, 14);
  assert.equal(new Date(days[13]).toISOString(), "2026-11-29T00:00:00.000Z");
  assert.equal(days[13] - days[0], 13 * DAY_MS);
});

test("CSV: a header, one line per campaign, cells a spreadsheet would run are defused", () => {
  const csv = portfolioCsv([{ ...row({ name: "=HYPERLINK(\"http://x\")", neededBy: "2026-12-08", neededByTask: "NOVA-3" }), sparkline: [0, 3, 5] }]);
  assert.ok(csv.startsWith("\uFEFFCampaign,Experiment,Health,"));
  const lines = csv.slice(1).split("\r\n");
  assert.equal(lines.length, 3); // header, one row, the empty string after the last CRLF
  assert.match(lines[1], /^"'=HYPERLINK\(""http:\/\/x""\)",nova,Will miss its date,yes,500,1000,50,2026-12-10,2026-12-05,2026-12-15,2026-12-08,NOVA-3,2,1,0 3 5$/);
});
