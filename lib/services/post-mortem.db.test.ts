import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { submissionJobs } from "@/lib/submissions/queries";
import { servicesAtFailedJobs, submissionPostMortem } from "./post-mortem";
import { failureBreakdown } from "./failure-groups";

const person = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
let n = 0;
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = new Date("2026-06-01T10:00:00Z").getTime();
const at = (minutes: number) => new Date(T0 + minutes * MIN);

/**
 * A stage needing two services with a known history: the pool is good, bad from 10:30 to 11:00 (an ACTUAL downtime
 * beside it), good again; SAM has no event before 10:45 (unknown), degraded from then.
 */
async function scene() {
  const tag = `${process.pid}_${Date.now()}_${++n}`;
  const { stage, experiment, campaign } = await freshStage({ split: "nfiles(1)", files: 2 });
  const pool = await db.service.create({ data: { name: `pm_pool_${tag}`, displayName: `Pool ${tag}`, kind: "STORAGE" } });
  const sam = await db.service.create({ data: { name: `pm_sam_${tag}`, displayName: `SAM ${tag}`, kind: "DATA_HANDLING" } });
  const other = await db.service.create({ data: { name: `pm_other_${tag}`, displayName: `Other ${tag}`, kind: "BATCH" } });
  await db.stageService.createMany({ data: [{ stageId: stage.id, serviceId: pool.id }, { stageId: stage.id, serviceId: sam.id }] });
  await db.serviceStatusEvent.createMany({
    data: [
      { serviceId: pool.id, status: "GOOD", createdAt: at(-60) },
      { serviceId: pool.id, status: "BAD", fromStatus: "GOOD", detail: "HTTP 503", createdAt: at(30) },
      { serviceId: pool.id, status: "GOOD", fromStatus: "BAD", createdAt: at(60) },
      { serviceId: sam.id, status: "DEGRADED", detail: "slow", createdAt: at(45) },
      { serviceId: other.id, status: "BAD", createdAt: at(0) },
    ],
  });
  await db.serviceDowntime.create({ data: { serviceId: pool.id, kind: "ACTUAL", startsAt: at(30), endsAt: at(60), reason: "HTTP 503" } });
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { status: "FAILED" });
  const job = (k: number, data: Record<string, unknown>) =>
    db.job.create({ data: { submissionId: sub.id, batchJobId: `${sub.id}.${k}`, status: "FAILED", ...data } });
  // Failed at the pool's outage start (start good, end bad), failed wholly in good times, a good job in the outage,
  // a job removed after a hold that ended in the outage, a failed job without times.
  const j1 = await job(1, { exitCode: 1, site: "FNAL", startedAt: at(20), endedAt: at(35) });
  const j2 = await job(2, { exitCode: 2, site: "FNAL", startedAt: at(70), endedAt: at(80) });
  const j3 = await job(3, { status: "COMPLETED", exitCode: 0, startedAt: at(31), endedAt: at(40) });
  const j4 = await job(4, { status: "REMOVED", holdReason: "memory", startedAt: at(10), endedAt: at(59) });
  const j5 = await job(5, { exitCode: 3 });
  return { stage, campaign, experiment, pool, sam, other, sub, jobs: [j1, j2, j3, j4, j5] };
}

test("a page of failed jobs gets each needed service's state at the job's start and end, in one statement", async () => {
  const s = await scene();
  const states = await servicesAtFailedJobs(s.sub.id, s.jobs.map((j) => j.id));
  assert.equal(states.has(String(s.jobs[2].id)), false, "a good job has no post-mortem");
  assert.equal(states.has(String(s.jobs[4].id)), false, "a job with no start or end has nothing to compare");
  const j1 = states.get(String(s.jobs[0].id))!;
  assert.deepEqual(j1.map((x) => x.serviceId), [s.pool.id, s.sam.id], "the needed services only, by name");
  const pool1 = j1[0];
  assert.equal(pool1.atStart?.status, "GOOD");
  assert.equal(pool1.atStart?.downtime, null);
  assert.equal(pool1.atEnd?.status, "BAD");
  assert.equal(pool1.atEnd?.detail, "HTTP 503");
  assert.deepEqual(pool1.atEnd?.downtime, { kind: "ACTUAL", title: "" });
  assert.equal(j1[1].atStart?.status, "UNKNOWN", "no event before: unknown");
  const j2 = states.get(String(s.jobs[1].id))!;
  assert.equal(j2[0].atStart?.status, "GOOD");
  assert.equal(j2[1].atEnd?.status, "DEGRADED");
  // The outage ends exactly at 11:00: a job ending at 10:59 met it, the event at 11:00 is in force from 11:00.
  const j4 = states.get(String(s.jobs[3].id))!;
  assert.equal(j4[0].atEnd?.status, "BAD");
  const edge = await db.job.create({ data: { submissionId: s.sub.id, batchJobId: `${s.sub.id}.9`, status: "FAILED", exitCode: 1, startedAt: at(30), endedAt: at(60) } });
  const e = (await servicesAtFailedJobs(s.sub.id, [edge.id])).get(String(edge.id))!;
  assert.equal(e[0].atStart?.status, "BAD", "an event at the very moment is in force");
  assert.equal(e[0].atEnd?.status, "GOOD");
  assert.equal(e[0].atEnd?.downtime, null, "the downtime's end is not inside it");
});

