import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { parseJson } from "@/lib/http/input";
import { commentOnTask } from "@/lib/tasks/commands/comment-on-task";
import { commentInput } from "@/lib/tasks/input";

export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.id);
  const { body } = await parseJson(req, commentInput);
  const comment = await commentOnTask(person, id, body);
  return NextResponse.json({ comment }, { status: 201 });
});
