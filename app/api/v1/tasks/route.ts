import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { parseTaskListQuery } from "@/lib/tasks/list-query";
import { listTasks } from "@/lib/tasks/queries";
import { createTask } from "@/lib/tasks/commands/create-task";
import { createTaskInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

const paging = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(50),
});

/**
 * GET /api/v1/tasks with the Tasks list's parameters (lib/tasks/list-query.ts): q, state (or status),
 * mine, experiment, assignee, requester, priority, kind, overdue, stale, updatedFrom, updatedTo, sort,
 * dir, group, and page/pageSize (1-200).
 */
export const GET = authedRoute(async (req, { person }) => {
  const query = cleanFields(new URL(req.url).searchParams);
  if (query.status && !query.state) query.state = query.status;
  const p = paging.parse(query);
  const list = parseTaskListQuery(query);
  const { items, total, groups } = await listTasks(person, list, { take: p.pageSize, skip: (p.page - 1) * p.pageSize }, list);
  return NextResponse.json({ tasks: items.map(taskJson), page: p.page, pageSize: p.pageSize, total, ...(list.group !== "none" ? { groups } : {}) });
});

export const POST = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, createTaskInput());
  const task = await createTask(person, input);
  return NextResponse.json({ task: taskJson(task) }, { status: 201 });
});
