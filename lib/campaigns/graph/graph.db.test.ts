import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";
import { connectStages } from "../commands/connect-stages";
import { disconnectStages } from "../commands/disconnect-stages";
import { moveStages } from "../commands/move-stages";
import { editStage } from "../commands/edit-stage";
import { campaignGraph } from "./read-graph";
import { connectInput, moveInput } from "./input";

const actor = async (username: string) => (await loadActor((await db.person.findUniqueOrThrow({ where: { username } })).id))!;
const code = (c: string, re?: RegExp) => (e: unknown) => e instanceof DomainError && e.code === c && (!re || re.test(e.message));

async function twoStages() {
  const f = await freshStage();
  const ana = await db.campaignStage.create({ data: { campaignId: f.campaign.id, name: "ana", position: 1, jobTypeId: f.jobType.id, loginSetupId: f.login.id, cursor: { create: {} } } });
  return { ...f, reco: f.stage, ana };
}

test("connect, a duplicate refused as a conflict, a self-edge and a cycle allowed, disconnect; each audited on the consumer", async () => {
  const { campaign, reco, ana } = await twoStages();
  const noah = await actor("noah");
  await connectStages(noah, campaign.id, connectInput.parse({ fromStageId: reco.id, toStageId: ana.id, filePatterns: "%.root" }));
  await assert.rejects(connectStages(noah, campaign.id, connectInput.parse({ fromStageId: reco.id, toStageId: ana.id })), code("conflict", /reco already feeds ana/));
  await connectStages(noah, campaign.id, connectInput.parse({ fromStageId: ana.id, toStageId: reco.id }));
  await connectStages(noah, campaign.id, connectInput.parse({ fromStageId: reco.id, toStageId: reco.id }));
  const graph = await campaignGraph(noah, campaign.id);
  assert.deepEqual(graph.edges.map((e) => [e.fromStageId, e.toStageId, e.filePatterns]), [[reco.id, ana.id, "%.root"], [ana.id, reco.id, "%"], [reco.id, reco.id, "%"]]);
  // The consumer's version moved: a stage form opened before the edge is refused instead of dropping it.
  await assert.rejects(editStage(noah, ana.id, { version: ana.version, dependencies: [] }), code("stale", /dependencies/));
  await disconnectStages(noah, campaign.id, { fromStageId: reco.id, toStageId: ana.id });
  await assert.rejects(disconnectStages(noah, campaign.id, { fromStageId: reco.id, toStageId: ana.id }), code("not_found", /reco does not feed ana/));
  const audit = await db.auditEvent.findMany({ where: { entityType: "CampaignStage", entityId: { in: [String(reco.id), String(ana.id)] } }, orderBy: { id: "asc" } });
  assert.deepEqual(audit.map((a) => [a.action, a.entityId, a.actorId]), [
    ["stage.dependency_added", String(ana.id), noah.id],
    ["stage.dependency_added", String(reco.id), noah.id],
    ["stage.dependency_added", String(reco.id), noah.id],
    ["stage.dependency_removed", String(ana.id), noah.id],
  ]);
});

test("an edge to another campaign's stage is refused and writes nothing; people without campaign.modify cannot connect or move", async () => {
  const a = await twoStages();
  const b = await twoStages();
  const noah = await actor("noah");
  const before = await db.stageDependency.count();
  await assert.rejects(connectStages(noah, a.campaign.id, connectInput.parse({ fromStageId: a.reco.id, toStageId: b.ana.id })), code("invalid_input", /same campaign/));
  await assert.rejects(moveStages(noah, a.campaign.id, moveInput.parse({ positions: [{ stageId: a.reco.id, x: 10, y: 10 }, { stageId: b.reco.id, x: 20, y: 20 }] })), code("invalid_input", /nothing was moved/));
  assert.equal((await db.campaignStage.findUniqueOrThrow({ where: { id: a.reco.id } })).graphX, null, "all or nothing");
  assert.equal(await db.stageDependency.count(), before);
  const nadia = await actor("nadia"); // NOvA shifter: may act, not modify
  await assert.rejects(connectStages(nadia, a.campaign.id, connectInput.parse({ fromStageId: a.reco.id, toStageId: a.ana.id })), code("forbidden"));
  await assert.rejects(moveStages(nadia, a.campaign.id, moveInput.parse({ positions: [{ stageId: a.reco.id, x: 1, y: 1 }] })), code("forbidden"));
  const dev = await actor("dev"); // DUNE: does not see NOvA's campaign
  await assert.rejects(campaignGraph(dev, a.campaign.id), code("not_found"));
  assert.equal((await campaignGraph(nadia, a.campaign.id)).choices, null, "no template choices for a person who cannot add stages");
});

