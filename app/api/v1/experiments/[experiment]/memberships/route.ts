import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { parseJson, parseParams } from "@/lib/http/input";
import { decide } from "@/lib/people/policy";
import { forbidden } from "@/lib/errors";
import { addMembership, addMembershipInput, experimentByName, listMemberships } from "@/lib/people/memberships";

const params = z.object({ experiment: z.string().regex(/^[a-z0-9_-]{1,50}$/) });

export const GET = authedRoute<{ experiment: string }>(async (_req, { person, params: p }) => {
  const experiment = await experimentByName(parseParams(p, params).experiment);
  const d = decide(person, "experiment.view", { experimentId: experiment.id });
  if (!d.allowed) throw forbidden(d.reason);
  const rows = await listMemberships(experiment.id);
  return NextResponse.json({
    memberships: rows.map((m) => ({ id: m.id, username: m.person.username, name: m.person.name, role: m.role, active: m.active })),
  });
});

export const POST = authedRoute<{ experiment: string }>(async (req, { person, params: p, requestId }) => {
  const experiment = await experimentByName(parseParams(p, params).experiment);
  const input = await parseJson(req, addMembershipInput);
  const m = await addMembership(person, experiment.id, input, requestId);
  return NextResponse.json({ membership: { id: m.id, role: m.role, active: m.active } }, { status: 201 });
});
