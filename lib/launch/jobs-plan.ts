/**
 * How a slice becomes a job array: files per job from the job type (null: one file per job), capped by the
 * stage's maximum number of jobs (the files are then spread evenly over that many jobs). A generator stage
 * (no input files) runs `maxJobs` jobs (default 1) with empty input lists. Pure.
 */
export const MAX_JOBS_PER_SUBMISSION = 10_000;

export function planJobs(files: readonly string[], filesPerJob: number | null, maxJobs: number | null): string[][] {
  const cap = Math.min(maxJobs ?? MAX_JOBS_PER_SUBMISSION, MAX_JOBS_PER_SUBMISSION);
  if (files.length === 0) return Array.from({ length: Math.max(1, Math.min(maxJobs ?? 1, MAX_JOBS_PER_SUBMISSION)) }, () => []);
  const per = Math.max(1, filesPerJob ?? 1);
  let jobs = Math.ceil(files.length / per);
  if (jobs > cap) jobs = cap;
  const out: string[][] = Array.from({ length: jobs }, () => []);
  // Contiguous runs of files, as even as possible: the first (files % jobs) jobs take one more.
  const base = Math.floor(files.length / jobs);
  const extra = files.length % jobs;
  let at = 0;
  for (let j = 0; j < jobs; j++) {
    const n = base + (j < extra ? 1 : 0);
    out[j] = files.slice(at, at + n);
    at += n;
  }
  return out;
}
