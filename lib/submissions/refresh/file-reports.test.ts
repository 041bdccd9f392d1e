import { test } from "node:test";
import assert from "node:assert/strict";
import { jobReport } from "@/lib/batch/job-report";
import type { JobReport } from "@/lib/batch/types";
import { fileReports } from "./input-files";

const read = (jobs: JobReport[]) => [{ submissionId: 1, snapshot: { kind: "jobs" as const, done: false, jobs } }];

test("per-file reports name the same job whatever order the batch system lists the jobs in: consumed first, then the lowest job id", () => {
  const a = jobReport("J.7", 0, "COMPLETED", { files: [{ name: "x", consumed: true }, { name: "y", consumed: false }] });
  const b = jobReport("J.3", 1, "COMPLETED", { files: [{ name: "x", consumed: true }, { name: "y", consumed: false }] });
  const c = jobReport("J.5", 2, "FAILED", { files: [{ name: "x", consumed: false }] });
  const expected = [
    { submissionId: 1, name: "x", consumed: true, job: "J.3" },
    { submissionId: 1, name: "y", consumed: false, job: "J.3" },
  ];
  for (const order of [[a, b, c], [b, a, c], [c, a, b], [c, b, a]]) assert.deepEqual(fileReports(read(order)), expected);
});