test("moves are saved in one statement without moving versions, audited; the graph counts submissions by state", async () => {
  const { campaign, reco, ana, experiment } = await twoStages();
  const noah = await actor("noah");
  assert.equal(await moveStages(noah, campaign.id, moveInput.parse({ positions: [{ stageId: reco.id, x: 40, y: 50 }, { stageId: ana.id, x: 400, y: 50 }] })), 2);
  const rows = await db.campaignStage.findMany({ where: { campaignId: campaign.id }, orderBy: { id: "asc" } });
  assert.deepEqual(rows.map((r) => [r.graphX, r.graphY, r.version]), [[40, 50, reco.version], [400, 50, ana.version]]);
  const ev = await db.auditEvent.findFirstOrThrow({ where: { entityType: "Campaign", entityId: String(campaign.id), action: "campaign.graph_moved" } });
  assert.equal(ev.actorId, noah.id);
  assert.deepEqual((ev.data as { positions: unknown[] }).positions, [{ stage: "reco", x: 40, y: 50 }, { stage: "ana", x: 400, y: 50 }]);
  await fakeLaunchedSubmission(reco, experiment.id, { status: "RUNNING" });
  await fakeLaunchedSubmission(reco, experiment.id, { status: "RUNNING" });
  await fakeLaunchedSubmission(reco, experiment.id, { status: "LOCATED" });
  await fakeLaunchedSubmission(reco, experiment.id, { status: "FAILED", isTest: true });
  const graph = await campaignGraph(noah, campaign.id);
  const node = graph.nodes.find((n) => n.id === reco.id)!;
  assert.deepEqual(node.byStatus, { RUNNING: 2, LOCATED: 1 });
  assert.equal(node.submissions, 3);
  assert.deepEqual(graph.nodes.find((n) => n.id === ana.id)!.byStatus, {});
  assert.ok(graph.choices!.jobTypes.length > 0 && graph.choices!.loginSetups.length > 0);
});

test("two connects into one stage at once cannot pass its 20 upstream stages", async () => {
  const noah = await actor("noah");
  for (let round = 0; round < 4; round++) {
    const { campaign, reco, jobType, login } = await twoStages();
    const producers = await db.campaignStage.createManyAndReturn({
      data: Array.from({ length: 21 }, (_, i) => ({ campaignId: campaign.id, name: `p${i}`, position: 2 + i, jobTypeId: jobType.id, loginSetupId: login.id })),
      select: { id: true },
    });
    await db.stageDependency.createMany({ data: producers.slice(0, 19).map((p) => ({ fromStageId: p.id, toStageId: reco.id, filePatterns: "%" })) });
    const results = await Promise.allSettled([19, 20].map((i) => connectStages(noah, campaign.id, connectInput.parse({ fromStageId: producers[i].id, toStageId: reco.id }))));
    assert.equal(await db.stageDependency.count({ where: { toStageId: reco.id } }), 20);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    assert.ok(code("invalid_input", /already has 20 upstream stages/)((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason));
    // The audit says the version the stage really reached.
    const after = await db.campaignStage.findUniqueOrThrow({ where: { id: reco.id } });
    const ev = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CampaignStage", entityId: String(reco.id), action: "stage.dependency_added" } });
    assert.equal((ev.data as { version: number }).version, after.version);
  }
});
