import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { parseJson } from "@/lib/http/input";
import { forbidden } from "@/lib/errors";
import { decide } from "@/lib/people/policy";
import { listGatingServices, readServiceGating, setServiceGating } from "@/lib/services/gate-services";
import { drainHeldLaunches } from "@/lib/launch/held-launches";

const body = z.strictObject({ enabled: z.boolean({ message: "enabled must be true or false." }) });

/** GET: the installation-wide switch of service gating, and the services every launch needs (for OPOS). */
export const GET = authedRoute(async (_req, { person }) => {
  const d = decide(person, "operations.view");
  if (!d.allowed) throw forbidden(d.reason);
  const [gating, services] = await Promise.all([readServiceGating(), listGatingServices()]);
  return NextResponse.json({ gating, services });
});

/** PUT {enabled}: OPOS switches service gating on or off; switching it off lets launches held by services go. */
export const PUT = authedRoute(async (req, { person }) => {
  const input = await parseJson(req, body);
  const gating = await setServiceGating(person, input.enabled);
  const drained = input.enabled ? null : await drainHeldLaunches({ max: 20 });
  return NextResponse.json({ gating, drained });
});
