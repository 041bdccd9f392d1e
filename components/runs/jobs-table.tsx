"use client";

import Link from "next/link";
import useSWRInfinite from "swr/infinite";
import type { JobRow } from "@/lib/submissions/queries";
import type { Wire } from "@/lib/http/wire";
import { formatDuration, formatMemory, JOB_FILTER_LABEL, JOB_FILTERS, type JobFilter } from "@/lib/submissions/labels";
import { getJson } from "@/components/ui/api-client";
import { JobStatusBadge } from "@/components/ui/badges";
import { LIVE_MS } from "./live";
import { At } from "./ago";
import { JobServices } from "@/components/services/job-services";

type Page = { jobs: Wire<JobRow>[]; next: string | null };

/**
 * The submission's jobs, a page at a time ("Show more" reads the next page after the last job id), filtered by
 * state in the address (?jobs=failed), live like the rest of the page.
 */
export function JobsTable({ id, filter, initial }: { id: number; filter: JobFilter; initial: Page }) {
  const base = `/api/v1/submissions/${id}/jobs?state=${filter}`;
  const { data, error, size, setSize, isValidating } = useSWRInfinite<Page>(
    (index, previous: Page | null) => (index === 0 ? base : previous?.next ? `${base}&after=${previous.next}` : null),
    getJson<Page>,
    { fallbackData: [initial], refreshInterval: LIVE_MS, revalidateFirstPage: true, keepPreviousData: true },
  );
  const pages = data ?? [initial];
  const jobs = pages.flatMap((p) => p.jobs);
  const more = pages[pages.length - 1]?.next;
  return (
    <section className="card space-y-3" aria-labelledby="jobs">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="jobs" className="text-lg font-semibold">Jobs</h2>
        <nav aria-label="Filter jobs by state">
          <ul className="flex flex-wrap gap-1">
            {JOB_FILTERS.map((f) => (
              <li key={f}>
                <Link
                  href={f === "all" ? `/submissions/${id}` : `/submissions/${id}?jobs=${f}`}
                  scroll={false}
                  replace
                  aria-current={f === filter ? "page" : undefined}
                  className={`block rounded-md px-2 py-1 text-sm no-underline hover:no-underline ${f === filter ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800"}`}
                  data-testid={`jobs-filter-${f}`}
                >
                  {JOB_FILTER_LABEL[f]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-300">Not updated: {String(error.message)}</p>}
      {jobs.length === 0 ? (
        <p className="muted text-sm" data-testid="jobs-empty">{filter === "all" ? "No jobs recorded yet: the refresh records them as the batch system reports them." : `No ${JOB_FILTER_LABEL[filter].toLowerCase()} jobs.`}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="jobs-table">
            <caption className="sr-only">Jobs of submission {id}{filter === "all" ? "" : `, ${JOB_FILTER_LABEL[filter].toLowerCase()} only`}</caption>
            <thead className="border-b border-slate-200 dark:border-slate-700">
              <tr>
                <th scope="col" className="py-2 pr-3">Batch job</th>
                <th scope="col" className="py-2 pr-3">State</th>
                <th scope="col" className="py-2 pr-3 text-right">Exit</th>
                <th scope="col" className="py-2 pr-3">Hold reason</th>
                <th scope="col" className="py-2 pr-3">Site · node</th>
                <th scope="col" className="py-2 pr-3 text-right">Starts</th>
                <th scope="col" className="py-2 pr-3">Started</th>
                <th scope="col" className="py-2 pr-3">Ended</th>
                <th scope="col" className="py-2 pr-3 text-right">CPU</th>
                <th scope="col" className="py-2 pr-3 text-right">Wall</th>
                <th scope="col" className="py-2 pr-3 text-right">Memory</th>
                <th scope="col" className="py-2">Services at start → end</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="job-row">
                  <td className="py-1 pr-3 font-mono text-xs break-all">{j.batchJobId}</td>
                  <td className="py-1 pr-3"><JobStatusBadge status={j.status} exitCode={j.exitCode} /></td>
                  <td className={`py-1 pr-3 text-right tabular-nums ${j.exitCode ? "font-semibold text-red-700 dark:text-red-300" : ""}`}>{j.exitCode ?? "—"}</td>
                  <td className="py-1 pr-3 text-xs">{j.holdReason ?? "—"}</td>
                  <td className="py-1 pr-3 text-xs">{[j.site, j.node].filter(Boolean).join(" · ") || "—"}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{j.numStarts}</td>
                  <td className="py-1 pr-3 text-xs whitespace-nowrap"><At at={j.startedAt} /></td>
                  <td className="py-1 pr-3 text-xs whitespace-nowrap"><At at={j.endedAt} /></td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap">{formatDuration(j.cpuSeconds)}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap">{formatDuration(j.wallSeconds)}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap">{formatMemory(j.memoryMb)}</td>
                  <td className="py-1 text-xs"><JobServices services={j.services} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="flex items-center gap-2">
        {more && (
          <button type="button" className="btn" disabled={isValidating && size > pages.length} onClick={() => void setSize(size + 1)} data-testid="jobs-more">
            Show more jobs
          </button>
        )}
        <span className="muted text-xs" role="status" aria-live="polite">{jobs.length.toLocaleString("en")} job{jobs.length === 1 ? "" : "s"} shown{more ? "; more to read" : ""}</span>
      </div>
    </section>
  );
}
