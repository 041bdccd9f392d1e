import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { parseTaskListQuery } from "@/lib/tasks/list-query";
import { listTasksJson } from "@/lib/tasks/queries";
import { createTask } from "@/lib/tasks/commands/create-task";
import { createTaskInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

/**
 * GET /api/v1/tasks with the Tasks list's parameters (lib/tasks/list-query.ts): q, state (or status),
 * mine, experiment, assignee, requester, priority, kind, overdue, stale, updatedFrom, updatedTo, sort,
 * dir, group, and page/pageSize (1-200).
 */
export const GET = authedRoute(async (req, { person }) => {
  const query = cleanFields(new URL(req.url).searchParams);
  if (query.status && !query.state) query.state = query.status;
  const list = parseTaskListQuery(query);
  const { itemsJson, total, groups } = await listTasksJson(person, list, { take: list.pageSize, skip: (list.page - 1) * list.pageSize }, list);
  // The rows are PostgreSQL's JSON text as it is (lib/tasks/queries.ts); the rest is written around them.
  const rest = JSON.stringify({ page: list.page, pageSize: list.pageSize, total, ...(list.group !== "none" ? { groups } : {}) });
  return new NextResponse(`{"tasks":${itemsJson},${rest.slice(1)}`, { headers: { "content-type": "application/json" } });
});

export const POST = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, createTaskInput());
  const task = await createTask(person, input);
  return NextResponse.json({ task: taskJson(task) }, { status: 201 });
});
