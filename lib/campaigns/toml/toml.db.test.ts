import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { cleanText } from "@/lib/http/input";
import { exportCampaign } from "./export-campaign";
import { importCampaign } from "./import-campaign";
import { editStage } from "../commands/edit-stage";
import { connectStages } from "../commands/connect-stages";
import { moveStages } from "../commands/move-stages";
import type { TomlProblem } from "./document";

const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
let serial = 0;
const uniq = () => `${process.pid}_${Date.now().toString(36)}_${++serial}`;

/** Every configuration field of a campaign, with names in place of ids (what import(export(c)) must give back). */
async function snapshot(campaignId: number) {
  const c = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { tags: { include: { tag: true } } } });
  const stages = await db.campaignStage.findMany({ where: { campaignId }, orderBy: { name: "asc" }, include: { jobType: true, loginSetup: true, schedules: { orderBy: { id: "asc" } }, upstream: { include: { fromStage: true } } } });
  return {
    experimentId: c.experimentId,
    description: c.description,
    active: c.active,
    defaults: c.defaults,
    keywords: c.keywords,
    tags: c.tags.map((t) => t.tag.name).sort(),
    stages: stages.map((s) => ({
      name: s.name, position: s.position, stageType: s.stageType, jobType: s.jobType.name, loginSetup: s.loginSetup.name, batchBackend: s.batchBackend, inputDataset: s.inputDataset,
      splitType: s.splitType, testSplitType: s.testSplitType, sliceOptions: s.sliceOptions, graphX: s.graphX, graphY: s.graphY, softwareVersion: s.softwareVersion, vomsRole: s.vomsRole,
      paramOverrides: s.paramOverrides, testParamOverrides: s.testParamOverrides, completionType: s.completionType, completionPct: s.completionPct, failedRatio: s.failedRatio,
      maxJobs: s.maxJobs, active: s.active, hasCursor: true,
      schedules: s.schedules.map((x) => ({ cron: x.cronExpression, timeZone: x.timeZone, active: x.active, clearWhenDone: x.clearWhenDone })),
      upstream: s.upstream.map((d) => ({ from: d.fromStage.name, filePatterns: d.filePatterns })).sort((a, b) => a.from.localeCompare(b.from)),
    })),
  };
}

// ── Generated campaigns: every value in the form the configuration stores (what its validators give back).
const oneLine = (max: number) => fc.string({ unit: fc.constantFrom(..."abcXYZ019 _-./=:\"'\\é→%$#{}[]"), maxLength: max }).map((s) => cleanText(s).replace(/\s+/g, " ").trim());
const block = fc.string({ unit: fc.constantFrom(..."ab Z9\n\t\"'\\é→#=[]{}"), maxLength: 80 }).map((s) => cleanText(s).trim());
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const configName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+@-]{0,12}$/);
const paramKey = fc.stringMatching(/^--?[a-z][a-z0-9_.:=@,-]{0,8}$/);
const pairs = fc.uniqueArray(fc.tuple(paramKey, oneLine(20)), { maxLength: 4, selector: ([k]) => k });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const splitTypes = fc.constantFrom("none", "list", "nfiles(10)", "drainingn(5)", "limitn(3)", "mod(4)", "byrun(100,120)", "draining", "stagedfiles(20)", "byexistingruns", "slices(detector, stream; time=week; pilot=10%; files=50)"); // canonical forms, as stages store them
const ratio = fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const schedule = fc.record({ cron: fc.constantFrom("0 3 * * *", "*/15 * * * *", "30 6 * * 1-5", "0 0 1 * *", "@daily"), timeZone: fc.constantFrom("UTC", "Europe/Rome", "America/Chicago"), active: fc.boolean(), clearWhenDone: fc.boolean() });
// As the stage form takes them (lib/campaigns/input.ts): 1 to 5 components with values, at least one override.
// Components of the slices(...) split below (a slice option must name one of its stage's split's components).
const sliceOption = fc.record({ match: fc.dictionary(fc.constantFrom("detector", "stream"), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,9}$/), { minKeys: 1, maxKeys: 2 }), overrides: pairs.filter((p) => p.length > 0) });

