import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { cardDetail } from "@/lib/board/card-detail";
import { cardEditInput } from "@/lib/board/input";
import { boardCard } from "@/lib/board/card";
import { transitionTask } from "@/lib/tasks/commands/transition-task";
import { assignTask } from "@/lib/tasks/commands/assign-task";
import { replanTask } from "@/lib/tasks/commands/replan-task";
import { personIdByUsername } from "@/lib/people/directory";

/** GET the card panel of a task (by key NOVA-57 or id): the request, history in words, comments, the controls allowed. */
export const GET = authedRoute<{ ref: string }>(async (_req, { person, params }) => {
  const detail = await cardDetail(person, await taskIdFromRef(params.ref));
  return NextResponse.json(detail, { headers: { "cache-control": "no-store" } });
});

/** PATCH one in-place change from the panel; answers with the card patch the board merges. */
export const PATCH = authedRoute<{ ref: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.ref);
  const input = await parseJson(req, cardEditInput);
  if (input.status) {
    const { task, warnings } = await transitionTask(person, id, { to: input.status.to, reason: input.status.reason, version: input.version });
    return NextResponse.json({ card: boardCard(task), warnings });
  }
  if (input.assignee !== undefined) {
    const assigneeId = input.assignee === null ? null : await personIdByUsername(input.assignee);
    const { task, warnings } = await assignTask(person, id, { assigneeId, version: input.version });
    return NextResponse.json({ card: boardCard(task), warnings });
  }
  const task = await replanTask(person, id, { priority: input.priority, neededBy: input.neededBy }, input.version);
  return NextResponse.json({ card: boardCard(task), warnings: [] });
});