test("the jobs page carries the post-mortem on failed rows only", async () => {
  const s = await scene();
  const noah = await person("noah");
  const page = await submissionJobs(noah, s.sub.id, "all", null);
  const byBatch = new Map(page.jobs.map((j) => [j.batchJobId, j]));
  assert.equal(byBatch.get(`${s.sub.id}.3`)!.services, null);
  assert.equal(byBatch.get(`${s.sub.id}.1`)!.services!.length, 2);
});

test("the submission's summary counts failed jobs that met each needed service down or degraded, with its downtimes", async () => {
  const s = await scene();
  const sum = await submissionPostMortem(s.sub.id);
  assert.equal(sum.failedJobs, 4, "failed, failed, removed after a hold, failed without times");
  const pool = sum.services.find((x) => x.serviceId === s.pool.id)!;
  const sam = sum.services.find((x) => x.serviceId === s.sam.id)!;
  assert.equal(pool.downAtFailure, 2, "jobs 1 and 4");
  assert.equal(sam.downAtFailure, 0);
  assert.equal(sam.degradedAtFailure, 2, "jobs 2 and 4 ended when SAM was degraded");
  assert.deepEqual(pool.downtimes.map((d) => [d.kind, d.startsAt.toISOString()]), [["ACTUAL", at(30).toISOString()]]);
  assert.equal(sum.services.some((x) => x.serviceId === s.other.id), false, "a service the stage does not need is not judged");
});

test("failures grouped by exit code × hold reason × site read the rollup, with the incidents and outages of the period", async () => {
  const s = await scene();
  const hour = (h: number) => new Date(T0 + h * HOUR);
  // As the refresh's rollup would hold them (the rollup, not the jobs, is read).
  await db.failureRollup.createMany({
    data: [
      { stageId: s.stage.id, hour: hour(0), exitCode: 1, holdReason: "", site: "FNAL", campaignId: s.campaign.id, experimentId: s.experiment.id, jobs: 5 },
      { stageId: s.stage.id, hour: hour(1), exitCode: 1, holdReason: "", site: "FNAL", campaignId: s.campaign.id, experimentId: s.experiment.id, jobs: 2 },
      { stageId: s.stage.id, hour: hour(0), exitCode: -1, holdReason: "memory", site: "", campaignId: s.campaign.id, experimentId: s.experiment.id, jobs: 3 },
      { stageId: s.stage.id, hour: hour(5), exitCode: 9, holdReason: "", site: "", campaignId: s.campaign.id, experimentId: s.experiment.id, jobs: 100 },
    ],
  });
  const incident = await db.incident.create({ data: { title: `Pool outage ${s.pool.id}`, startedAt: at(25), resolvedAt: at(65), services: { create: [{ serviceId: s.pool.id }] } } });
  const noah = await person("noah");
  const b = await failureBreakdown(noah, { stageId: s.stage.id }, { from: at(0), to: at(120) });
  assert.equal(b.total, 10);
  assert.deepEqual(b.groups.map((g) => [g.jobs, g.exitCode, g.holdReason, g.site]), [[7, 1, null, "FNAL"], [3, null, "memory", null]]);
  const inc = b.incidents.find((i) => i.id === incident.id)!;
  assert.ok(inc, "the incident of the period is beside the failures");
  assert.deepEqual(inc.services, [{ id: s.pool.id, name: s.pool.displayName, needed: true }]);
  const outage = b.downtimes.find((d) => d.serviceId === s.pool.id)!;
  assert.equal(outage.needed, true);
  const byCampaign = await failureBreakdown(noah, { campaignId: s.campaign.id }, { from: at(0), to: at(6 * 60) });
  assert.equal(byCampaign.total, 110);
  // Bad windows are refused with a clear message; another experiment's stage is not found.
  await assert.rejects(failureBreakdown(noah, { stageId: s.stage.id }, { from: at(10), to: at(0) }), (e: unknown) => e instanceof DomainError && e.status === 400);
  await assert.rejects(failureBreakdown(noah, { stageId: s.stage.id }, { from: at(0), to: new Date(T0 + 100 * 24 * HOUR) }), /at most 90 days/);
  const dune = await freshStage({ experiment: "dune", split: "nfiles(1)", files: 1 });
  await assert.rejects(failureBreakdown(noah, { stageId: dune.stage.id }, { from: at(0), to: at(60) }), (e: unknown) => e instanceof DomainError && e.status === 404);
});

