/**
 * The manager's overview as chart data: each bar with the list it stands for. Pure (types only from
 * the figures), so the links are unit-tested.
 */
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { OPEN_STATUSES, STATUS_LABEL } from "@/lib/tasks/lifecycle";
import type { ExperimentOpenWork } from "./figures";
import { taskListHref } from "./links";
import { AGEING_BUCKETS, addDays, ageingDates, shortDay } from "./periods";

export type Bars = { label: string; values: Record<string, number>; hrefs: Record<string, string> };

/** Open work of each experiment, one stack per experiment, one segment per open state. */
export function openWorkBars(experiments: ExperimentOpenWork[]): Bars[] {
  return experiments.map((e) => ({
    label: e.displayName,
    values: Object.fromEntries(OPEN_STATUSES.map((s) => [s, e.byState[s] ?? 0])),
    hrefs: Object.fromEntries(OPEN_STATUSES.map((s) => [s, taskListHref({ experiment: [e.name], state: [s] })])),
  }));
}

export const openTotal = (e: ExperimentOpenWork) => OPEN_STATUSES.reduce((n, s) => n + (e.byState[s] ?? 0), 0);

/** Work finished per week: a bar per week, leading to the tasks done (last changed) that week. */
export function throughputBars(weeks: { week: string; done: number }[]): Bars[] {
  return weeks.map(({ week, done }) => ({
    label: shortDay(week),
    values: { DONE: done },
    hrefs: { DONE: taskListHref({ state: ["DONE"], updatedFrom: week, updatedTo: addDays(week, 7) }) },
  }));
}

/** Open work by how long since it last changed. */
export function ageingBars(ageing: number[], today: string): Bars[] {
  return AGEING_BUCKETS.map((b, i) => ({
    label: b.label,
    values: { open: ageing[i] ?? 0 },
    hrefs: { open: taskListHref({ state: "open", ...ageingDates(today, b), sort: "updated", dir: "asc" }) },
  }));
}

/** A sentence for a screen reader: "NOvA 12 open (3 Requested, 2 In progress); DUNE 4 open (…)". */
export function describeOpenWork(experiments: ExperimentOpenWork[]): string {
  const parts = experiments.map((e) => {
    const states = OPEN_STATUSES.filter((s) => (e.byState[s] ?? 0) > 0).map((s: TaskStatus) => `${e.byState[s]} ${STATUS_LABEL[s].toLowerCase()}`);
    return `${e.displayName}: ${openTotal(e)} open${states.length ? ` (${states.join(", ")})` : ""}`;
  });
  return `Open work by state in each experiment. ${parts.join("; ")}.`;
}

export function describeThroughput(weeks: { week: string; done: number }[]): string {
  const total = weeks.reduce((n, w) => n + w.done, 0);
  return `Work finished per week over the last ${weeks.length} weeks: ${total} in all. ${weeks.map((w) => `Week of ${shortDay(w.week)}: ${w.done}`).join("; ")}.`;
}

export function describeAgeing(ageing: number[]): string {
  return `Open work by time since its last change. ${AGEING_BUCKETS.map((b, i) => `${b.label}: ${ageing[i] ?? 0}`).join("; ")}.`;
}
