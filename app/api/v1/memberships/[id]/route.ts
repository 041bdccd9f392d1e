import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams } from "@/lib/http/input";
import { changeMembership, changeMembershipInput } from "@/lib/people/memberships";

export const PATCH = authedRoute<{ id: string }>(async (req, { person, params: p, requestId }) => {
  const { id } = parseParams(p, idParams);
  const input = await parseJson(req, changeMembershipInput);
  const m = await changeMembership(person, id, input, requestId);
  return NextResponse.json({ membership: { id: m.id, role: m.role, active: m.active } });
});
