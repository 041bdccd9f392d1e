import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { refreshForecasts } from "./campaigns";
import { forecastsStep } from "./step";

const DAY = 86_400_000;
const NOW = new Date("2026-11-29T09:30:00Z");
const dayAgo = (k: number, hour = 12) => new Date(Date.UTC(2026, 10, 29 - k, hour));

async function rollup(stage: { id: number; campaignId: number }, experimentId: number, hour: Date, data: { filesDone?: number; jobsCompleted?: number }) {
  await db.stageHourRollup.create({ data: { stageId: stage.id, campaignId: stage.campaignId, experimentId, hour, ...data } });
}

test("the forecast of a campaign: total from its input stage's dataset, done and daily pace from the rollups; a downstream stage is not counted", async () => {
  const { stage, experiment, campaign, jobType, login } = await freshStage({ files: 400 });
  const downstream = await db.campaignStage.create({ data: { campaignId: campaign.id, name: "ana", jobTypeId: jobType.id, loginSetupId: login.id, position: 1 } });
  await db.stageDependency.create({ data: { fromStageId: stage.id, toStageId: downstream.id } });
  for (let k = 1; k <= 10; k++) await rollup(stage, experiment.id, dayAgo(k), { filesDone: 20 });
  for (let k = 1; k <= 10; k++) await rollup(downstream, experiment.id, dayAgo(k), { filesDone: 500 });
  await rollup(stage, experiment.id, dayAgo(0, 8), { filesDone: 5 }); // today's partial day: done, not in the pace
  const counts = await refreshForecasts(db, NOW, [campaign.id]);
  assert.deepEqual(counts, { campaigns: 1, ON_TRACK: 1 });
  const f = await db.campaignForecast.findUniqueOrThrow({ where: { campaignId: campaign.id } });
  assert.deepEqual([f.state, f.filesTotal, f.filesDone, f.dailyRate, f.erratic], ["ON_TRACK", 400, 205, 20, false]);
  // 195 files left at 20 a day: about 9.75 days.
  const days = (f.medianAt!.getTime() - NOW.getTime()) / DAY;
  assert.ok(Math.abs(days - 9.75) < 0.5, `median in ${days} days`);
  assert.ok(f.lowAt! <= f.medianAt! && f.medianAt! <= f.highAt!);
  const method = f.method as { windowDays: number; trials: number; seed: number };
  assert.equal(method.windowDays, 10);
  assert.equal(method.trials, 2000);
  // Stable within the day: the same inputs give the same forecast.
  await refreshForecasts(db, new Date(NOW.getTime() + 60_000), [campaign.id]);
  assert.equal((await db.campaignForecast.findUniqueOrThrow({ where: { campaignId: campaign.id } })).medianAt!.getTime() - 60_000, f.medianAt!.getTime());
});

test("stalled, finished, no history, and a generator stage (no planned total: no forecast, even when its launched jobs are all done)", async () => {
  const stalled = await freshStage({ files: 100 });
  for (const k of [9, 8, 7, 6, 5]) await rollup(stalled.stage, stalled.experiment.id, dayAgo(k), { filesDone: 10 });
  const finished = await freshStage({ files: 30 });
  for (const k of [5, 4, 3]) await rollup(finished.stage, finished.experiment.id, dayAgo(k), { filesDone: 10 });
  const fresh = await freshStage({ files: 30 });
  await rollup(fresh.stage, fresh.experiment.id, dayAgo(1), { filesDone: 10 });
  const gen = await freshStage({ stage: { stageType: "GENERATOR", inputDataset: "" } });
  await fakeLaunchedSubmission(gen.stage, gen.experiment.id, { plannedJobs: 40 });
  for (const k of [4, 3, 2, 1]) await rollup(gen.stage, gen.experiment.id, dayAgo(k), { jobsCompleted: 5 });
  // Between launches: every job launched so far is done (20 of 20); it is not "finished", there is just no plan.
  const between = await freshStage({ stage: { stageType: "GENERATOR", inputDataset: "" } });
  await fakeLaunchedSubmission(between.stage, between.experiment.id, { plannedJobs: 20 });
  for (const k of [4, 3, 2, 1]) await rollup(between.stage, between.experiment.id, dayAgo(k), { jobsCompleted: 5 });
  const ids = [stalled, finished, fresh, gen, between].map((x) => x.campaign.id);
  await refreshForecasts(db, NOW, ids);
  const rows = await db.campaignForecast.findMany({ where: { campaignId: { in: ids } } });
  const of = (id: number) => rows.find((r) => r.campaignId === id)!;
  assert.deepEqual([of(ids[0]).state, of(ids[0]).medianAt, of(ids[0]).filesDone], ["STALLED", null, 50]);
  assert.equal(of(ids[1]).state, "FINISHED");
  assert.equal(of(ids[2]).state, "NO_DATA");
  const note = (id: number) => (of(id).method as { note: string | null }).note;
  assert.deepEqual([of(ids[3]).state, of(ids[3]).filesTotal, of(ids[3]).filesDone, of(ids[3]).medianAt], ["NO_DATA", 40, 20, null]);
  assert.match(note(ids[3]) ?? "", /generator stage has no planned total/);
  assert.deepEqual([of(ids[4]).state, of(ids[4]).filesTotal, of(ids[4]).filesDone], ["NO_DATA", 20, 20]);
  assert.equal(note(ids[0]), null);
});

test("the refresh step recomputes a campaign's forecast when it is missing or five minutes old", async () => {
  const { stage, experiment, campaign } = await freshStage({ files: 50 });
  for (const k of [4, 3, 2, 1]) await rollup(stage, experiment.id, dayAgo(k), { filesDone: 5 });
  const ctx = (at: Date) => ({ now: at, signal: new AbortController().signal, log: () => {} });
  const computedAt = async () => (await db.campaignForecast.findUniqueOrThrow({ where: { campaignId: campaign.id } })).computedAt.getTime();
  await forecastsStep.run(ctx(NOW));
  assert.equal(await computedAt(), NOW.getTime());
  await forecastsStep.run(ctx(new Date(NOW.getTime() + 60_000)));
  assert.equal(await computedAt(), NOW.getTime());
  const later = new Date(NOW.getTime() + 5 * 60_000);
  await forecastsStep.run(ctx(later));
  assert.equal(await computedAt(), later.getTime());
});
