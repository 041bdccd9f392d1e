"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/http/action";
import { intIdText } from "@/lib/http/input";
import { createTaskInput, editTaskInput, transitionInput, commentInput } from "@/lib/tasks/input";
import { createTask } from "@/lib/tasks/commands/create-task";
import { editTask } from "@/lib/tasks/commands/edit-task";
import { transitionTask } from "@/lib/tasks/commands/transition-task";
import { commentOnTask } from "@/lib/tasks/commands/comment-on-task";
import { linkCampaign } from "@/lib/tasks/commands/link-campaign";
import { assignTask } from "@/lib/tasks/commands/assign-task";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { personIdByUsername } from "@/lib/people/directory";
import { username } from "@/lib/people/input";

const taskId = intIdText("taskId");
const version = intIdText("version");
const TASK_FIELDS = ["title", "kind", "description", "inputDataset", "softwareVersion", "estimatedFiles", "estimatedEvents", "priority", "neededBy", "links"] as const;
const taskFields = (f: Record<string, string>) => Object.fromEntries(TASK_FIELDS.map((k) => [k, f[k] ?? (k === "kind" || k === "priority" ? undefined : "")]));

export async function createTaskAction(_: ActionResult | null, form: FormData): Promise<ActionResult & { taskId?: number }> {
  let created: number | undefined;
  const r = await runAction(form, async (person, f) => {
    const task = await createTask(person, createTaskInput().parse({ experiment: f.experiment ?? "", ...taskFields(f) }));
    created = task.id;
    revalidatePath("/tasks");
    return `Requested: ${task.title}`;
  });
  return { ...r, taskId: created };
}

export async function editTaskAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const id = taskId.parse(f.taskId);
    await editTask(person, id, editTaskInput().parse(taskFields(f)), version.parse(f.version));
    revalidatePath(`/tasks/${id}`);
    return "Saved.";
  });
}

export async function transitionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const id = taskId.parse(f.taskId);
    const input = transitionInput.parse({ to: f.to, reason: f.reason ?? "", version: version.parse(f.version) });
    const { task, warnings } = await transitionTask(person, id, input);
    revalidatePath(`/tasks/${id}`);
    revalidatePath("/tasks");
    return [`Now ${STATUS_LABEL[task.status].toLowerCase()}.`, ...warnings].join(" ");
  });
}

export async function commentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const id = taskId.parse(f.taskId);
    await commentOnTask(person, id, commentInput.parse({ body: f.body ?? "" }).body);
    revalidatePath(`/tasks/${id}`);
    return "Comment added.";
  });
}

export async function linkCampaignAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const id = taskId.parse(f.taskId);
    await linkCampaign(person, id, intIdText("campaignId").parse(f.campaignId), f.link !== "false");
    revalidatePath(`/tasks/${id}`);
    return "Campaign links updated.";
  });
}

export async function assignAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(form, async (person, f) => {
    const id = taskId.parse(f.taskId);
    const name = f.assignee ? username("assignee").parse(f.assignee) : null;
    const assigneeId = name ? await personIdByUsername(name) : null;
    const { warnings } = await assignTask(person, id, { assigneeId, version: version.parse(f.version) });
    revalidatePath(`/tasks/${id}`);
    return [name ? `Assigned to ${name}.` : "Unassigned.", ...warnings].join(" ");
  });
}