test("the demo has a stage held by its bad DUNE pool", async () => {
  const held = await db.heldLaunch.findMany({ where: { releasedAt: null, heldByServiceIds: { isEmpty: false } }, include: { stage: { include: { campaign: true } } } });
  const demo = held.find((h) => h.stage.campaign.name === "dune_fd_mc_2026a");
  assert.ok(demo, "a held launch waits on a service in the demo");
  const pool = await db.service.findUniqueOrThrow({ where: { name: "dcache-pool-dune" } });
  assert.deepEqual(demo!.heldByServiceIds, [pool.id]);
  assert.match(demo!.gateReason, /dCache persistent pool \(dune\) is down since/);
});

test("a job that failed inside a group's scheduled maintenance met the leaf it needs in maintenance (as the gate holds on it)", async () => {
  const tag = `${process.pid}_${Date.now()}_${++n}`;
  const { stage, experiment } = await freshStage({ split: "nfiles(1)", files: 1 });
  const group = await db.service.create({ data: { name: `pm_grp_${tag}`, displayName: `Storage ${tag}`, kind: "GROUP" } });
  const leaf = await db.service.create({ data: { name: `pm_leaf_${tag}`, displayName: `Pool ${tag}`, kind: "STORAGE", parentId: group.id } });
  await db.stageService.create({ data: { stageId: stage.id, serviceId: leaf.id } });
  await db.serviceStatusEvent.create({ data: { serviceId: leaf.id, status: "GOOD", createdAt: at(-60) } });
  // The group's maintenance from 10:30 to 11:00, and a withdrawn one over the whole morning; an ACTUAL outage of the
  // group (another pool under it was bad) does not say this leaf was down.
  await db.serviceDowntime.createMany({
    data: [
      { serviceId: group.id, kind: "SCHEDULED", startsAt: at(30), endsAt: at(60), title: "firmware upgrade" },
      { serviceId: group.id, kind: "SCHEDULED", startsAt: at(-120), endsAt: at(240), title: "withdrawn", cancelledAt: at(-180) },
      { serviceId: group.id, kind: "ACTUAL", startsAt: at(70), endsAt: at(90), reason: "another pool" },
    ],
  });
  const sub = await fakeLaunchedSubmission(stage, experiment.id, { status: "FAILED" });
  const inside = await db.job.create({ data: { submissionId: sub.id, batchJobId: `${sub.id}.1`, status: "FAILED", exitCode: 1, startedAt: at(35), endedAt: at(40) } });
  const outside = await db.job.create({ data: { submissionId: sub.id, batchJobId: `${sub.id}.2`, status: "FAILED", exitCode: 1, startedAt: at(75), endedAt: at(80) } });
  const states = await servicesAtFailedJobs(sub.id, [inside.id, outside.id]);
  const met = states.get(String(inside.id))![0];
  assert.equal(met.serviceId, leaf.id);
  assert.equal(met.atStart?.status, "GOOD", "its own status was good");
  assert.deepEqual(met.atStart?.downtime, { kind: "SCHEDULED", title: "firmware upgrade" }, "but the group above it was in maintenance");
  assert.deepEqual(met.atEnd?.downtime, { kind: "SCHEDULED", title: "firmware upgrade" });
  const after = states.get(String(outside.id))![0];
  assert.equal(after.atStart?.downtime, null, "a group's actual outage, or a cancelled window, is not the leaf's");
  const sum = await submissionPostMortem(sub.id);
  const pool = sum.services.find((x) => x.serviceId === leaf.id)!;
  assert.equal(pool.downAtFailure, 1, "the job inside the maintenance met it down");
  assert.deepEqual(pool.downtimes.map((d) => d.title), ["firmware upgrade"]);
});
