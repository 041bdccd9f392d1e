import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { fakeLaunchedSubmission, freshStage } from "@/lib/testing/campaign-fixtures";
import { campaignCharts } from "./queries";
import { portfolio, portfolioForExport } from "./portfolio";
import { parsePortfolioQuery } from "./portfolio-rules";
import { parseChartWindow, DAY_MS, HOUR_MS } from "./window";

const actor = async (u: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username: u } })).id))!;
const NOW = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 20 * 60_000); // 20 minutes into the current hour
const hoursAgo = (h: number) => new Date(Math.floor(NOW.getTime() / HOUR_MS) * HOUR_MS - h * HOUR_MS);
let uniq = 0;

/** A campaign of two stages (reco reads the dataset; ana reads reco's outputs), with rollup rows inserted directly. */
async function scenario() {
  const { campaign, stage, experiment } = await freshStage();
  const ana = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", position: 1, inputDataset: "reco_outputs", jobTypeId: stage.jobTypeId, loginSetupId: stage.loginSetupId } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: ana.id } });
  const roll = (stageId: number, hour: Date, v: { filesDone?: number; filesFailed?: number; jobsCompleted?: number; jobsFailed?: number; sampleIdle?: number; sampleRunning?: number; sampleHeld?: number }) =>
    db.stageHourRollup.create({ data: { stageId, hour, campaignId: campaign.id, experimentId: experiment.id, ...v, sampledAt: v.sampleRunning !== undefined ? hour : null } });
  await roll(stage.id, hoursAgo(24 * 10), { filesDone: 100, filesFailed: 4 }); // before a 7-day window
  await roll(stage.id, hoursAgo(30), { filesDone: 20, jobsCompleted: 5, sampleRunning: 8, sampleIdle: 2, sampleHeld: 0 });
  await roll(stage.id, hoursAgo(2), { filesDone: 7, filesFailed: 1, jobsCompleted: 2, jobsFailed: 1, sampleRunning: 3, sampleIdle: 0, sampleHeld: 1 });
  await roll(ana.id, hoursAgo(2), { filesDone: 50, sampleRunning: 4, sampleIdle: 1, sampleHeld: 0 });
  await db.failureRollup.createMany({
    data: [
      { stageId: stage.id, hour: hoursAgo(2), exitCode: 137, site: "FNAL", campaignId: campaign.id, experimentId: experiment.id, jobs: 3 },
      { stageId: ana.id, hour: hoursAgo(3), holdReason: "memory over limit", campaignId: campaign.id, experimentId: experiment.id, jobs: 5 },
      { stageId: stage.id, hour: hoursAgo(24 * 9), exitCode: 1, campaignId: campaign.id, experimentId: experiment.id, jobs: 40 }, // outside
    ],
  });
  const today = new Date(Math.floor(NOW.getTime() / DAY_MS) * DAY_MS);
  await db.efficiencyRollup.createMany({
    data: [
      { stageId: stage.id, day: today, bucket: 9, campaignId: campaign.id, jobs: 6 },
      { stageId: ana.id, day: today, bucket: 2, campaignId: campaign.id, jobs: 1 },
      { stageId: stage.id, day: new Date(today.getTime() - 20 * DAY_MS), bucket: 0, campaignId: campaign.id, jobs: 30 }, // outside
    ],
  });
  await db.campaignForecast.create({
    data: {
      campaignId: campaign.id, state: "ON_TRACK", filesTotal: 400, filesDone: 127, computedAt: NOW,
      medianAt: new Date(NOW.getTime() + 10 * DAY_MS), lowAt: new Date(NOW.getTime() + 7 * DAY_MS), highAt: new Date(NOW.getTime() + 15 * DAY_MS),
      dailyRate: 27, method: { windowDays: 14, trials: 1000, seed: 1 },
    },
  });
  // Services: one the reco stage needs (its incident and outage show), one of another experiment (they do not).
  const needed = await db.service.create({ data: { name: `svc-needed-${process.pid}-${++uniq}`, displayName: "Needed storage", kind: "STORAGE" } });
  const dune = await db.experiment.findUniqueOrThrow({ where: { name: "dune" } });
  const other = await db.service.create({ data: { name: `svc-other-${process.pid}-${uniq}`, displayName: "Someone else's", kind: "STORAGE", experimentId: dune.id } });
  await db.stageService.create({ data: { stageId: stage.id, serviceId: needed.id } });
  const inc = await db.incident.create({ data: { title: "Storage pools offline", impact: "MAJOR", startedAt: hoursAgo(40), resolvedAt: hoursAgo(20), services: { create: [{ serviceId: needed.id }] } } });
  await db.incident.create({ data: { title: "Not ours", startedAt: hoursAgo(10), services: { create: [{ serviceId: other.id }] } } });
  await db.incident.create({ data: { title: "Long ago", startedAt: hoursAgo(24 * 20), resolvedAt: hoursAgo(24 * 19), services: { create: [{ serviceId: needed.id }] } } });
  await db.serviceDowntime.create({ data: { serviceId: needed.id, kind: "ACTUAL", startsAt: hoursAgo(40), endsAt: hoursAgo(21) } });
  await db.serviceDowntime.create({ data: { serviceId: needed.id, kind: "SCHEDULED", startsAt: hoursAgo(5), endsAt: hoursAgo(4), title: "maintenance" } });
  // Submissions: one running, one that ended in the window, one that ended before it, one test launch.
  const running = await fakeLaunchedSubmission(stage, experiment.id, { status: "RUNNING", createdAt: hoursAgo(3) });
  const ended = await fakeLaunchedSubmission(stage, experiment.id, { status: "COMPLETED", createdAt: hoursAgo(50), statusChangedAt: hoursAgo(30) });
  await db.submissionEvent.create({ data: { submissionId: ended.id, status: "COMPLETED", createdAt: hoursAgo(31) } });
  await fakeLaunchedSubmission(stage, experiment.id, { status: "COMPLETED", createdAt: hoursAgo(24 * 12), statusChangedAt: hoursAgo(24 * 11) });
  await fakeLaunchedSubmission(stage, experiment.id, { status: "RUNNING", isTest: true, createdAt: hoursAgo(1) });
  return { campaign, stage, ana, inc, running, ended, needed, experiment };
}

