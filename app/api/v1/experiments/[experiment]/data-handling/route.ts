import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { parseJson, parseParams } from "@/lib/http/input";
import { dataHandlingInput, readDataHandling, setDataHandling } from "@/lib/catalogue/data-handling";

const params = z.object({ experiment: z.string().regex(/^[a-z0-9_-]{1,50}$/) });

/** An experiment's data handling: its catalogue (embedded, SAM, MetaCat + Data Dispatcher) and dropbox address. */
export const GET = authedRoute<{ experiment: string }>(async (_req, { person, params: p }) => {
  const dataHandling = await readDataHandling(person, parseParams(p, params).experiment);
  return NextResponse.json({ dataHandling });
});

/** Changes it (administrators only: the server calls these addresses, with its token when listed); audited. */
export const PUT = authedRoute<{ experiment: string }>(async (req, { person, params: p, requestId }) => {
  const experiment = parseParams(p, params).experiment;
  const input = await parseJson(req, dataHandlingInput);
  const dataHandling = await setDataHandling(person, experiment, input, requestId);
  return NextResponse.json({ dataHandling });
});
