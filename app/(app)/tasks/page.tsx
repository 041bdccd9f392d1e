import Link from "next/link";
import { taskKey } from "@/lib/tasks/keys";
import { requirePerson } from "@/lib/auth/session";
import { approvalQueue, listTasks } from "@/lib/tasks/queries";
import { renderMarkdown } from "@/lib/tasks/markdown";
import { KIND_LABEL } from "@/lib/tasks/input";
import { PriorityBadge, TaskStatusBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";
import { DecisionButtons } from "@/components/tasks/task-actions";

export const metadata = { title: "Tasks" };

export default async function TasksPage() {
  const person = await requirePerson();
  const [mine, queue] = await Promise.all([listTasks(person, { requesterId: person.id }, { take: 100, skip: 0 }), approvalQueue(person)]);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Tasks</h1>
        <Link href="/tasks/new" className="btn btn-primary no-underline hover:no-underline">
          Request a task
        </Link>
      </div>

      {queue.length > 0 && (
        <section aria-labelledby="queue">
          <h2 id="queue" className="mb-2 text-lg font-semibold">
            Waiting for your decision <span className="muted text-sm font-normal">({queue.length}, highest priority and oldest first)</span>
          </h2>
          <ul className="space-y-3">
            {queue.map((t) => (
              <li key={t.id} className="card" data-testid={`queue-${t.id}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{t.experiment.name}</span>
                  <Link href={`/tasks/${t.id}`} className="font-semibold">
                    {t.title}
                  </Link>
                  <PriorityBadge priority={t.priority} />
                  <span className="muted text-xs">
                    {KIND_LABEL[t.kind]} · by {t.requester.name} · <RelativeTime date={t.createdAt} />
                  </span>
                </div>
                <dl className="mt-2 grid gap-x-4 text-sm sm:grid-cols-4">
                  <div><dt className="muted inline">Input: </dt><dd className="inline font-mono">{t.inputDataset || "—"}</dd></div>
                  <div><dt className="muted inline">Release: </dt><dd className="inline font-mono">{t.softwareVersion || "—"}</dd></div>
                  <div><dt className="muted inline">Files: </dt><dd className="inline">{t.estimatedFiles?.toLocaleString("en") ?? "—"}</dd></div>
                  <div><dt className="muted inline">Needed by: </dt><dd className="inline">{t.neededBy?.toISOString().slice(0, 10) ?? "—"}</dd></div>
                </dl>
                {t.description && <div className="prose-task mt-2 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(t.description) }} />}
                <DecisionButtons taskId={t.id} version={t.version} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="mine">
        <h2 id="mine" className="mb-2 text-lg font-semibold">
          My requests
        </h2>
        {mine.items.length === 0 ? (
          <p className="card muted">You have not requested anything yet.</p>
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">My requests</caption>
              <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/50">
                <tr>
                  <th scope="col" className="px-3 py-2">Request</th>
                  <th scope="col" className="px-3 py-2">Experiment</th>
                  <th scope="col" className="px-3 py-2">Priority</th>
                  <th scope="col" className="px-3 py-2">State</th>
                  <th scope="col" className="px-3 py-2">Assignee</th>
                  <th scope="col" className="px-3 py-2">Updated</th>
                </tr>
              </thead>
              <tbody>
                {mine.items.map((t) => (
                  <tr key={t.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid={`my-task-${t.id}`}>
                    <td className="px-3 py-2"><span className="mr-2 font-mono text-xs">{taskKey(t.experiment.name, t.number)}</span><Link href={`/tasks/${t.id}`}>{t.title}</Link></td>
                    <td className="px-3 py-2 font-mono text-xs">{t.experiment.name}</td>
                    <td className="px-3 py-2"><PriorityBadge priority={t.priority} /></td>
                    <td className="px-3 py-2"><TaskStatusBadge status={t.status} /></td>
                    <td className="px-3 py-2">{t.assignee?.name ?? "—"}</td>
                    <td className="px-3 py-2 muted"><RelativeTime date={t.updatedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
