import { NextResponse } from "next/server";
import { z } from "zod";
import { authedRoute } from "@/lib/http/route";
import { idParams, intId, parseJson, parseParams } from "@/lib/http/input";
import { launchStage, previewLaunch, type LaunchRequest } from "@/lib/launch/launch-stage";
import { errorResponse } from "@/lib/http/route";

const body = z.strictObject({
  mode: z.enum(["normal", "test", "relaunch"]).default("normal"),
  relaunchOf: intId("relaunchOf").optional(),
  preview: z.boolean().optional(),
});

/**
 * POST {mode, relaunchOf?, preview?}: preview a launch (nothing written), or launch the stage. With
 * `Accept: application/x-ndjson` the launch streams its progress, one JSON object per line ({"line": …}), and ends
 * with {"outcome": …} or {"error": …}; otherwise it answers once, at the end.
 */
export const POST = authedRoute<{ id: string }>(async (req, { person, params, requestId }) => {
  const { id } = parseParams(params, idParams);
  const input = await parseJson(req, body);
  const launch: LaunchRequest = { stageId: id, mode: input.mode, relaunchOf: input.relaunchOf };
  if (input.preview) return NextResponse.json({ preview: await previewLaunch(person, launch) });
  if (!(req.headers.get("accept") ?? "").includes("application/x-ndjson")) {
    const outcome = await launchStage({ person, trigger: input.mode === "test" ? "TEST" : input.mode === "relaunch" ? "RELAUNCH" : "MANUAL" }, launch);
    return NextResponse.json({ outcome }, { status: outcome.kind === "held" ? 202 : 201 });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      const send = (o: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
      try {
        const outcome = await launchStage({ person, trigger: input.mode === "test" ? "TEST" : input.mode === "relaunch" ? "RELAUNCH" : "MANUAL" }, launch, { onProgress: (line) => send({ line }) });
        send({ outcome });
      } catch (err) {
        const res = errorResponse(err, requestId);
        send({ error: (await res.json()).error, status: res.status });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { status: 200, headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
});
