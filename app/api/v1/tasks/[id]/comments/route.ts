import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson, parseParams } from "@/lib/http/route";
import { commentOnTask } from "@/lib/tasks/store";
import { commentInput } from "@/lib/tasks/input";

const params = z.object({ id: z.coerce.number().int().positive() });

export const POST = authedRoute<{ id: string }>(async (req, { person, params: p }) => {
  const { body } = await parseJson(req, commentInput);
  const comment = await commentOnTask(person, parseParams(p, params).id, body);
  return NextResponse.json({ comment }, { status: 201 });
});