const stageArb = fc.record({
  position: fc.integer({ min: 0, max: 1000 }),
  stageType: fc.constantFrom("REGULAR", "TEST", "GENERATOR", "APPROVAL", "DATATRANSFER" as const),
  jobType: fc.nat(),
  loginSetup: fc.nat(),
  batchBackend: maybe(fc.constantFrom("LOCAL", "SLURM", "JOBSUB" as const)),
  inputDataset: fc.stringMatching(/^[a-z0-9_.%-]{0,16}$/),
  splitType: splitTypes,
  testSplitType: maybe(splitTypes),
  sliceOptions: fc.array(sliceOption, { maxLength: 2 }),
  graph: maybe(fc.record({ x: fc.integer({ min: 0, max: 10000 }), y: fc.integer({ min: 0, max: 10000 }) })),
  softwareVersion: maybe(fc.stringMatching(/^[A-Za-z0-9._+-]{0,10}$/)),
  vomsRole: maybe(fc.constantFrom("Production", "Analysis", "")),
  paramOverrides: pairs,
  testParamOverrides: pairs,
  completionType: maybe(fc.constantFrom("COMPLETE", "LOCATED" as const)),
  completionPct: maybe(fc.integer({ min: 1, max: 100 })),
  failedRatio: maybe(ratio),
  maxJobs: maybe(fc.integer({ min: 1, max: 100000 })),
  active: fc.boolean(),
  schedules: fc.array(schedule, { maxLength: 2 }),
});

const campaignArb = fc
  .record({
    description: block,
    active: fc.boolean(),
    defaults: fc.record(
      { softwareVersion: fc.stringMatching(/^[A-Za-z0-9._+-]{0,10}$/), vomsRole: fc.constantFrom("Production", "Analysis"), batchBackend: fc.constantFrom("LOCAL", "SLURM", "JOBSUB"), completionType: fc.constantFrom("COMPLETE", "LOCATED"), completionPct: fc.integer({ min: 1, max: 100 }), failedRatio: ratio, paramOverrides: pairs },
      { requiredKeys: [] },
    ),
    keywords: fc.uniqueArray(fc.tuple(ident.filter((k) => !["dataset", "version", "group", "experimenter"].includes(k)), oneLine(20)), { maxLength: 4, selector: ([k]) => k }),
    tags: fc.uniqueArray(configName, { maxLength: 3 }),
    stages: fc.uniqueArray(fc.tuple(configName, stageArb), { minLength: 1, maxLength: 5, selector: ([n]) => n }),
    edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("%", "%.root", "%_reco_%.root, %.hist")), { maxLength: 8 }),
  });
type Generated = typeof campaignArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes a generated campaign with plain Prisma statements (not through the import under test). */
async function createGenerated(g: Generated, experimentId: number, creatorId: number, templates: { jobTypes: number[]; loginSetups: number[] }) {
  const campaign = await db.campaign.create({
    data: {
      experimentId, name: `prop_${uniq()}`, description: g.description, active: g.active, defaults: g.defaults as Prisma.InputJsonValue, keywords: Object.fromEntries(g.keywords), creatorId, creatorRole: "PRODUCTION",
      tags: { create: await Promise.all(g.tags.map(async (name) => ({ tag: { connect: { id: (await db.tag.upsert({ where: { experimentId_name: { experimentId, name } }, create: { experimentId, name }, update: {} })).id } } }))) },
    },
  });
  const ids: number[] = [];
  for (const [name, s] of g.stages) {
    const row = await db.campaignStage.create({
      data: {
        campaignId: campaign.id, name, position: s.position, stageType: s.stageType, jobTypeId: templates.jobTypes[s.jobType % templates.jobTypes.length], loginSetupId: templates.loginSetups[s.loginSetup % templates.loginSetups.length],
        batchBackend: s.batchBackend, inputDataset: s.inputDataset, splitType: s.splitType, testSplitType: s.testSplitType, sliceOptions: s.sliceOptions as Prisma.InputJsonValue, graphX: s.graph?.x ?? null, graphY: s.graph?.y ?? null,
        softwareVersion: s.softwareVersion, vomsRole: s.vomsRole, paramOverrides: s.paramOverrides, testParamOverrides: s.testParamOverrides, completionType: s.completionType, completionPct: s.completionPct,
        failedRatio: s.failedRatio, maxJobs: s.maxJobs, active: s.active, cursor: { create: {} },
        schedules: { create: s.schedules.map((x) => ({ cronExpression: x.cron, timeZone: x.timeZone, active: x.active, clearWhenDone: x.clearWhenDone, ownerId: creatorId })) },
      },
    });
    ids.push(row.id);
  }
  const edges = new Map<string, Prisma.StageDependencyCreateManyInput>();
  for (const [a, b, filePatterns] of g.edges) {
    const fromStageId = ids[a % ids.length];
    const toStageId = ids[b % ids.length];
    edges.set(`${fromStageId}>${toStageId}`, { fromStageId, toStageId, filePatterns });
  }
  if (edges.size) await db.stageDependency.createMany({ data: [...edges.values()] });
  return campaign;
}

