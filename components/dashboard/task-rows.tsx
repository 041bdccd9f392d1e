import Link from "next/link";
import type { DashboardRow } from "@/lib/dashboard/rows";
import { taskHref } from "@/lib/dashboard/links";
import { PriorityBadge, TaskStatusBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";

/** A short list of tasks, each row a link to the task; "all" leads to the whole filtered list. */
export function TaskRows({ rows, empty, all, allLabel, testId, now, when = "updated" }: { rows: DashboardRow[]; empty: string; all?: string; allLabel?: string; testId: string; now: Date; when?: "updated" | "created" }) {
  return (
    <div data-testid={testId}>
      {rows.length === 0 ? (
        <p className="muted text-sm">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {rows.map((t) => (
            <li key={t.id}>
              <Link href={taskHref(t.key)} className="flex flex-wrap items-center gap-x-2 gap-y-1 rounded py-2 text-slate-900 no-underline hover:bg-slate-50 hover:no-underline dark:text-slate-100 dark:hover:bg-slate-800" data-testid="task-row">
                <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{t.key}</span>
                <span className="min-w-0 flex-1 basis-40 truncate font-medium">{t.title}</span>
                <PriorityBadge priority={t.priority} />
                <TaskStatusBadge status={t.status} />
                <span className="muted text-xs">
                  {when === "created" ? "asked " : ""}
                  <RelativeTime date={when === "created" ? t.createdAt : t.updatedAt} now={now} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {all && (
        <p className="mt-2 text-sm">
          <Link href={all}>{allLabel ?? "All of them"}</Link>
        </p>
      )}
    </div>
  );
}
