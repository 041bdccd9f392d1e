import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson, parseParams } from "@/lib/http/route";
import { assignTask } from "@/lib/tasks/store";
import { taskJson } from "@/lib/tasks/serialize";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";

const params = z.object({ id: z.coerce.number().int().positive() });
const body = z.object({ assignee: z.string().trim().max(50).nullable(), version: z.number().int().positive().optional() });

/** POST {assignee: username | null, version?}: assign, reassign or unassign. */
export const POST = authedRoute<{ id: string }>(async (req, { person, params: p }) => {
  const input = await parseJson(req, body);
  const assignee = input.assignee ? await db.person.findUnique({ where: { username: input.assignee }, select: { id: true } }) : null;
  if (input.assignee && !assignee) throw new DomainError("invalid_input", `Nobody is called "${input.assignee}".`, { field: "assignee" });
  const { task, warnings } = await assignTask(person, parseParams(p, params).id, { assigneeId: assignee?.id ?? null, version: input.version });
  return NextResponse.json({ task: taskJson(task), warnings });
});
