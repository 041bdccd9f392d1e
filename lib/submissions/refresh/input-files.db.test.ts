import { test } from "node:test";
import assert from "node:assert/strict";
import { db } from "@/lib/db";
import { jobReport } from "@/lib/batch/job-report";
import { applyReads } from "./apply";
import { freshStage, fakeLaunchedSubmission } from "@/lib/testing/campaign-fixtures";

async function withInputs(files: number) {
  const { stage, experiment } = await freshStage({ files });
  const sub = await fakeLaunchedSubmission(stage, experiment.id);
  await db.$executeRaw`
    INSERT INTO "SubmissionFile" ("submissionId", "fileId", "role", "status")
    SELECT ${sub.id}, df."fileId", 'INPUT', 'PENDING' FROM "DatasetFile" df JOIN "Dataset" d ON d.id = df."datasetId" WHERE d."name" = ${stage.inputDataset}`;
  const names = (await db.$queryRaw<{ name: string }[]>`SELECT f."name" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${sub.id} ORDER BY 1`).map((r) => r.name);
  return { sub, names };
}
const states = async (id: number) =>
  (await db.$queryRaw<{ name: string; status: string; detail: string }[]>`
    SELECT f."name", sf."status"::text AS status, sf."detail" FROM "SubmissionFile" sf JOIN "DataFile" f ON f.id = sf."fileId" WHERE sf."submissionId" = ${id} AND sf."role" = 'INPUT' ORDER BY 1`);

test("the jobs' per-file reports make inputs consumed or failed, in the refresh's write; a replay changes nothing; unreported inputs stay as they were", async () => {
  const { sub, names } = await withInputs(4);
  const [a, b, c, d] = names;
  const read = {
    submissionId: sub.id,
    snapshot: {
      kind: "jobs" as const,
      done: true,
      jobs: [
        jobReport("L.0", 0, "FAILED", { exitCode: 65, files: [{ name: a, consumed: true }, { name: b, consumed: false }] }),
        jobReport("L.1", 1, "FAILED", { exitCode: 137, files: [{ name: c, consumed: false }] }), // stopped at c: d never reported
      ],
    },
  };
  const r = await applyReads([read]);
  assert.equal(r.inputFilesChanged, 3);
  assert.deepEqual(await states(sub.id), [
    { name: a, status: "CONSUMED", detail: "Consumed by job L.0." },
    { name: b, status: "FAILED", detail: "Job L.0 failed on it." },
    { name: c, status: "FAILED", detail: "Job L.1 failed on it." },
    { name: d, status: "PENDING", detail: "" },
  ]);
  const again = await applyReads([read]);
  assert.equal(again.inputFilesChanged, 0);
  // A per-job read with no per-file report (Slurm, condor_q) leaves the inputs as they were.
  const bare = await applyReads([{ submissionId: sub.id, snapshot: { kind: "jobs", done: true, jobs: [jobReport("L.0", 0, "FAILED", { exitCode: 65 }), jobReport("L.1", 1, "FAILED", { exitCode: 137 })] } }]);
  assert.equal(bare.inputFilesChanged, 0);
  assert.equal((await states(sub.id))[0].status, "CONSUMED");
});
