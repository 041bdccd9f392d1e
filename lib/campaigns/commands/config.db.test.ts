import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { createCampaignInput, createJobTypeInput, createLoginSetupInput, createStageInput, campaignFromTaskInput } from "../input";
import { effectiveStage } from "../effective";
import { createLoginSetup } from "./create-login-setup";
import { editLoginSetup } from "./edit-login-setup";
import { cloneLoginSetup } from "./clone-login-setup";
import { createJobType } from "./create-job-type";
import { editJobType } from "./edit-job-type";
import { setJobTypeActive } from "./set-job-type-active";
import { cloneJobType } from "./clone-job-type";
import { createCampaign } from "./create-campaign";
import { editCampaign } from "./edit-campaign";
import { cloneCampaign } from "./clone-campaign";
import { setCampaignsActive } from "./set-campaigns-active";
import { createStage } from "./create-stage";
import { editStage } from "./edit-stage";
import { cloneStage } from "./clone-stage";
import { createCampaignFromTask } from "./create-campaign-from-task";

const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;
const uniq = () => Math.random().toString(36).slice(2, 8);

async function novaSetup(suffix: string) {
  const noah = await actor("noah");
  const ls = await createLoginSetup(noah, createLoginSetupInput.parse({ experiment: "nova", name: `ls_${suffix}`, launchHost: "NovaGPVM02.fnal.gov ", launchAccount: "novapro", setupCommands: "source setup.sh" }));
  const jt = await createJobType(noah, createJobTypeInput.parse({ experiment: "nova", name: `jt_${suffix}`, launchScript: "fife_launch -c %(config)s", definitionParameters: [["--memory", "2000MB"]], outputFilePatterns: ["%.root"], recoveries: [{ recoveryType: "consumed_status" }, { recoveryType: "proj_status", paramOverrides: [["--memory", "4000MB"]] }] }));
  const campaign = await createCampaign(noah, createCampaignInput.parse({ experiment: "nova", name: `c_${suffix}`, defaults: { softwareVersion: "v3.2.1", completionPct: 90 }, keywords: [["config", "reco.fcl"]], tags: ["reco", "2026"] }));
  return { noah, ls, jt, campaign };
}

test("login/setups and job types are created normalised, with an audit event naming the actor", async () => {
  const { noah, ls, jt } = await novaSetup(uniq());
  assert.equal(ls.launchHost, "novagpvm02.fnal.gov");
  const recoveries = await db.jobTypeRecovery.findMany({ where: { jobTypeId: jt.id }, orderBy: { position: "asc" } });
  assert.deepEqual(recoveries.map((r) => [r.position, r.recoveryType, r.paramOverrides]), [[1, "consumed_status", []], [2, "proj_status", [["--memory", "4000MB"]]]]);
  const audit = await db.auditEvent.findMany({ where: { OR: [{ entityType: "LoginSetup", entityId: String(ls.id) }, { entityType: "JobType", entityId: String(jt.id) }] } });
  assert.deepEqual(audit.map((a) => [a.action, a.actorId]).sort(), [["job_type.created", noah.id], ["login_setup.created", noah.id]]);
});

test("a stale edit is refused, explained (who, what) and writes nothing", async () => {
  const { noah, ls } = await novaSetup(uniq());
  const nina = await actor("nina");
  await editLoginSetup(nina, ls.id, { version: 1, setupCommands: "source other.sh" });
  const before = await db.loginSetup.findUniqueOrThrow({ where: { id: ls.id } });
  const auditBefore = await db.auditEvent.count({ where: { entityType: "LoginSetup", entityId: String(ls.id) } });
  await assert.rejects(editLoginSetup(noah, ls.id, { version: 1, launchAccount: "novaana" }), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === "stale", String(e));
    assert.equal(e.status, 409);
    assert.match(e.message, /Nina Kowalski changed this login\/setup/);
    assert.match(e.message, /setup commands/);
    assert.deepEqual((e.details as { fields: string[] }).fields, ["setupCommands"]);
    return true;
  });
  assert.deepEqual(await db.loginSetup.findUniqueOrThrow({ where: { id: ls.id } }), before);
  assert.equal(await db.auditEvent.count({ where: { entityType: "LoginSetup", entityId: String(ls.id) } }), auditBefore);
  assert.equal(before.version, 2);
});