test("property: importing an export as a new campaign gives back every field of the campaign, its stages, dependencies and schedules", async () => {
  const noah = await actor("noah");
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const extraJob = await db.jobType.create({ data: { experimentId: nova.id, name: `prop_jt_${uniq()}`, launchScript: "run.sh", creatorId: noah.id, outputFilePatterns: [] } });
  const templates = {
    jobTypes: [(await db.jobType.findFirstOrThrow({ where: { experimentId: nova.id, name: "nova_demo_job" } })).id, extraJob.id],
    loginSetups: (await db.loginSetup.findMany({ where: { experimentId: nova.id, active: true }, orderBy: { id: "asc" } })).map((l) => l.id),
  };
  await fc.assert(
    fc.asyncProperty(campaignArb, async (g) => {
      const source = await createGenerated(g, nova.id, noah.id, templates);
      const { text } = await exportCampaign(noah, source.id);
      const copyName = `copy_${uniq()}`;
      const summary = await importCampaign(noah, text, { mode: "new", name: copyName });
      assert.equal(summary.created, true);
      const [a, b] = await Promise.all([snapshot(source.id), snapshot(summary.campaignId)]);
      assert.deepEqual(b, a, text);
      const copy = await db.campaign.findUniqueOrThrow({ where: { id: summary.campaignId } });
      assert.equal(copy.name, copyName);
      assert.equal(copy.creatorId, noah.id);
    }),
    { numRuns: 30 },
  );
});

async function sample(suffix: string) {
  const noah = await actor("noah");
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const text = [
    "format = 1",
    "[campaign]",
    'experiment = "nova"',
    `name = "imp_${suffix}"`,
    'description = "imported"',
    'tags = ["reco"]',
    "[campaign.defaults]",
    "completionPct = 90",
    "[campaign.keywords]",
    'config = "reco.fcl"',
    "[[stages]]",
    'name = "gen"',
    'jobType = "nova_demo_job"',
    'loginSetup = "nova-local"',
    'splitType = "nfiles(4)"',
    "[[stages]]",
    'name = "reco"',
    'jobType = "nova_demo_job"',
    'loginSetup = "nova-local"',
    "graph = { x = 300, y = 40 }",
    "[[stages.schedules]]",
    'cron = "0 3 * * *"',
    'timeZone = "Europe/Rome"',
    "[[dependencies]]",
    'from = "gen"',
    'to = "reco"',
    'filePatterns = "%.root"',
    "",
  ].join("\n");
  return { noah, nova, text };
}

const refusal = (e: unknown): TomlProblem[] => {
  assert.ok(e instanceof DomainError && e.code === "invalid_input", String(e));
  return (e.details as { problems: TomlProblem[] }).problems;
};

async function counts() {
  const [campaigns, stages, deps, schedules, audits] = await Promise.all([db.campaign.count(), db.campaignStage.count(), db.stageDependency.count(), db.stageSchedule.count(), db.auditEvent.count()]);
  return { campaigns, stages, deps, schedules, audits };
}

