import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { cleanFields, parseJson } from "@/lib/http/input";
import { parseFilters } from "@/lib/board/filters";
import { listTasks } from "@/lib/tasks/queries";
import { createTask } from "@/lib/tasks/commands/create-task";
import { createTaskInput } from "@/lib/tasks/input";
import { TASK_STATUSES } from "@/lib/tasks/lifecycle";
import { taskJson } from "@/lib/tasks/serialize";

const paging = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(50),
  status: z.string().optional(),
  mine: z.enum(["1"]).optional(),
});

/** GET /api/v1/tasks?experiment=&assignee=&priority=&kind=&q=&overdue=1&status=&mine=1&page=&pageSize= */
export const GET = authedRoute(async (req, { person }) => {
  const query = cleanFields(new URL(req.url).searchParams);
  const p = paging.parse(query);
  const statuses = (p.status ?? "").split(",").filter((s): s is (typeof TASK_STATUSES)[number] => (TASK_STATUSES as readonly string[]).includes(s));
  const { items, total } = await listTasks(person, { ...parseFilters(query), statuses, requesterId: p.mine ? person.id : undefined }, { take: p.pageSize, skip: (p.page - 1) * p.pageSize });
  return NextResponse.json({ tasks: items.map(taskJson), page: p.page, pageSize: p.pageSize, total });
});

export const POST = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, createTaskInput());
  const task = await createTask(person, input);
  return NextResponse.json({ task: taskJson(task) }, { status: 201 });
});
