import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { taskIdFromRef } from "@/lib/tasks/resolve-task";
import { parseJson, version } from "@/lib/http/input";
import { assignTask } from "@/lib/tasks/commands/assign-task";
import { taskJson } from "@/lib/tasks/serialize";
import { personIdByUsername } from "@/lib/people/directory";
import { username } from "@/lib/people/input";

const body = z.strictObject({ assignee: username("assignee").nullable(), version: version().optional() });

/** POST {assignee: username | null, version?}: assign, reassign or unassign. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const id = await taskIdFromRef(params.id);
  const input = await parseJson(req, body);
  const assigneeId = input.assignee === null ? null : await personIdByUsername(input.assignee);
  const { task, warnings } = await assignTask(person, id, { assigneeId, version: input.version });
  return NextResponse.json({ task: taskJson(task), warnings });
});
