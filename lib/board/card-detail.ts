/**
 * What the card panel (drawer) shows and may change: the request (description rendered from
 * Markdown), its campaigns, its history in words, its comments, and the controls the person may use
 * (state, assignee, priority, needed-by), all decided here from the policy and the lifecycle.
 */
import "server-only";
import { can, type Actor } from "@/lib/people/policy";
import { taskDetail } from "@/lib/tasks/queries";
import { taskHistory } from "@/lib/tasks/task-history";
import { renderMarkdown } from "@/lib/tasks/markdown";
import { taskKey } from "@/lib/tasks/keys";
import { KIND_LABEL } from "@/lib/tasks/input";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import type { HistoryLine } from "@/lib/tasks/history";
import type { TaskPriority, TaskStatus } from "@/lib/generated/prisma/enums";

export type CardDetail = {
  id: number;
  key: string;
  title: string;
  kind: string;
  status: TaskStatus;
  priority: TaskPriority;
  neededBy: string | null;
  version: number;
  descriptionHtml: string;
  inputDataset: string;
  softwareVersion: string;
  requester: string;
  assignee: { username: string; name: string } | null;
  campaigns: { name: string; total: number; done: number; failed: number }[];
  history: HistoryLine[];
  comments: { id: number; author: string; createdAt: string; html: string }[];
  /** The states this person may move it to, with a label and whether a reason is asked. */
  moves: { to: TaskStatus; label: string; reasonRequired: boolean }[];
  canAssign: boolean;
  canPlan: boolean;
  operators: { username: string; name: string }[];
};

const PLANNED: TaskStatus[] = ["APPROVED", "ASSIGNED", "IN_PROGRESS", "ON_HOLD"];

export async function cardDetail(actor: Actor, id: number): Promise<CardDetail> {
  const { task, moves, parties, campaignProgress, operators } = await taskDetail(actor, id);
  const known = [...operators, task.requester, ...(task.assignee ? [task.assignee] : [])];
  const history = await taskHistory(task.events, known);
  const working = PLANNED.includes(task.status);
  return {
    id: task.id,
    key: taskKey(task.experiment.name, task.number),
    title: task.title,
    kind: KIND_LABEL[task.kind],
    status: task.status,
    priority: task.priority,
    neededBy: task.neededBy?.toISOString().slice(0, 10) ?? null,
    version: task.version,
    descriptionHtml: task.description ? renderMarkdown(task.description) : "",
    inputDataset: task.inputDataset,
    softwareVersion: task.softwareVersion,
    requester: task.requester.name,
    assignee: task.assignee ? { username: task.assignee.username, name: task.assignee.name } : null,
    campaigns: task.campaigns.map(({ campaign }) => ({ name: campaign.name, ...(campaignProgress.get(campaign.id) ?? { total: 0, done: 0, failed: 0 }) })),
    history: [...history].reverse(),
    comments: task.comments.map((c) => ({ id: c.id, author: c.author.name, createdAt: c.createdAt.toISOString(), html: renderMarkdown(c.body) })),
    moves: moves.map((m) => ({ to: m.to, label: STATUS_LABEL[m.to], reasonRequired: m.reasonRequired })),
    canAssign: working && parties.includes("opos"),
    canPlan: working && can(actor, "task.plan", { experimentId: task.experimentId }),
    operators: operators.map((o) => ({ username: o.username, name: o.name })),
  };
}
