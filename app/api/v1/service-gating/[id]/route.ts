import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, parseJson, parseParams, version } from "@/lib/http/input";
import { setServiceGatesAll } from "@/lib/services/gate-services";

const body = z.strictObject({ gatesAll: z.boolean({ message: "gatesAll must be true or false." }), version: version() });

/** PUT {gatesAll, version}: OPOS marks a service as needed by every launch (or not), at the version read. */
export const PUT = authedRoute<{ id: string }>(async (req, { person, params }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, body);
  return NextResponse.json(await setServiceGatesAll(person, id, input.gatesAll, input.version));
});
