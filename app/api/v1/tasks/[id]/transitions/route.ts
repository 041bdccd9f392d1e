import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson, parseParams } from "@/lib/http/route";
import { transitionTask } from "@/lib/tasks/store";
import { transitionInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

const params = z.object({ id: z.coerce.number().int().positive() });

/** POST {to, reason?, version?}: one step of the task lifecycle. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params: p }) => {
  const input = await parseJson(req, transitionInput);
  const { task, warnings } = await transitionTask(person, parseParams(p, params).id, input);
  return NextResponse.json({ task: taskJson(task), warnings });
});
