import Link from "next/link";
import type { DashboardFigures } from "@/lib/dashboard/figures";
import { taskListHref } from "@/lib/dashboard/links";
import { ageingBars, describeAgeing, describeOpenWork, describeThroughput, openTotal, openWorkBars, throughputBars } from "@/lib/dashboard/overview";
import { AGEING_BUCKETS, STALE_DAYS, ageingDates, isoDate, shortDay } from "@/lib/dashboard/periods";
import { OPEN_STATUSES, STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { SmallBarChart } from "./bar-chart";
import { ChartCard } from "./chart-card";
import { FigureLink } from "./figure-link";
import { AGEING_COLOURS, DONE_COLOUR, STATE_COLOUR } from "./palette";

const th = "px-2 py-1 text-left font-semibold";
const td = "px-2 py-1 tabular-nums";

/** The read-only overview across experiments (managers, administrators): figures and three small charts. */
export function Overview({ figures, now }: { figures: DashboardFigures; now: Date }) {
  const today = isoDate(now);
  const open = figures.experiments.reduce((n, e) => n + openTotal(e), 0);
  const weeks = figures.throughput;
  const finished = weeks.reduce((n, w) => n + w.done, 0);
  return (
    <section aria-labelledby="overview" className="space-y-4" data-testid="overview">
      <h2 id="overview" className="text-lg font-semibold">
        Overview across experiments
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <FigureLink label="Open work" value={open} href={taskListHref({ state: "open" })} hint="Requested, approved or being worked" testId="stat-overview-open" />
        <FigureLink label="Overdue" value={figures.overdue} href={taskListHref({ overdue: true })} hint="Open and past the date it was needed by" testId="stat-overview-overdue" tone="alarm" />
        <FigureLink label={`No change for ${STALE_DAYS} days`} value={figures.stale} href={taskListHref({ stale: STALE_DAYS, state: "open" })} hint="Open work nobody has touched lately" testId="stat-overview-stale" tone="attention" />
        <FigureLink label={`Finished in ${weeks.length} weeks`} value={finished} href={taskListHref({ state: ["DONE"], updatedFrom: weeks[0].week })} hint={`Done since ${shortDay(weeks[0].week)}`} testId="stat-overview-done" tone="good" />
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <ChartCard
          id="chart-open-work"
          title="Open work by state and experiment"
          hint="Select a bar for the list."
          chart={<SmallBarChart testId="chart-open-work" description={describeOpenWork(figures.experiments)} categories={openWorkBars(figures.experiments)} series={OPEN_STATUSES.map((s) => ({ key: s, name: STATUS_LABEL[s], colour: STATE_COLOUR[s]! }))} height={260} />}
          table={
            <table className="w-full text-sm" data-testid="table-open-work">
              <thead>
                <tr>
                  <th className={th} scope="col">
                    Experiment
                  </th>
                  {OPEN_STATUSES.map((s) => (
                    <th key={s} className={th} scope="col">
                      {STATUS_LABEL[s]}
                    </th>
                  ))}
                  <th className={th} scope="col">
                    Overdue
                  </th>
                </tr>
              </thead>
              <tbody>
                {figures.experiments.map((e) => (
                  <tr key={e.id} className="border-t border-slate-200 dark:border-slate-800">
                    <th className={th} scope="row">
                      <Link href={taskListHref({ experiment: [e.name], state: "open" })}>{e.displayName}</Link>
                    </th>
                    {OPEN_STATUSES.map((s) => (
                      <td key={s} className={td}>
                        <Link href={taskListHref({ experiment: [e.name], state: [s] })}>{e.byState[s] ?? 0}</Link>
                      </td>
                    ))}
                    <td className={td}>
                      <Link href={taskListHref({ experiment: [e.name], overdue: true })}>{e.overdue}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartCard
          id="chart-throughput"
          title="Finished per week"
          hint={`Tasks done in each of the last ${weeks.length} weeks (Monday to Sunday).`}
          chart={<SmallBarChart testId="chart-throughput" description={describeThroughput(weeks)} categories={throughputBars(weeks)} series={[{ key: "DONE", name: "Done", colour: DONE_COLOUR }]} />}
          table={
            <table className="w-full text-sm" data-testid="table-throughput">
              <thead>
                <tr>
                  <th className={th} scope="col">
                    Week of
                  </th>
                  <th className={th} scope="col">
                    Done
                  </th>
                </tr>
              </thead>
              <tbody>
                {throughputBars(weeks).map((b, i) => (
                  <tr key={weeks[i].week} className="border-t border-slate-200 dark:border-slate-800">
                    <th className={th} scope="row">
                      {b.label}
                    </th>
                    <td className={td}>
                      <Link href={b.hrefs.DONE}>{b.values.DONE}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartCard
          id="chart-ageing"
          title="Open work by time since its last change"
          hint="Older work may be stuck."
          chart={<SmallBarChart testId="chart-ageing" description={describeAgeing(figures.ageing)} categories={ageingBars(figures.ageing, today)} series={[{ key: "open", name: "Open tasks", colour: AGEING_COLOURS[2] }]} colours={AGEING_COLOURS} />}
          table={
            <table className="w-full text-sm" data-testid="table-ageing">
              <thead>
                <tr>
                  <th className={th} scope="col">
                    Since its last change
                  </th>
                  <th className={th} scope="col">
                    Open tasks
                  </th>
                </tr>
              </thead>
              <tbody>
                {AGEING_BUCKETS.map((b, i) => (
                  <tr key={b.label} className="border-t border-slate-200 dark:border-slate-800">
                    <th className={th} scope="row">
                      {b.label}
                    </th>
                    <td className={td}>
                      <Link href={taskListHref({ state: "open", ...ageingDates(today, b), sort: "updated", dir: "asc" })}>{figures.ageing[i] ?? 0}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
    </section>
  );
}