test("an import with unknown shared names or a bad field is refused with each line, and changes nothing", async () => {
  const { noah, text } = await sample(uniq());
  const bad = text.replace('jobType = "nova_demo_job"\nloginSetup = "nova-local"\ngraph', 'jobType = "no_such_job"\nloginSetup = "nova-local"\ngraph').replace('splitType = "nfiles(4)"', 'splitType = "nfiles(0)"');
  const before = await counts();
  await assert.rejects(importCampaign(noah, bad, { mode: "new" }), (e) => {
    const problems = refusal(e);
    const lines = bad.split("\n");
    assert.deepEqual(problems.map((p) => lines[p.line! - 1]), ['splitType = "nfiles(0)"']);
    assert.match(problems[0].message, /nfiles needs at least 1/);
    return true;
  });
  // Field problems come first; with the fields right, the unknown job type is named on its line.
  const unknown = text.replace('jobType = "nova_demo_job"\nloginSetup = "nova-local"\ngraph', 'jobType = "no_such_job"\nloginSetup = "nova-local"\ngraph');
  await assert.rejects(importCampaign(noah, unknown, { mode: "new" }), (e) => {
    const problems = refusal(e);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, unknown.split("\n").indexOf('jobType = "no_such_job"') + 1);
    assert.match(problems[0].message, /There is no job type "no_such_job" in NOvA\. Job types are shared and an import never creates one/);
    assert.match((e as Error).message, /^Nothing was imported\. Line \d+ \(stages\[1\]\.jobType\)/);
    return true;
  });
  await assert.rejects(importCampaign(noah, "format = 1\n[campaign\n", { mode: "new" }), (e) => {
    assert.equal(refusal(e)[0].line, 2);
    return true;
  });
  assert.deepEqual(await counts(), before);
});

test("an import creates the campaign, stages, edges and schedules, audited as the importer; a taken name is refused on its line", async () => {
  const suffix = uniq();
  const { noah, text } = await sample(suffix);
  const summary = await importCampaign(noah, text, { mode: "new" });
  assert.deepEqual(summary.stages.created.sort(), ["gen", "reco"]);
  const snap = await snapshot(summary.campaignId);
  assert.deepEqual(snap.stages.map((s) => [s.name, s.graphX, s.graphY, s.upstream]), [["gen", null, null, []], ["reco", 300, 40, [{ from: "gen", filePatterns: "%.root" }]]]);
  const schedule = await db.stageSchedule.findFirstOrThrow({ where: { stage: { campaignId: summary.campaignId } } });
  assert.equal(schedule.ownerId, noah.id);
  assert.ok(schedule.nextRunAt && schedule.nextRunAt > new Date());
  assert.equal(await db.splitCursor.count({ where: { stage: { campaignId: summary.campaignId } } }), 2);
  const audits = await db.auditEvent.findMany({ where: { OR: [{ entityType: "Campaign", entityId: String(summary.campaignId) }, { entityType: "CampaignStage", entityId: { in: (await db.campaignStage.findMany({ where: { campaignId: summary.campaignId } })).map((s) => String(s.id)) } }] } });
  assert.deepEqual(audits.map((a) => [a.action, a.actorId]).sort(), [
    ["campaign.created", noah.id], ["campaign.imported", noah.id], ["stage.created", noah.id], ["stage.created", noah.id], ["stage.dependency_added", noah.id], ["stage.schedule_added", noah.id],
  ]);
  await assert.rejects(importCampaign(noah, text, { mode: "new" }), (e) => {
    const [p] = refusal(e);
    assert.equal(p.line, 4);
    assert.match(p.message, /already exists in NOvA: import it as a copy under another name/);
    return true;
  });
});

