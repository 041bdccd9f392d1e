import type { JobReport, JobStatus } from "./types";

/** A job report with nothing known but its id, index and state; `fields` adds what the batch system said. */
export function jobReport(batchJobId: string, taskIndex: number | null, status: JobStatus, fields: Partial<JobReport> = {}): JobReport {
  return {
    batchJobId,
    taskIndex,
    status,
    exitCode: null,
    holdReason: null,
    holdReasonCode: null,
    site: null,
    node: null,
    numStarts: 0,
    submittedAt: null,
    startedAt: null,
    endedAt: null,
    cpuSeconds: null,
    wallSeconds: null,
    memoryMb: null,
    outputPath: null,
    ...fields,
  };
}
