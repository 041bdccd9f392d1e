import { test } from "node:test";
import assert from "node:assert/strict";
import { inheritedShown } from "./labels";

test("inherit choices show the campaign's default, or say the installation's is used", () => {
  const shown = inheritedShown({ softwareVersion: "v3.2.1", batchBackend: "SLURM", completionPct: 90 });
  assert.equal(shown.softwareVersion, "v3.2.1");
  assert.equal(shown.batchBackend, "Slurm");
  assert.equal(shown.completionPct, "90 %");
  assert.equal(shown.vomsRole, "not set: Analysis by default");
  assert.equal(inheritedShown({}).batchBackend, "not set: jobsub (HTCondor) by default");
  assert.equal(inheritedShown({}).softwareVersion, "not set");
});
