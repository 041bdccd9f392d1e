import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { moveInput } from "@/lib/board/input";
import { moveTask } from "@/lib/tasks/commands/move-task";
import { boardCard } from "@/lib/board/card";

/** POST a board move, based on the card version the mover saw; a stale one is refused with 409. */
export const POST = authedRoute(async (req, { person }) => {
  const { taskId, ...move } = await parseJson(req, moveInput);
  const { task, warnings } = await moveTask(person, taskId, move);
  return NextResponse.json({ card: boardCard(task), warnings });
});
