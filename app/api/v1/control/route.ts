import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { intId, parseJson } from "@/lib/http/input";
import { applyControl, CONTROL_LEVELS, CONTROL_VERBS, previewControl } from "@/lib/submissions/commands/control";

const body = z.strictObject({ level: z.enum(CONTROL_LEVELS), id: intId("id"), verb: z.enum(CONTROL_VERBS), preview: z.boolean().optional() });

/** POST {level: campaign|stage|submission, id, verb: kill|hold|release|cancel, preview?}: what it would hit, or do it. */
export const POST = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, body);
  const scope = { level: input.level, id: input.id };
  if (input.preview) return NextResponse.json({ preview: await previewControl(person, scope, input.verb) });
  return NextResponse.json(await applyControl(person, scope, input.verb));
});
