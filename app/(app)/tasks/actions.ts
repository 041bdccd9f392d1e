"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/http/action";
import { createTaskInput, editTaskInput, transitionInput, commentInput } from "@/lib/tasks/input";
import { createTask, editTask, transitionTask, commentOnTask, linkCampaign, assignTask } from "@/lib/tasks/store";
import { STATUS_LABEL } from "@/lib/tasks/lifecycle";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";

const id = z.coerce.number().int().positive();
const fields = (form: FormData) => ({
  title: form.get("title") ?? "",
  kind: form.get("kind") ?? undefined,
  description: form.get("description") ?? "",
  inputDataset: form.get("inputDataset") ?? "",
  softwareVersion: form.get("softwareVersion") ?? "",
  estimatedFiles: form.get("estimatedFiles") ?? "",
  estimatedEvents: form.get("estimatedEvents") ?? "",
  priority: form.get("priority") ?? undefined,
  neededBy: form.get("neededBy") ?? "",
  links: form.get("links") ?? "",
});

export async function createTaskAction(_: ActionResult | null, form: FormData): Promise<ActionResult & { taskId?: number }> {
  let taskId: number | undefined;
  const r = await runAction(async (person) => {
    const input = createTaskInput().parse({ experiment: form.get("experiment") ?? "", ...fields(form) });
    const task = await createTask(person, input);
    taskId = task.id;
    revalidatePath("/tasks");
    return `Requested: ${task.title}`;
  });
  return { ...r, taskId };
}

export async function editTaskAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const taskId = id.parse(form.get("taskId"));
    await editTask(person, taskId, editTaskInput().parse(fields(form)), id.parse(form.get("version")));
    revalidatePath(`/tasks/${taskId}`);
    return "Saved.";
  });
}

export async function transitionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const taskId = id.parse(form.get("taskId"));
    const input = transitionInput.parse({ to: form.get("to"), reason: form.get("reason") ?? "", version: id.parse(form.get("version")) });
    const { task, warnings } = await transitionTask(person, taskId, input);
    revalidatePath(`/tasks/${taskId}`);
    revalidatePath("/tasks");
    return [`Now ${STATUS_LABEL[task.status].toLowerCase()}.`, ...warnings].join(" ");
  });
}

export async function commentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const taskId = id.parse(form.get("taskId"));
    await commentOnTask(person, taskId, commentInput.parse({ body: form.get("body") ?? "" }).body);
    revalidatePath(`/tasks/${taskId}`);
    return "Comment added.";
  });
}

export async function linkCampaignAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const taskId = id.parse(form.get("taskId"));
    await linkCampaign(person, taskId, id.parse(form.get("campaignId")), form.get("link") !== "false");
    revalidatePath(`/tasks/${taskId}`);
    return "Campaign links updated.";
  });
}

export async function assignAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async (person) => {
    const taskId = id.parse(form.get("taskId"));
    const username = String(form.get("assignee") ?? "");
    const assignee = username ? await db.person.findUnique({ where: { username } }) : null;
    if (username && !assignee) throw new DomainError("invalid_input", `Nobody is called "${username}".`);
    const { warnings } = await assignTask(person, taskId, { assigneeId: assignee?.id ?? null, version: id.parse(form.get("version")) });
    revalidatePath(`/tasks/${taskId}`);
    return [assignee ? `Assigned to ${assignee.name}.` : "Unassigned.", ...warnings].join(" ");
  });
}
