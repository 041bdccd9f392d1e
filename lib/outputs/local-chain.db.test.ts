/**
 * End to end on the LOCAL backend: a real submission runs demo-job on its files; the refresh records consumed and
 * failed per file, the embedded dropbox declares the outputs with metadata, parentage and locations, and the
 * submission (completion type located) becomes Located by the rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { loadActor } from "@/lib/people/actor";
import { freshStage } from "@/lib/testing/campaign-fixtures";
import { launchStage } from "@/lib/launch/launch-stage";
import { pollBatch } from "@/lib/submissions/refresh/poll-batch";
import { readOutputs } from "@/lib/submissions/refresh/outputs";
import { locateCompleted } from "@/lib/submissions/refresh/locate";

test("a local submission's per-file results, declared outputs with locations and parentage, and Located by the rule", async () => {
  const exp = await db.experiment.findUniqueOrThrow({ where: { name: "nova" } });
  const prefix = `chain_${process.pid}_${Date.now()}`;
  const names = [`${prefix}_f0.root`, `${prefix}_f1_bad.root`, `${prefix}_f2.root`, `${prefix}_f3.root`];
  const ds = await db.dataset.create({ data: { experimentId: exp.id, name: prefix } });
  for (const [i, name] of names.entries()) {
    const f = await db.dataFile.create({
      data: { experimentId: exp.id, name, runNumber: 5000 + i, subrun: i, detector: "fd", stream: "numi", dataTier: "raw", startTime: new Date(`2026-11-0${i + 1}T00:00:00Z`), metadata: { "nova.hornpolarity": "fhc" } },
    });
    await db.datasetFile.create({ data: { datasetId: ds.id, fileId: f.id, position: i } });
  }
  // 3 of 4 inputs can be consumed: 75 % ≥ 70 % of the consumed ones once all three outputs are located.
  const { stage } = await freshStage({ dataset: prefix, split: "none", defaults: { batchBackend: "LOCAL", completionType: "LOCATED", completionPct: 70, softwareVersion: "v3.2.1" } });
  const noah = (await loadActor((await db.person.findUniqueOrThrow({ where: { username: "noah" } })).id))!;
  const out = await launchStage({ person: noah, trigger: "MANUAL" }, { stageId: stage.id, mode: "normal" });
  assert.equal(out.kind, "launched", JSON.stringify(out));
  if (out.kind !== "launched") return;
  const id = out.submissionId;

  const deadline = Date.now() + 90_000;
  let status = "NEW";
  while (Date.now() < deadline && status !== "LOCATED") {
    const now = new Date();
    await pollBatch(now);
    await readOutputs(now);
    await locateCompleted(now);
    status = (await db.submission.findUniqueOrThrow({ where: { id } })).status;
    if (status !== "LOCATED") await new Promise((r) => setTimeout(r, 500));
  }
  const sub = await db.submission.findUniqueOrThrow({ where: { id } });
  assert.equal(sub.status, "LOCATED");
  assert.equal(sub.locatedBy, "rule", "by the rule, not by time or a kick");
  assert.ok(sub.locatedAt);
  assert.equal(sub.wrappedUpAt, null, "recovery and dependents are the wrap-up's");

  const inputs = await db.$queryRaw<{ name: string; status: string }[]>`
    SELECT f."name", sf."status"::text AS status FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${id} AND sf."role" = 'INPUT' ORDER BY 1`;
  assert.deepEqual(inputs.map((i) => i.status), ["CONSUMED", "FAILED", "CONSUMED", "CONSUMED"]);

  const outputs = await db.$queryRaw<{ name: string; status: string; location: string | null; runNumber: number | null; detector: string | null; dataTier: string | null; metadata: Record<string, unknown>; parent: string }[]>`
    SELECT f."name", sf."status"::text AS status, f."location", f."runNumber", f."detector", f."dataTier", f."metadata", p."name" AS parent
      FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" JOIN "FileParentage" fp ON fp."childId" = f.id JOIN "DataFile" p ON p.id = fp."parentId"
     WHERE sf."submissionId" = ${id} AND sf."role" = 'OUTPUT' ORDER BY 1`;
  assert.deepEqual(outputs.map((o) => [o.name, o.status, o.parent]), [
    [`${prefix}_f0_out.root`, "LOCATED", names[0]],
    [`${prefix}_f2_out.root`, "LOCATED", names[2]],
    [`${prefix}_f3_out.root`, "LOCATED", names[3]],
  ]);
  for (const o of outputs) {
    assert.match(o.location ?? "", new RegExp(`/${sub.batchId}/output/${o.name}$`));
    assert.equal(o.detector, "fd");
    assert.equal(o.metadata["nova.hornpolarity"], "fhc", "metadata inherited from the parent");
    assert.equal(o.metadata["poms.submission_id"], id);
    assert.equal(o.metadata["poms.output"], true);
    assert.equal(o.dataTier, null, "an output is not raw like its input");
  }
  assert.deepEqual(outputs.map((o) => o.runNumber), [5000, 5002, 5003]);
  const transfers = await db.outputTransfer.findMany({ where: { submissionId: id }, orderBy: { fileName: "asc" } });
  assert.deepEqual(transfers.map((t) => t.state), ["LOCATED", "LOCATED", "LOCATED"]);
  const last = await db.submissionEvent.findFirstOrThrow({ where: { submissionId: id }, orderBy: { id: "desc" } });
  assert.equal(last.status, "LOCATED");
  assert.match(last.reason, /3 of 3 expected output files/);

  // Idempotent: another refresh changes nothing.
  const now = new Date();
  const again = await readOutputs(now);
  assert.equal(again.embedded.declared, 0);
  assert.equal((await locateCompleted(now)).located, 0);
  assert.equal(await db.submissionEvent.count({ where: { submissionId: id, status: "LOCATED" } }), 1);
});