test("a campaign's charts over 7 days: burn-ups from the rollups, samples, failures, efficiency, submissions, incidents, forecast", async () => {
  // The seeded demo has incidents and outages of its own (its experiment's services); these assertions are about the
  // scenario's.
  const seededIncidents = new Set((await db.incident.findMany({ select: { id: true } })).map((i) => i.id));
  const seededDowntimes = new Set((await db.serviceDowntime.findMany({ select: { id: true } })).map((d) => d.id));
  const s = await scenario();
  const window = parseChartWindow({ window: "7d" }, NOW);
  const all = await campaignCharts(await actor("maria"), s.campaign.id, window, NOW);
  const c = { ...all, incidents: all.incidents.filter((i) => !seededIncidents.has(i.id)), downtimes: all.downtimes.filter((d) => !seededDowntimes.has(d.id)) };

  assert.equal(c.buckets.length, 168);
  assert.equal(c.total, 400);
  // The campaign's burn-up counts its input stage only (ana reads reco's outputs): 100 before the window, +20, +7.
  assert.equal(c.burnUp.done[0], 100);
  const at = (h: number) => c.buckets.indexOf(hoursAgo(h).getTime());
  assert.equal(c.burnUp.done[at(31)], 100);
  assert.equal(c.burnUp.done[at(30)], 120);
  assert.equal(c.burnUp.done.at(-1), 127);
  assert.equal(c.burnUp.failed.at(-1), 5);
  for (let i = 1; i < c.burnUp.done.length; i++) assert.ok(c.burnUp.done[i] >= c.burnUp.done[i - 1], "never backwards");
  assert.deepEqual(c.stages.map((st) => [st.name, st.input, st.done.at(-1)]), [["reco", true, 127], ["ana", false, 50]]);

  // Samples: both stages' counts in the same hour are summed; unsampled hours are gaps.
  assert.equal(c.jobs.running[at(2)], 7);
  assert.equal(c.jobs.held[at(2)], 1);
  assert.equal(c.jobs.running[at(30)], 8);
  assert.equal(c.jobs.running[at(29)], null);

  assert.equal(c.failures.total, 8);
  assert.deepEqual(c.failures.causes.map((f) => [f.label, f.jobs]), [["Held: memory over limit", 5], ["Exit code 137", 3]]);
  assert.equal(c.efficiency[9], 6);
  assert.equal(c.efficiency[2], 1);
  assert.equal(c.efficiency[0], 0);

  // Submissions that overlap the window, oldest first; not the one that ended before it, not test launches.
  assert.deepEqual(c.submissions.bars.map((b) => b.id), [s.ended.id, s.running.id]);
  assert.equal(c.submissions.bars[0].end, hoursAgo(31).getTime(), "ended when it reached Completed");
  assert.equal(c.submissions.bars[1].end, null);

  assert.deepEqual(c.incidents.map((i) => i.title), ["Storage pools offline"]);
  assert.equal(c.incidents[0].start, hoursAgo(40).getTime());
  assert.deepEqual(c.incidents[0].services, [{ id: s.needed.id, name: "Needed storage" }]);
  assert.equal(c.downtimes.length, 1, "actual outages only, not scheduled maintenance");
  assert.equal(c.downtimes[0].end, hoursAgo(21).getTime());

  assert.equal(c.forecast?.state, "ON_TRACK");
  assert.equal(c.forecast?.fan.length, 4);
  assert.match(c.forecast!.description, /273 files are left/);
  assert.ok(JSON.stringify(c).length < 200 * 1024);

  // 30 days, in days: the same totals.
  const month = await campaignCharts(await actor("maria"), s.campaign.id, parseChartWindow({ window: "30d" }, NOW), NOW);
  assert.equal(month.buckets.length, 30);
  assert.equal(month.burnUp.done[0], 0, "the 100 files of 10 days ago are inside 30 days");
  assert.equal(month.burnUp.done.at(-1), 127);
  assert.equal(month.failures.total, 48);
});