test("editing or deactivating a shared job type lists its campaigns and needs confirmation", async () => {
  const { noah, jt, ls, campaign } = await novaSetup(uniq());
  await createStage(noah, campaign.id, createStageInput.parse({ name: "reco", jobTypeId: jt.id, loginSetupId: ls.id }));
  await assert.rejects(editJobType(noah, jt.id, { version: 1, launchScript: "other" }), (e: unknown) => {
    assert.ok(e instanceof DomainError && e.code === "shared", String(e));
    assert.deepEqual((e.details as { campaigns: { name: string }[] }).campaigns.map((c) => c.name), [campaign.name]);
    assert.match(e.message, new RegExp(`changes 1 campaign that uses it: ${campaign.name}`));
    return true;
  });
  assert.equal((await db.jobType.findUniqueOrThrow({ where: { id: jt.id } })).launchScript, "fife_launch -c %(config)s");
  await assert.rejects(setJobTypeActive(noah, jt.id, { version: 1, active: false }), code("shared"));
  await editJobType(noah, jt.id, { version: 1, launchScript: "other", confirmShared: true });
  const after = await setJobTypeActive(noah, jt.id, { version: 2, active: false, confirmShared: true });
  assert.equal(after.active, false);
  assert.equal((await setJobTypeActive(noah, jt.id, { version: 3, active: true })).active, true, "reactivating changes no campaign: no confirmation");
  // A deactivated template cannot be chosen for a new stage.
  await setJobTypeActive(noah, jt.id, { version: 4, active: false, confirmShared: true });
  await assert.rejects(createStage(noah, campaign.id, createStageInput.parse({ name: "more", jobTypeId: jt.id, loginSetupId: ls.id })), /deactivated/);
  await assert.rejects(editLoginSetup(noah, ls.id, { version: 1, launchHost: "elsewhere.fnal.gov" }), code("shared"));
});

test("permission refusals: shifters, other experiments, analysis users on production campaigns", async () => {
  const { jt, campaign } = await novaSetup(uniq());
  const [nadia, dana, nora, ned] = [await actor("nadia"), await actor("dana"), await actor("nora"), await actor("ned")];
  await assert.rejects(createJobType(nadia, createJobTypeInput.parse({ experiment: "nova", name: `x_${uniq()}`, launchScript: "x" })), code("forbidden"));
  await assert.rejects(editJobType(dana, jt.id, { version: 1, name: "hijack" }), code("not_found"));
  await assert.rejects(editCampaign(nora, campaign.id, { version: 1, description: "mine now" }), code("forbidden"));
  // An analysis member makes and edits a personal campaign; another analysis member may not.
  const personal = await createCampaign(nora, createCampaignInput.parse({ experiment: "nova", name: `nora_${uniq()}` }));
  assert.equal(personal.creatorRole, "ANALYSIS");
  await editCampaign(nora, personal.id, { version: 1, description: "my study" });
  await assert.rejects(editCampaign(ned, personal.id, { version: 2, description: "not yours" }), code("forbidden"));
  await assert.rejects(createStage(nadia, campaign.id, createStageInput.parse({ name: "s", jobTypeId: jt.id, loginSetupId: 1 })), code("forbidden"));
  const c = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
  assert.equal(c.version, 1);
  assert.equal(c.description, "");
});

test("a stage's null fields inherit the campaign's defaults; a stale stage edit is refused", async () => {
  const { noah, jt, ls, campaign } = await novaSetup(uniq());
  const stage = await createStage(noah, campaign.id, createStageInput.parse({ name: "reco", jobTypeId: jt.id, loginSetupId: ls.id, vomsRole: "Production", splitType: "nfiles(10)" }));
  assert.equal(stage.softwareVersion, null);
  const eff = effectiveStage(stage, (await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).defaults);
  assert.equal(eff.softwareVersion, "v3.2.1");
  assert.equal(eff.inherited.softwareVersion, "campaign");
  assert.equal(eff.completionPct, 90);
  assert.equal(eff.vomsRole, "Production");
  const edited = await editStage(noah, stage.id, { version: 1, softwareVersion: "v3.3.0", completionPct: null });
  assert.equal(edited.softwareVersion, "v3.3.0");
  await assert.rejects(editStage(await actor("nina"), stage.id, { version: 1, maxJobs: 5 }), code("stale"));
  assert.equal((await db.campaignStage.findUniqueOrThrow({ where: { id: stage.id } })).maxJobs, null);
  // Dependencies must stay in the campaign; a self-edge is allowed.
  const other = await db.campaignStage.findFirstOrThrow({ where: { campaignId: { not: campaign.id } } });
  await assert.rejects(editStage(noah, stage.id, { version: 2, dependencies: [{ fromStageId: other.id, filePatterns: "%" }] }), /same campaign/);
  await editStage(noah, stage.id, { version: 2, dependencies: [{ fromStageId: stage.id, filePatterns: "%.root" }] });
  assert.equal(await db.stageDependency.count({ where: { toStageId: stage.id, fromStageId: stage.id } }), 1);
});

