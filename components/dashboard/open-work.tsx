import Link from "next/link";
import type { ExperimentOpenWork } from "@/lib/dashboard/figures";
import { taskListHref } from "@/lib/dashboard/links";
import { openTotal } from "@/lib/dashboard/overview";
import { OPEN_STATUSES, STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { STATE_COLOUR } from "./palette";

/** An experiment's open work as one link per state (and overdue), wrapping on narrow screens. */
export function OpenWorkByState({ experiment }: { experiment: ExperimentOpenWork }) {
  const e = experiment;
  return (
    <div data-testid={`open-work-${e.name}`}>
      <h3 className="font-semibold">
        <Link href={taskListHref({ experiment: [e.name], state: "open" })}>
          Open work in {e.displayName}: <span data-testid="open-total">{openTotal(e)}</span>
        </Link>
      </h3>
      <ul className="mt-2 flex flex-wrap gap-2 text-sm">
        {OPEN_STATUSES.map((s) => (
          <li key={s}>
            <Link href={taskListHref({ experiment: [e.name], state: [s] })} className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 px-2.5 py-1 text-slate-800 no-underline hover:border-blue-500 hover:no-underline dark:border-slate-700 dark:text-slate-100" data-testid={`state-${s}`}>
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: STATE_COLOUR[s] }} />
              {STATUS_LABEL[s]} <span className="font-semibold tabular-nums">{e.byState[s] ?? 0}</span>
            </Link>
          </li>
        ))}
        <li>
          <Link href={taskListHref({ experiment: [e.name], overdue: true })} className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 no-underline hover:no-underline ${e.overdue > 0 ? "border-red-600 text-red-800 dark:border-red-400 dark:text-red-200" : "border-slate-200 text-slate-800 dark:border-slate-700 dark:text-slate-100"}`} data-testid="state-overdue">
            Overdue <span className="font-semibold tabular-nums">{e.overdue}</span>
          </Link>
        </li>
      </ul>
    </div>
  );
}
