import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson, parseParams } from "@/lib/http/route";
import { taskDetail } from "@/lib/tasks/queries";
import { editTask } from "@/lib/tasks/store";
import { editTaskInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

const params = z.object({ id: z.coerce.number().int().positive() });

export const GET = authedRoute<{ id: string }>(async (_req, { person, params: p }) => {
  const { task, moves } = await taskDetail(person, parseParams(p, params).id);
  return NextResponse.json({ task: taskJson(task), allowedMoves: moves.map((m) => ({ action: m.action, to: m.to, reasonRequired: m.reasonRequired })) });
});

export const PATCH = authedRoute<{ id: string }>(async (req, { person, params: p }) => {
  const body = await parseJson(req, editTaskInput().extend({ version: z.number().int().positive().optional() }));
  const { version, ...input } = body;
  const task = await editTask(person, parseParams(p, params).id, input, version);
  return NextResponse.json({ task: taskJson(task) });
});