test("clones copy configuration under a new name", async () => {
  const { noah, jt, ls, campaign } = await novaSetup(uniq());
  const a = await createStage(noah, campaign.id, createStageInput.parse({ name: "gen", jobTypeId: jt.id, loginSetupId: ls.id }));
  await createStage(noah, campaign.id, createStageInput.parse({ name: "reco", jobTypeId: jt.id, loginSetupId: ls.id, dependencies: [{ fromStageId: a.id, filePatterns: "%.root" }] }));
  const copy = await cloneCampaign(noah, campaign.id, undefined);
  assert.equal(copy.name, `${campaign.name}_copy`);
  const stages = await db.campaignStage.findMany({ where: { campaignId: copy.id }, include: { upstream: { include: { fromStage: true } } }, orderBy: { position: "asc" } });
  assert.deepEqual(stages.map((s) => s.name), ["gen", "reco"]);
  assert.equal(stages[1].upstream[0].fromStage.campaignId, copy.id, "edges point inside the copy");
  assert.equal(await db.campaignTag.count({ where: { campaignId: copy.id } }), 2);
  assert.equal((await cloneCampaign(noah, campaign.id, undefined)).name, `${campaign.name}_copy2`);
  await assert.rejects(cloneCampaign(noah, campaign.id, campaign.name), /already exists/);
  const jt2 = await cloneJobType(noah, jt.id, undefined);
  assert.equal(await db.jobTypeRecovery.count({ where: { jobTypeId: jt2.id } }), 2);
  assert.equal((await cloneLoginSetup(noah, ls.id, "ls_clone_" + uniq())).launchAccount, "novapro");
  assert.equal((await cloneStage(noah, a.id, undefined)).name, "gen_copy");
});

test("bulk active/inactive answers per campaign and changes only what the person may", async () => {
  const { noah, campaign } = await novaSetup(uniq());
  const dune = await db.campaign.findFirstOrThrow({ where: { experiment: { name: "dune" } } });
  const results = await setCampaignsActive(noah, [campaign.id, dune.id, 2_000_000_000], false);
  assert.deepEqual(results.map((r) => r.ok), [true, false, false]);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).active, false);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: dune.id } })).active, dune.active);
  assert.equal((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).version, 2);
  assert.equal(await db.auditEvent.count({ where: { entityType: "Campaign", entityId: String(campaign.id), action: "campaign.deactivated", actorId: noah.id } }), 1);
});

test("a campaign from an approved task is linked to it with a task event; unapproved work is refused", async () => {
  const noah = await actor("noah");
  const nova = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const approved = await db.task.findFirstOrThrow({ where: { experimentId: nova.id, status: "APPROVED" } });
  const campaign = await createCampaignFromTask(noah, approved.id, campaignFromTaskInput.parse({}));
  assert.equal(campaign.name, `nova_nova_${approved.number}`);
  assert.ok(await db.taskCampaign.findUnique({ where: { taskId_campaignId: { taskId: approved.id, campaignId: campaign.id } } }));
  const ev = await db.taskEvent.findFirstOrThrow({ where: { taskId: approved.id, kind: "LINKED" }, orderBy: { id: "desc" } });
  assert.equal(ev.actorId, noah.id);
  const requested = await db.task.findFirstOrThrow({ where: { experimentId: nova.id, status: "REQUESTED" } });
  const before = await db.campaign.count();
  await assert.rejects(createCampaignFromTask(noah, requested.id, campaignFromTaskInput.parse({ name: `x_${uniq()}` })), code("invalid_transition"));
  await assert.rejects(createCampaignFromTask(await actor("nadia"), approved.id, campaignFromTaskInput.parse({ name: `y_${uniq()}` })), code("forbidden"));
  await assert.rejects(createCampaignFromTask(await actor("dana"), approved.id, campaignFromTaskInput.parse({ name: `z_${uniq()}` })), code("not_found"));
  assert.equal(await db.campaign.count(), before);
});