test("updating by name edits matched stages in place, deactivates left-out ones, replaces edges and refuses a stale version", async () => {
  const suffix = uniq();
  const { noah, text } = await sample(suffix);
  const first = await importCampaign(noah, text, { mode: "new" });
  const gen = await db.campaignStage.findFirstOrThrow({ where: { campaignId: first.campaignId, name: "gen" } });
  await db.splitCursor.update({ where: { stageId: gen.id }, data: { position: { next: 8 } } });
  const { text: exported } = await exportCampaign(noah, first.campaignId);
  assert.match(exported, /^version = 1$/m);
  // Drop "reco", rename nothing, change gen's split, add "ana" after gen.
  const edited = exported
    .replace(/\n\[\[stages\]\]\nname = "reco"[\s\S]*?(?=\n\[\[dependencies\]\])/, "")
    .replace(/\n\[\[dependencies\]\][\s\S]*$/, "\n")
    .replace('splitType = "nfiles(4)"', 'splitType = "nfiles(8)"')
    .concat('\n[[stages]]\nname = "ana"\njobType = "nova_demo_job"\nloginSetup = "nova-local"\n\n[[dependencies]]\nfrom = "gen"\nto = "ana"\n');
  const summary = await importCampaign(noah, edited, { mode: "update" });
  assert.equal(summary.campaignId, first.campaignId);
  assert.deepEqual(summary.stages, { created: ["ana"], updated: ["gen"], deactivated: ["reco"], unchanged: [] });
  assert.deepEqual(summary.dependencies, { added: 1, removed: 1, changed: 0 });
  // reco's schedule is not deleted with it: it is deactivated, as reco is.
  assert.deepEqual(summary.schedules, { added: 0, removed: 0, changed: 0, deactivated: 1 });
  const genAfter = await db.campaignStage.findUniqueOrThrow({ where: { id: gen.id }, include: { cursor: true } });
  assert.equal(genAfter.splitType, "nfiles(8)");
  assert.equal(genAfter.version, gen.version + 1);
  assert.deepEqual(genAfter.cursor?.position, { next: 8 }, "the matched stage keeps its cursor");
  assert.equal((await db.campaignStage.findFirstOrThrow({ where: { campaignId: first.campaignId, name: "reco" } })).active, false);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: first.campaignId } })).version, 2);
  // The same file again names version 1: someone (here: the import itself) changed the campaign since.
  const before = await counts();
  await assert.rejects(importCampaign(noah, edited, { mode: "update" }), (e) => e instanceof DomainError && e.code === "stale" && /changed this campaign after you opened it/.test(e.message));
  assert.deepEqual(await counts(), before);
  // Another experiment's person cannot see it to update it.
  const dev = await actor("dev");
  await assert.rejects(importCampaign(dev, edited, { mode: "update", campaignId: first.campaignId }), (e) => e instanceof DomainError && e.code === "invalid_input" && /no experiment "nova" you can see/.test(e.message));
});

const stale = (re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof DomainError && e.code === "stale", String(e));
  assert.match(e.message, re);
  return true;
};

test("an update is refused as stale, naming what changed, when a stage, an edge, a schedule or the stage list changed since the export; or when the file is of another campaign", async () => {
  const { noah, text } = await sample(uniq());
  const first = await importCampaign(noah, text, { mode: "new" });
  const id = first.campaignId;
  const stage = (name: string) => db.campaignStage.findFirstOrThrow({ where: { campaignId: id, name } });
  const exportNow = async () => (await exportCampaign(noah, id)).text;
  const edit = (t: string) => t.replace('description = "imported"', 'description = "changed by the file"');

  // A stage edited in its form after the export: the file would put back its old split.
  let file = await exportNow();
  assert.match(file, new RegExp(`^id = ${id}$`, "m"));
  assert.match(file, /^fingerprint = "stages:[0-9a-f]{12} dependencies:[0-9a-f]{12} schedules:[0-9a-f]{12}"$/m);
  const gen = await stage("gen");
  await editStage(noah, gen.id, { version: gen.version, splitType: "nfiles(9)" });
  let before = await counts();
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/stage gen was changed \(version 1 in the file, 2 now\)/));
  assert.deepEqual(await counts(), before);
  assert.equal((await stage("gen")).splitType, "nfiles(9)");

  // An edge connected on the graph after the export.
  file = await exportNow();
  const reco = await stage("reco");
  await connectStages(noah, id, { fromStageId: reco.id, toStageId: reco.id, filePatterns: "%" });
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/stage reco was changed/));
  // A stage moved on the graph (its version stays) is seen by the fingerprint.
  file = await exportNow();
  await moveStages(noah, id, { positions: [{ stageId: gen.id, x: 700, y: 700 }] });
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/stages were added, renamed, edited or moved/));
  // A stage created after the export (the file would deactivate it).
  file = await exportNow();
  await db.campaignStage.create({ data: { campaignId: id, name: "late", jobTypeId: gen.jobTypeId, loginSetupId: gen.loginSetupId, cursor: { create: {} } } });
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/stages were added/));
  // A schedule added after the export (the file would remove it).
  file = await exportNow();
  await db.stageSchedule.create({ data: { stageId: gen.id, cronExpression: "0 4 * * *", ownerId: noah.id } });
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/schedules were added, removed or changed/));
  // An edge removed behind the stages' backs (no version moved) is seen too.
  file = await exportNow();
  await db.stageDependency.deleteMany({ where: { toStageId: reco.id, fromStageId: reco.id } });
  await assert.rejects(importCampaign(noah, edit(file), { mode: "update" }), stale(/dependencies were connected or disconnected/));

  // Nothing changed in between: the update goes through.
  file = await exportNow();
  const ok = await importCampaign(noah, edit(file), { mode: "update" });
  assert.equal(ok.campaignId, id);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id } })).description, "changed by the file");

  // The file of another campaign over this one (by id) is refused on its id line; and a file without id.
  const other = await importCampaign(noah, (await sample(uniq())).text, { mode: "new" });
  const otherFile = (await exportCampaign(noah, other.campaignId)).text;
  before = await counts();
  await assert.rejects(importCampaign(noah, otherFile, { mode: "update", campaignId: id }), (e) => {
    const [p] = refusal(e);
    assert.equal(otherFile.split("\n")[p.line! - 1], `id = ${other.campaignId}`);
    assert.match(p.message, /exported from another campaign/);
    return true;
  });
  const fresh = await exportNow();
  await assert.rejects(importCampaign(noah, fresh.replace(/^id = \d+\n/m, ""), { mode: "update" }), (e) => /must say the id, version and fingerprint/.test(refusal(e)[0].message));
  assert.deepEqual(await counts(), before);
});

