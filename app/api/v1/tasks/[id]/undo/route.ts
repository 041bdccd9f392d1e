import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { undoInput } from "@/lib/board/input";
import { undoLastChange } from "@/lib/tasks/commands/undo-change";
import { boardCard } from "@/lib/board/card";
import { taskJson } from "@/lib/tasks/serialize";

/** POST {version}: undo my last change of this task (a move, an assignment or a decision) within 10 s. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.id);
  const { version } = await parseJson(req, undoInput);
  const { task, warnings, undoneEventId } = await undoLastChange(person, id, version);
  return NextResponse.json({ task: taskJson(task), card: boardCard(task), warnings, undoneEventId });
});
