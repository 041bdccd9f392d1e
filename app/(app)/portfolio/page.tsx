import Link from "next/link";
import { requirePerson } from "@/lib/auth/session";
import { readForPage } from "@/lib/http/page-read";
import { portfolio } from "@/lib/charts/portfolio";
import { HEALTHS, HEALTH_LABEL, parsePortfolioQuery, portfolioHref, SORT_LABEL, type Health, type PortfolioQuery, type PortfolioSort } from "@/lib/charts/portfolio-rules";
import { Refused } from "@/components/ui/refused";
import { Sparkline } from "@/components/charts/sparkline";

export const metadata = { title: "Portfolio" };

const fmtDay = (t: number | null) => (t === null ? "—" : new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }));
const fmtNum = (n: number) => n.toLocaleString("en-US");
const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 1000) / 10} %`);

/** Colour with meaning, always with the words beside it. */
const HEALTH_STYLE: Record<Health, string> = {
  late: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  stalled: "bg-orange-50 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-200 dark:ring-orange-800",
  "at-risk": "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  "on-track": "bg-green-50 text-green-800 ring-green-300 dark:bg-green-950 dark:text-green-200 dark:ring-green-800",
  finished: "bg-blue-50 text-blue-800 ring-blue-300 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800",
  "no-forecast": "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-600",
};
const HEALTH_MARK: Record<Health, string> = { late: "▲", stalled: "■", "at-risk": "◆", "on-track": "●", finished: "✓", "no-forecast": "○" };

function SortHeader({ query, sort, children, className = "" }: { query: PortfolioQuery; sort: PortfolioSort; children: React.ReactNode; className?: string }) {
  const active = query.sort === sort;
  const defaultDir = sort === "lateness" ? "desc" : "asc";
  const nextDir = active ? (query.dir === "asc" ? "desc" : "asc") : defaultDir;
  return (
    <th scope="col" className={`px-2 py-2 ${className}`} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={portfolioHref(query, "/portfolio", { sort, dir: nextDir, page: 1 })} className="underline" data-testid={`sort-${sort}`}>
        {children}
        {active && <span aria-hidden="true">{query.dir === "asc" ? " ↑" : " ↓"}</span>}
      </Link>
    </th>
  );
}

export default async function PortfolioPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const person = await requirePerson();
  const query = parsePortfolioQuery(await searchParams);
  const read = await readForPage(() => portfolio(person, query));
  if (!read.ok) return <Refused title="Portfolio" message={read.message} />;
  const p = read.value;
  const exportQuery = portfolioHref({ ...query, page: 1 }, "").replace(/^\?/, "");
  const csvHref = `/api/v1/portfolio?${exportQuery ? `${exportQuery}&` : ""}format=csv`;
  const jsonHref = `/api/v1/portfolio${exportQuery ? `?${exportQuery}` : ""}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-2xl font-bold">Portfolio</h1>
          <p className="muted text-sm">Every campaign you may see, across experiments: how far it is, when it will finish, and whether it will make its task&apos;s needed-by date.</p>
        </div>
        <div className="flex gap-2">
          <a href={csvHref} download className="btn no-underline hover:no-underline" data-testid="portfolio-csv">Export CSV</a>
          <a href={jsonHref} className="btn no-underline hover:no-underline" data-testid="portfolio-json">JSON</a>
        </div>
      </div>

      <form method="get" action="/portfolio" className="card flex flex-wrap items-end gap-3" aria-label="Filter campaigns">
        {query.sort !== "risk" && <input type="hidden" name="sort" value={query.sort} />}
        <label className="text-sm">
          <span className="label">Experiment</span>
          <select name="experiment" defaultValue={query.experiment ?? ""} className="field" data-testid="filter-experiment">
            <option value="">All experiments</option>
            {p.experiments.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="label">Health</span>
          <select name="health" defaultValue={query.health ?? ""} className="field" data-testid="filter-health">
            <option value="">Any</option>
            {HEALTHS.map((h) => <option key={h} value={h}>{HEALTH_LABEL[h]}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="label">Search</span>
          <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Campaign or task key" className="field" data-testid="filter-q" />
        </label>
        <button type="submit" className="btn btn-primary">Filter</button>
        {(query.experiment || query.health || query.q) && <Link href="/portfolio" className="text-sm">Clear filters</Link>}
      </form>

      <section className="card" aria-labelledby="totals-title">
        <h2 id="totals-title" className="font-semibold">By experiment</h2>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm" data-testid="experiment-totals">
            <thead className="border-b border-slate-200 dark:border-slate-700">
              <tr>
                <th scope="col" className="py-1 pr-3">Experiment</th>
                <th scope="col" className="py-1 pr-3 text-right">Campaigns</th>
                <th scope="col" className="py-1 pr-3 text-right">Files done</th>
                <th scope="col" className="py-1 pr-3 text-right">Progress</th>
                <th scope="col" className="py-1 pr-3 text-right">Will miss their date</th>
                <th scope="col" className="py-1 pr-3 text-right">Stalled</th>
                <th scope="col" className="py-1 text-right">Finished</th>
              </tr>
            </thead>
            <tbody>
              {p.totals.map((t) => (
                <tr key={t.experiment} className="border-b border-slate-100 dark:border-slate-800">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    <Link href={portfolioHref(query, "/portfolio", { experiment: t.experiment, page: 1 })} className="underline">{t.experiment}</Link>
                  </th>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.campaigns}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{fmtNum(t.filesDone)} of {fmtNum(t.filesTotal)}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.filesTotal ? pct(t.filesDone / t.filesTotal) : "—"}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.late}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">{t.stalled}</td>
                  <td className="py-1 text-right tabular-nums">{t.finished}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card space-y-2" aria-labelledby="campaigns-title">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="campaigns-title" className="font-semibold">Campaigns</h2>
          <p className="muted text-sm" data-testid="portfolio-count">
            {p.matching} campaign{p.matching === 1 ? "" : "s"} · sorted by {SORT_LABEL[query.sort].toLowerCase()}
            {query.sort !== "risk" && <> · <Link href={portfolioHref(query, "/portfolio", { sort: "risk", dir: "asc", page: 1 })}>missing their date first</Link></>}
          </p>
        </div>
        {p.rows.length === 0 ? (
          <p className="text-sm">No campaign matches these filters.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="portfolio-table">
              <caption className="sr-only">Campaigns with progress, forecast, health and the last 14 days of throughput</caption>
              <thead className="border-b border-slate-200 dark:border-slate-700">
                <tr>
                  <SortHeader query={query} sort="name">Campaign</SortHeader>
                  <th scope="col" className="px-2 py-2">Health</th>
                  <SortHeader query={query} sort="progress">Progress</SortHeader>
                  <SortHeader query={query} sort="forecast">Forecast</SortHeader>
                  <th scope="col" className="px-2 py-2">Needed by</th>
                  <SortHeader query={query} sort="lateness" className="text-right">Days late</SortHeader>
                  <th scope="col" className="px-2 py-2 text-right">Failed jobs, 7 days</th>
                  <th scope="col" className="px-2 py-2">Files done per day, 14 days</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="portfolio-row" data-campaign={r.name} data-health={r.health}>
                    <th scope="row" className="px-2 py-2 font-normal">
                      <Link href={`/campaigns/${r.id}`} className="font-medium underline">{r.name}</Link>
                      <div className="muted font-mono text-xs">{r.experiment}{!r.active && " · inactive"}</div>
                    </th>
                    <td className="px-2 py-2">
                      <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${HEALTH_STYLE[r.health]}`} data-testid="health">
                        <span aria-hidden="true">{HEALTH_MARK[r.health]}</span>
                        {HEALTH_LABEL[r.health]}
                      </span>
                      {r.health !== "late" && r.willMiss && <div className="text-xs text-red-800 dark:text-red-300">will miss its date</div>}
                    </td>
                    <td className="px-2 py-2 tabular-nums">
                      <div>{pct(r.progress)}</div>
                      <div className="muted text-xs">{fmtNum(r.filesDone)} of {fmtNum(r.filesTotal)}</div>
                    </td>
                    <td className="px-2 py-2" data-testid="forecast-cell">
                      {r.state === "ON_TRACK" && r.medianAt !== null ? (
                        <>
                          <div className="whitespace-nowrap">{fmtDay(r.medianAt)}</div>
                          <div className="muted whitespace-nowrap text-xs">85 %: {fmtDay(r.lowAt)} – {fmtDay(r.highAt)}</div>
                        </>
                      ) : (
                        <span className="muted">{r.state === "FINISHED" ? "finished" : r.state === "STALLED" ? "no forecast (stalled)" : "no forecast yet"}</span>
                      )}
                    </td>
                    <td className="px-2 py-2 whitespace-nowrap">
                      {r.neededBy ? (
                        <>
                          <div>{fmtDay(Date.parse(`${r.neededBy}T00:00:00Z`))}</div>
                          {r.neededByTask && <Link href={`/tasks/${r.neededByTask}`} className="font-mono text-xs underline">{r.neededByTask}</Link>}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="px-2 py-2 text-right tabular-nums">{r.daysLate === null ? "—" : r.daysLate > 0 ? `${r.daysLate} late` : `${-r.daysLate} to spare`}</td>
                    <td className="px-2 py-2 text-right tabular-nums">{pct(r.failureShare)}</td>
                    <td className="px-2 py-2">
                      <Sparkline values={r.sparkline} days={p.sparklineDays} label={r.name} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.pages > 1 && (
          <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
            {p.page > 1 && <Link href={portfolioHref(query, "/portfolio", { page: p.page - 1 })}>Previous</Link>}
            <span>Page {p.page} of {p.pages}</span>
            {p.page < p.pages && <Link href={portfolioHref(query, "/portfolio", { page: p.page + 1 })}>Next</Link>}
          </nav>
        )}
      </section>
    </div>
  );
}
