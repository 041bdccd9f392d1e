import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { batchSystem, localBatchAllowed, localSpoolRoot } from "./registry";

test("the local backend launches only when enabled or off production", () => {
  assert.equal(localBatchAllowed({ NODE_ENV: "production" }), false);
  assert.equal(localBatchAllowed({ NODE_ENV: "production", POMS_LOCAL_BATCH: "0" }), false);
  assert.equal(localBatchAllowed({ NODE_ENV: "production", POMS_LOCAL_BATCH: "1" }), true);
  assert.equal(localBatchAllowed({ NODE_ENV: "development" }), true);
  assert.equal(localBatchAllowed({ NODE_ENV: "test" }), true);
});

test("the spool is under the data folder; one system per kind", () => {
  assert.equal(localSpoolRoot({ POMS_DATA_DIR: "/srv/poms" }), "/srv/poms/batch");
  assert.equal(localSpoolRoot({}), path.join(process.cwd(), ".data", "batch"));
  assert.equal(batchSystem("LOCAL").kind, "LOCAL");
  assert.equal(batchSystem("SLURM").kind, "SLURM");
  assert.equal(batchSystem("JOBSUB").kind, "JOBSUB");
  assert.equal(batchSystem("SLURM"), batchSystem("SLURM"));
});
