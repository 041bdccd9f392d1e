import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { parseJson, version } from "@/lib/http/input";
import { taskDetail } from "@/lib/tasks/queries";
import { editTask } from "@/lib/tasks/commands/edit-task";
import { editTaskInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

export const GET = authedRoute<{ id: string }>(async (_req, { person, params }) => {
  const { task, moves } = await taskDetail(person, await taskIdFromRef(params.id));
  return NextResponse.json({ task: taskJson(task), allowedMoves: moves.map((m) => ({ action: m.action, to: m.to, reasonRequired: m.reasonRequired })) });
});

export const PATCH = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.id);
  const { version: v, ...input } = await parseJson(req, editTaskInput().extend({ version: version().optional() }));
  const task = await editTask(person, id, input, v);
  return NextResponse.json({ task: taskJson(task) });
});