test("charts are for managers, OPOS and the experiment's members; anyone else is told it does not exist", async () => {
  const s = await scenario();
  const window = parseChartWindow({ window: "24h" }, NOW);
  for (const u of ["maria", "oscar", "ada", "nina", "nora"]) assert.equal((await campaignCharts(await actor(u), s.campaign.id, window, NOW)).campaign.id, s.campaign.id, u);
  await assert.rejects(campaignCharts(await actor("dana"), s.campaign.id, window, NOW), (e: unknown) => e instanceof DomainError && e.code === "not_found");
  await assert.rejects(campaignCharts(await actor("maria"), 2_000_000_000, window, NOW), (e: unknown) => e instanceof DomainError && e.code === "not_found");
});

test("the portfolio: the campaign with its forecast, its task's date, health, sparkline; only what the person may see", async () => {
  const s = await scenario();
  const requester = await db.person.findUniqueOrThrow({ where: { username: "nina" } });
  const task = await db.task.create({ data: { experimentId: s.experiment.id, title: "Needed soon", kind: "REPROCESSING", requesterId: requester.id, status: "IN_PROGRESS", neededBy: new Date(NOW.getTime() + 3 * DAY_MS) } });
  await db.taskCampaign.create({ data: { taskId: task.id, campaignId: s.campaign.id } });

  const q = parsePortfolioQuery({ q: s.campaign.name });
  const p = await portfolio(await actor("maria"), q, NOW);
  assert.equal(p.matching, 1);
  const [r] = p.rows;
  assert.equal(r.id, s.campaign.id);
  assert.equal(r.health, "late");
  assert.ok(r.willMiss);
  assert.equal(r.neededByTask, `NOVA-${task.number}`);
  assert.ok(r.daysLate! >= 6 && r.daysLate! <= 7);
  assert.equal(r.progress, 127 / 400);
  assert.equal(r.failureShare, 1 / 8, "last 7 days: 1 failed of 2 + 5 + 1 ended jobs");
  assert.equal(r.sparkline.length, 14);
  assert.equal(r.sparkline.reduce((a, v) => a + v, 0), 100 + 20 + 7 + 50, "every stage's files done in the last 14 days");
  assert.ok(p.totals.some((t) => t.experiment === "nova" && t.late >= 1));

  const late = await portfolio(await actor("maria"), parsePortfolioQuery({}), NOW);
  assert.ok(late.rows[0].willMiss, "campaigns that will miss their date come first");
  const csv = await portfolioForExport(await actor("oscar"), q, NOW);
  assert.equal(csv.length, 1);

  const dana = await portfolio(await actor("dana"), parsePortfolioQuery({}), NOW);
  assert.ok(dana.rows.every((row) => row.experiment === "dune"), "a DUNE coordinator sees DUNE's campaigns only");
  assert.ok(!dana.experiments.includes("nova"));
});

test("a generator stage (no input files) burns up by its jobs, as the forecast counts it; a test stage is not an input", async () => {
  const { campaign, stage, experiment } = await freshStage({ dataset: "", stage: { stageType: "GENERATOR" } });
  const check = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "check", stageType: "TEST", position: 1, inputDataset: "x", jobTypeId: stage.jobTypeId, loginSetupId: stage.loginSetupId } });
  await db.stageHourRollup.createMany({
    data: [
      { stageId: stage.id, hour: hoursAgo(3), campaignId: campaign.id, experimentId: experiment.id, jobsCompleted: 12, jobsFailed: 2 },
      { stageId: check.id, hour: hoursAgo(3), campaignId: campaign.id, experimentId: experiment.id, filesDone: 99 },
    ],
  });
  const c = await campaignCharts(await actor("maria"), campaign.id, parseChartWindow({ window: "24h" }, NOW), NOW);
  assert.deepEqual(c.stages.map((s) => [s.name, s.input, s.unit, s.done.at(-1), s.failed.at(-1)]), [["reco", true, "jobs", 12, 2], ["check", false, "files", 99, 0]]);
  assert.equal(c.burnUp.done.at(-1), 12);
});
