import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { parseJson } from "@/lib/http/input";
import { transitionTask } from "@/lib/tasks/commands/transition-task";
import { transitionInput } from "@/lib/tasks/input";
import { taskJson } from "@/lib/tasks/serialize";

/** POST {to, reason?, version?}: one step of the task lifecycle. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.id);
  const input = await parseJson(req, transitionInput);
  const { task, warnings } = await transitionTask(person, id, input);
  return NextResponse.json({ task: taskJson(task), warnings });
});
