import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute, parseJson, parseParams } from "@/lib/http/route";
import { changeMembership, changeMembershipInput } from "@/lib/people/memberships";

const params = z.object({ id: z.coerce.number().int().positive() });

export const PATCH = authedRoute<{ id: string }>(async (req, { person, params: p, requestId }) => {
  const { id } = parseParams(p, params);
  const input = await parseJson(req, changeMembershipInput);
  const m = await changeMembership(person, id, input, requestId);
  return NextResponse.json({ membership: { id: m.id, role: m.role, active: m.active } });
});
