import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson } from "@/lib/http/route";
import { moveTask } from "@/lib/tasks/store";
import { TASK_STATUSES } from "@/lib/tasks/lifecycle";
import { taskJson } from "@/lib/tasks/serialize";

const move = z.object({
  taskId: z.number().int().positive(),
  to: z.enum(TASK_STATUSES),
  rank: z.number().finite().optional(),
  version: z.number().int().positive({ message: "Moves must say which version of the card they were based on." }),
  reason: z.string().trim().max(2000).optional(),
});

/** POST a board move, based on the card version the mover saw; a stale one is refused with 409. */
export const POST = authedRoute(async (req, { person }) => {
  const m = await parseJson(req, move);
  const { task, warnings } = await moveTask(person, m.taskId, m);
  return NextResponse.json({ task: taskJson(task), warnings });
});
