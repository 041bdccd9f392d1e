import Link from "next/link";
import type { ReactNode } from "react";
import type { PostMortemSummary } from "@/lib/services/post-mortem";
import type { FailureBreakdown } from "@/lib/services/failure-groups";
import type { Wire } from "@/lib/http/wire";
import { At } from "@/components/runs/ago";

const when = (d: string | null) => (d ? `${d.replace("T", " ").slice(0, 16)} UTC` : "still open");

/**
 * The submission page's post-mortem: which needed services its failed jobs met down, and its stage's failures grouped
 * by exit code × hold reason × site over the submission's life, with the incidents and outages of that period beside
 * them, each linked to its service's page.
 */
export function FailuresPanel({ summary, breakdown, stageName }: { summary: Wire<PostMortemSummary>; breakdown: Wire<FailureBreakdown> | null; stageName: string }) {
  const explained = summary.services.filter((s) => s.downAtFailure > 0);
  return (
    <section className="card space-y-3" aria-labelledby="post-mortem" data-testid="post-mortem">
      <h2 id="post-mortem" className="text-lg font-semibold">Failures and the services</h2>
      {summary.failedJobs === 0 ? (
        <p className="muted text-sm">No job of this submission has failed.</p>
      ) : summary.services.length === 0 ? (
        <p className="muted text-sm">
          {summary.failedJobs} job{summary.failedJobs === 1 ? "" : "s"} failed. The stage needs no services, so none is compared with the failures; choose them in the stage configuration.
        </p>
      ) : (
        <div className="space-y-1 text-sm" data-testid="post-mortem-summary">
          <p>
            {summary.failedJobs} job{summary.failedJobs === 1 ? "" : "s"} failed.{" "}
            {explained.length
              ? `A needed service was down when ${explained.length === 1 ? "it" : "they"} started or ended:`
              : "Every needed service was up when they started and ended."}
          </p>
          <ul className="space-y-1">
            {summary.services.map((s) => (
              <li key={s.serviceId} className={s.downAtFailure ? "text-red-800 dark:text-red-300" : ""} data-testid="post-mortem-service">
                <span aria-hidden="true">{s.downAtFailure ? "✕ " : s.degradedAtFailure ? "◐ " : "● "}</span>
                <Link href={`/services/${s.serviceId}`} className="underline">{s.name}</Link>:{" "}
                {s.downAtFailure ? `down for ${s.downAtFailure} of them` : "up for all of them"}
                {s.degradedAtFailure ? `, degraded for ${s.degradedAtFailure}` : ""}
                {s.downtimes.length > 0 && (
                  <span className="muted">
                    {" "}({s.downtimes.map((d) => `${d.kind === "SCHEDULED" ? "maintenance" : "outage"} ${when(d.startsAt)} → ${when(d.endsAt)}${d.title ? `: ${d.title}` : ""}`).join("; ")})
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {breakdown && <FailureBreakdownView breakdown={breakdown} title={<>Failures of {stageName} from <At at={breakdown.window.from} /> to <At at={breakdown.window.to} /></>} />}
    </section>
  );
}

/** Failed jobs grouped by exit code × hold reason × site, with the incidents and outages of the same period beside. */
export function FailureBreakdownView({ breakdown, title }: { breakdown: Wire<FailureBreakdown>; title: ReactNode }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="space-y-1">
        <h3 className="font-semibold">{title}</h3>
        {breakdown.groups.length === 0 ? (
          <p className="muted text-sm">No failed jobs counted in this period.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="failure-groups">
              <caption className="sr-only">Failed jobs grouped by exit code, hold reason and site; {breakdown.total} in all</caption>
              <thead className="border-b border-slate-200 dark:border-slate-700">
                <tr>
                  <th scope="col" className="py-1 pr-3 text-right">Jobs</th>
                  <th scope="col" className="py-1 pr-3 text-right">Exit</th>
                  <th scope="col" className="py-1 pr-3">Hold reason</th>
                  <th scope="col" className="py-1">Site</th>
                </tr>
              </thead>
              <tbody>
                {breakdown.groups.map((g) => (
                  <tr key={`${g.exitCode}|${g.holdReason}|${g.site}`} className="border-b border-slate-100 dark:border-slate-800">
                    <td className="py-1 pr-3 text-right tabular-nums font-semibold">{g.jobs}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{g.exitCode ?? "—"}</td>
                    <td className="py-1 pr-3 text-xs">{g.holdReason ?? "—"}</td>
                    <td className="py-1 text-xs">{g.site ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="space-y-1" data-testid="failure-period-services">
        <h3 className="font-semibold">Service incidents and outages of the same period</h3>
        {breakdown.incidents.length === 0 && breakdown.downtimes.length === 0 ? (
          <p className="muted text-sm">No incident or outage of any service in this period.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {breakdown.incidents.map((i) => (
              <li key={`i${i.id}`}>
                <span className="font-medium">Incident: {i.title}</span> <span className="muted">({i.status.toLowerCase()}, {when(i.startedAt)} → {when(i.resolvedAt)})</span>{" "}
                {i.services.map((s, n) => (
                  <span key={s.id}>
                    {n ? ", " : ""}
                    <Link href={`/services/${s.id}`} className={`underline ${s.needed ? "font-semibold" : ""}`}>{s.name}</Link>
                  </span>
                ))}
              </li>
            ))}
            {breakdown.downtimes.map((d) => (
              <li key={`d${d.id}`} className={d.needed ? "text-red-800 dark:text-red-300" : ""}>
                Outage of <Link href={`/services/${d.serviceId}`} className="underline">{d.service}</Link>
                {d.needed && " (needed)"}: {when(d.startsAt)} → {when(d.endsAt)}
                {d.title ? ` — ${d.title}` : ""}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