test("edges changed by an import move their consumer's version, are audited on it, and the consumer is reported as updated", async () => {
  const { noah, text } = await sample(uniq());
  const first = await importCampaign(noah, text, { mode: "new" });
  const id = first.campaignId;
  const [gen, reco] = await Promise.all(["gen", "reco"].map((name) => db.campaignStage.findFirstOrThrow({ where: { campaignId: id, name } })));
  const file = (await exportCampaign(noah, id)).text;
  // gen → reco's patterns change, reco → reco (a self-edge) is added: only reco's upstream list changes.
  const edited = file.replace('filePatterns = "%.root"', 'filePatterns = "%.hist"') + '\n[[dependencies]]\nfrom = "reco"\nto = "reco"\n';
  const summary = await importCampaign(noah, edited, { mode: "update" });
  assert.deepEqual(summary.stages, { created: [], updated: ["reco"], deactivated: [], unchanged: ["gen"] });
  assert.deepEqual(summary.dependencies, { added: 1, removed: 0, changed: 1 });
  const after = await db.campaignStage.findUniqueOrThrow({ where: { id: reco.id } });
  assert.equal(after.version, reco.version + 1);
  assert.equal((await db.campaignStage.findUniqueOrThrow({ where: { id: gen.id } })).version, gen.version);
  const events = await db.auditEvent.findMany({ where: { entityType: "CampaignStage", entityId: String(reco.id), action: { startsWith: "stage.dependency_" }, createdAt: { gte: new Date(Date.now() - 60_000) } }, orderBy: { id: "asc" } });
  const mine = events.filter((e) => (e.data as { via?: string }).via === "TOML import" && (e.data as { version: number }).version === after.version);
  assert.deepEqual(mine.map((e) => [e.action, e.actorId]).sort(), [["stage.dependency_added", noah.id], ["stage.dependency_changed", noah.id]]);
  // A stage form opened before the import is refused instead of dropping the new edge.
  await assert.rejects(editStage(noah, reco.id, { version: reco.version, dependencies: [] }), (e) => e instanceof DomainError && e.code === "stale");
});

