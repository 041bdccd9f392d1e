// Test fixture of local.test.ts: submits a local batch from a separate process, prints its batch id, then waits to be
// killed (SIGKILL) by the test while its jobs run — the server dying mid-run.
import { localBatchSystem } from "./local";

const [root, jobCount] = process.argv.slice(2);
const batch = localBatchSystem({ root, slots: 2, allowed: true });
const r = await batch.submit({
  submissionId: 77,
  stageId: 7,
  campaignId: 3,
  experiment: "nova",
  isTest: false,
  // Some CPU and about 100 MB of memory (a 50 MB shell variable), so the wrapper has something to measure.
  command: 'demo-job.sh --memory 2000MB && x=$(head -c 50000000 /dev/zero | tr "\\0" a) && for i in $(seq 200000); do :; done',
  setup: "",
  login: { host: "localhost", account: "poms" },
  vomsRole: "Analysis",
  jobs: Array.from({ length: Number(jobCount) }, (_, i) => [`in${i}_a.root`, `in${i}_b.root`]),
  env: { POMS4_SUBMISSION_ID: "77", POMS4_CAMPAIGN_STAGE_ID: "7", POMS4_CAMPAIGN_ID: "3", POMS4_TEST_LAUNCH: "false" },
});
console.log(JSON.stringify(r));
setInterval(() => {}, 1000);
