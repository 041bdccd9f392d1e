import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePerson } from "@/lib/auth/session";
import { taskDetail } from "@/lib/tasks/queries";
import { renderMarkdown } from "@/lib/tasks/markdown";
import { KIND_LABEL } from "@/lib/tasks/input";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { formatCount, KIND_OPTIONS, PRIORITY_OPTIONS } from "@/lib/tasks/form-options";
import { DomainError } from "@/lib/errors";
import { parseTaskRef, taskKey } from "@/lib/tasks/keys";
import { taskHistory } from "@/lib/tasks/task-history";
import { PriorityBadge, TaskStatusBadge } from "@/components/ui/badges";
import { RelativeTime } from "@/components/ui/relative-time";
import { TaskForm } from "@/components/tasks/task-form";
import { AssignForm, CommentForm, LinkCampaignForm, TransitionButtons, type Move } from "@/components/tasks/task-actions";
import { ProgressBar } from "@/components/ui/progress-bar";
import { can } from "@/lib/people/policy";
import { CAMPAIGN_READY } from "@/lib/campaigns/commands/create-campaign-from-task";
import { editTaskAction } from "../actions";

export const metadata = { title: "Task" };

const ACTION_LABEL: Record<string, string> = {
  approve: "Approve", reject: "Reject", request_changes: "Ask for changes", resubmit: "Resubmit", withdraw: "Withdraw",
  assign: "Move to assigned", unassign: "Back to unassigned", start: "Start", stop: "Back to assigned", complete: "Mark done",
  hold: "Put on hold", resume: "Resume", cancel: "Cancel",
};

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const person = await requirePerson();
  const ref = parseTaskRef((await params).id);
  if (!ref) notFound();
  const detail = await taskDetail(person, ref).catch((e) => {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  });
  const { task, moves, parties, campaignProgress, campaignsOfExperiment, operators } = detail;
  const history = await taskHistory(task.events, [...operators, task.requester, ...(task.assignee ? [task.assignee] : [])]);
  const transitions: Move[] = moves
    .filter((m) => !(m.action === "resume" && m.to !== "IN_PROGRESS" && m.to !== "ASSIGNED" && m.to !== "APPROVED"))
    .map((m) => ({ to: m.to, label: m.action === "resume" ? `Resume as ${STATUS_LABEL[m.to].toLowerCase()}` : ACTION_LABEL[m.action], reasonRequired: m.reasonRequired, tone: m.action === "approve" || m.action === "complete" ? "primary" : m.action === "reject" || m.action === "cancel" || m.action === "withdraw" ? "danger" : undefined }));
  const editable = parties.includes("requester") && (task.status === "REQUESTED" || task.status === "CHANGES_REQUESTED");
  const isOpos = parties.includes("opos");
  const overdue = task.neededBy && task.neededBy < new Date() && !["DONE", "CANCELLED", "REJECTED"].includes(task.status);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/tasks" className="underline">Tasks</Link> / <span data-testid="task-key">{taskKey(task.experiment.name, task.number)}</span></nav>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{task.experiment.name}</span>
          <TaskStatusBadge status={task.status} />
          <PriorityBadge priority={task.priority} />
        </div>
        <h1 className="text-2xl font-bold" data-testid="task-title">{task.title}</h1>
        <p className="muted text-sm">
          {KIND_LABEL[task.kind]} · requested by {task.requester.name} <RelativeTime date={task.createdAt} />
          {task.assignee && <> · assigned to <strong data-testid="task-assignee">{task.assignee.name}</strong></>}
        </p>
        {task.decisionReason && (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
            {task.decider?.name ?? "Coordinator"}: {task.decisionReason}
          </p>
        )}
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className="card space-y-3" aria-labelledby="details">
            <h2 id="details" className="text-lg font-semibold">Request</h2>
            <dl className="grid gap-2 text-sm sm:grid-cols-2">
              <div><dt className="muted">Input dataset or query</dt><dd className="font-mono break-all">{task.inputDataset || "—"}</dd></div>
              <div><dt className="muted">Software version</dt><dd className="font-mono">{task.softwareVersion || "—"}</dd></div>
              <div><dt className="muted">Estimated files</dt><dd>{task.estimatedFiles?.toLocaleString("en") ?? "—"}</dd></div>
              <div><dt className="muted">Estimated events</dt><dd>{task.estimatedEvents ? Number(task.estimatedEvents).toLocaleString("en") : "—"}</dd></div>
              <div><dt className="muted">Needed by</dt><dd className={overdue ? "font-semibold text-red-700 dark:text-red-300" : ""}>{task.neededBy?.toISOString().slice(0, 10) ?? "—"}{overdue ? " (overdue)" : ""}</dd></div>
              <div><dt className="muted">Links</dt><dd>{task.links.length ? task.links.map((l) => <a key={l} href={l} rel="noopener noreferrer nofollow" className="block break-all">{l}</a>) : "—"}</dd></div>
            </dl>
            {task.description && <div className="prose-task border-t border-slate-200 pt-3 dark:border-slate-800" data-testid="task-description" dangerouslySetInnerHTML={{ __html: renderMarkdown(task.description) }} />}
          </section>

          {editable && (
            <details className="card" open={task.status === "CHANGES_REQUESTED"}>
              <summary className="cursor-pointer font-semibold">Edit request</summary>
              <div className="mt-3">
                <TaskForm
                  action={editTaskAction}
                  hidden={{ taskId: task.id, version: task.version }}
                  kinds={KIND_OPTIONS}
                  priorities={PRIORITY_OPTIONS}
                  submitLabel="Save changes"
                  values={{ title: task.title, kind: task.kind, description: task.description, inputDataset: task.inputDataset, softwareVersion: task.softwareVersion, estimatedFiles: formatCount(task.estimatedFiles), estimatedEvents: formatCount(task.estimatedEvents), priority: task.priority, neededBy: task.neededBy?.toISOString().slice(0, 10) ?? "", links: task.links.join("\n") }}
                  nextSteps={
                    <p>
                      Your changes are saved in the request&apos;s history for the coordinator to see.
                      {task.status === "CHANGES_REQUESTED" ? " When you are done, press Resubmit under Actions so that the coordinator reviews it again." : " The coordinator decides on the request as it then stands."}
                    </p>
                  }
                />
              </div>
            </details>
          )}

          <section className="card" aria-labelledby="history">
            <h2 id="history" className="mb-2 text-lg font-semibold">History</h2>
            <ol className="space-y-2 text-sm" data-testid="task-history">
              {history.map((h) => (
                <li key={h.id} className="border-l-2 border-slate-300 pl-3 dark:border-slate-700">
                  <span className="font-medium">{h.who}</span> {h.what} <span className="muted"><RelativeTime date={new Date(h.at)} /></span>
                  {h.reason && <div className="muted">Reason: {h.reason}</div>}
                  {h.details.length > 0 && (
                    <ul className="muted">
                      {h.details.map((d) => <li key={d}>{d}</li>)}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          </section>

          <section className="card space-y-3" aria-labelledby="comments">
            <h2 id="comments" className="text-lg font-semibold">Comments</h2>
            {task.comments.map((c) => (
              <article key={c.id} className="border-b border-slate-100 pb-2 text-sm dark:border-slate-800">
                <div className="muted text-xs">{c.author.name} · <RelativeTime date={c.createdAt} /></div>
                <div className="prose-task" dangerouslySetInnerHTML={{ __html: renderMarkdown(c.body) }} />
              </article>
            ))}
            <CommentForm taskId={task.id} />
          </section>
        </div>

        <aside className="space-y-6">
          <section className="card space-y-3" aria-labelledby="actions">
            <h2 id="actions" className="text-lg font-semibold">Actions</h2>
            {transitions.length ? <TransitionButtons taskId={task.id} version={task.version} moves={transitions} /> : <p className="muted text-sm">Nothing you can do here now.</p>}
            {isOpos && ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"].includes(task.status) && (
              <AssignForm taskId={task.id} version={task.version} current={task.assignee?.username ?? null} operators={operators} />
            )}
          </section>
          <section className="card space-y-3" aria-labelledby="campaigns">
            <h2 id="campaigns" className="text-lg font-semibold">Campaigns</h2>
            {task.campaigns.length === 0 ? <p className="muted text-sm">No campaign linked yet.</p> : (
              <ul className="space-y-2">
                {task.campaigns.map(({ campaign }) => {
                  const p = campaignProgress.get(campaign.id) ?? { total: 0, done: 0, failed: 0 };
                  return (
                    <li key={campaign.id} className="text-sm">
                      <Link href={`/campaigns/${campaign.id}`} className="font-mono underline">{campaign.name}</Link>
                      <ProgressBar done={p.done} failed={p.failed} total={p.total} label={`${campaign.name} submissions`} />
                    </li>
                  );
                })}
              </ul>
            )}
            {CAMPAIGN_READY.includes(task.status) && can(person, "task.link_campaign", { experimentId: task.experimentId }) && can(person, "campaign.modify", { experimentId: task.experimentId, ownerId: person.id, ownerRole: person.memberships.get(task.experimentId) }) && (
              <Link href={`/campaigns/new?task=${taskKey(task.experiment.name, task.number)}`} className="btn btn-primary no-underline hover:no-underline" data-testid="create-campaign">
                Create campaign
              </Link>
            )}
            {(isOpos || parties.includes("coordinator")) && <LinkCampaignForm taskId={task.id} campaigns={campaignsOfExperiment.filter((c) => !task.campaigns.some((l) => l.campaignId === c.id))} />}
          </section>
        </aside>
      </div>
    </div>
  );
}