test("an import keeps unchanged schedules with their owner, audits each schedule it adds, removes or changes, and deactivates those of left-out stages", async () => {
  const { noah, text } = await sample(uniq());
  const first = await importCampaign(noah, text, { mode: "new" });
  const id = first.campaignId;
  const olga = await db.person.findFirstOrThrow({ where: { username: { not: "noah" } }, orderBy: { id: "asc" } });
  const reco = await db.campaignStage.findFirstOrThrow({ where: { campaignId: id, name: "reco" } });
  const gen = await db.campaignStage.findFirstOrThrow({ where: { campaignId: id, name: "gen" } });
  // Someone else's schedules: one on reco the file keeps (same cron and zone), one on reco it drops, one on gen.
  const kept = await db.stageSchedule.findFirstOrThrow({ where: { stageId: reco.id } });
  await db.stageSchedule.update({ where: { id: kept.id }, data: { ownerId: olga.id, lastRunAt: new Date("2026-11-01T03:00:00Z"), lastResult: "launched" } });
  const dropped = await db.stageSchedule.create({ data: { stageId: reco.id, cronExpression: "0 5 * * *", ownerId: olga.id } });
  const onGen = await db.stageSchedule.create({ data: { stageId: gen.id, cronExpression: "15 2 * * *", ownerId: olga.id, active: true } });
  const file = (await exportCampaign(noah, id)).text;
  // Drop reco's 0 5 schedule, make the kept one clear when done, add one on reco; leave gen out of the file.
  const edited = file
    .replace(/\n\[\[stages\]\]\nname = "gen"[\s\S]*?(?=\n\[\[stages\]\]\nname = "reco")/, "")
    .replace(/\n\[\[dependencies\]\][\s\S]*$/, "\n")
    .replace(/cron = "0 5 \* \* \*"\ntimeZone = "UTC"\nactive = true\nclearWhenDone = false/, 'cron = "30 1 * * *"\ntimeZone = "UTC"\nactive = true\nclearWhenDone = false')
    .replace(/(cron = "0 3 \* \* \*"\ntimeZone = "Europe\/Rome"\nactive = true\nclearWhenDone = )false/, "$1true");
  assert.notEqual(edited, file);
  const summary = await importCampaign(noah, edited, { mode: "update" });
  assert.deepEqual(summary.schedules, { added: 1, removed: 1, changed: 1, deactivated: 1 });
  const keptAfter = await db.stageSchedule.findUniqueOrThrow({ where: { id: kept.id } });
  assert.deepEqual([keptAfter.ownerId, keptAfter.clearWhenDone, keptAfter.lastResult], [olga.id, true, "launched"], "kept with its owner and history");
  assert.equal(await db.stageSchedule.count({ where: { id: dropped.id } }), 0);
  const genAfter = await db.stageSchedule.findUniqueOrThrow({ where: { id: onGen.id } });
  assert.deepEqual([genAfter.active, genAfter.nextRunAt], [false, null], "a left-out stage's schedule is deactivated, not deleted");
  const added = await db.stageSchedule.findFirstOrThrow({ where: { stageId: reco.id, cronExpression: "30 1 * * *" } });
  assert.equal(added.ownerId, noah.id);
  const events = await db.auditEvent.findMany({ where: { entityType: "CampaignStage", entityId: { in: [String(reco.id), String(gen.id)] }, action: { startsWith: "stage.schedule_" } }, orderBy: { id: "asc" } });
  const byAction = new Map(events.filter((e) => e.action !== "stage.schedule_added" || (e.data as { cron: string }).cron === "30 1 * * *").map((e) => [e.action, e.data as Record<string, unknown>]));
  assert.equal(byAction.get("stage.schedule_added")?.ownerId, noah.id);
  assert.deepEqual([byAction.get("stage.schedule_removed")?.cron, byAction.get("stage.schedule_removed")?.owner], ["0 5 * * *", olga.username]);
  assert.deepEqual(byAction.get("stage.schedule_changed")?.changes, { clearWhenDone: { from: false, to: true } });
  assert.equal(byAction.get("stage.schedule_changed")?.ownerId, olga.id);
  assert.deepEqual([byAction.get("stage.schedule_deactivated")?.cron, byAction.get("stage.schedule_deactivated")?.ownerId], ["15 2 * * *", olga.id]);
  for (const e of events) assert.equal(e.actorId, noah.id);
});

test("a new campaign imported inactive is created inactive, and its creation's audit says so", async () => {
  const { noah, text } = await sample(uniq());
  const summary = await importCampaign(noah, text.replace('description = "imported"', 'description = "imported"\nactive = false'), { mode: "new" });
  const row = await db.campaign.findUniqueOrThrow({ where: { id: summary.campaignId } });
  assert.deepEqual([row.active, row.version], [false, 1]);
  const created = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Campaign", entityId: String(row.id), action: "campaign.created" } });
  assert.equal((created.data as { active?: boolean }).active, false);
});

test("an import waits its turn behind a long lock on the campaign rather than failing at five seconds", async () => {
  const { noah, text } = await sample(uniq());
  const first = await importCampaign(noah, text, { mode: "new" });
  const file = (await exportCampaign(noah, first.campaignId)).text.replace('description = "imported"', 'description = "after the wait"');
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${first.campaignId} FOR UPDATE`;
      locked();
      await held;
    },
    { timeout: 20_000 },
  );
  await isLocked;
  const importing = importCampaign(noah, file, { mode: "update" });
  await new Promise((r) => setTimeout(r, 6_000));
  release();
  await holder;
  const summary = await importing;
  assert.equal(summary.campaignId, first.campaignId);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: first.campaignId } })).description, "after the wait");
});
