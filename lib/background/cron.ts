/**
 * The wrapper of cron-triggered routes: the caller proves it is the scheduler with the bearer secret
 * POMS_CRON_SECRET (or CRON_SECRET, the name Vercel's cron uses), compared in constant time, wherever the app runs. No secret configured: 503 (the
 * route is off), never open.
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { errorResponse, requestIdOf } from "@/lib/http/route";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time comparison of the Authorization header with "Bearer <secret>". */
export function bearerMatches(header: string | null, secret: string): boolean {
  return timingSafeEqual(digest(header ?? ""), digest(`Bearer ${secret}`));
}

export function cronRoute(handler: (req: Request, ctx: { requestId: string }) => Promise<Response>, configuredSecret: () => string | undefined = () => env().POMS_CRON_SECRET ?? env().CRON_SECRET) {
  return async (req: Request): Promise<Response> => {
    const requestId = requestIdOf(req);
    const headers = { "x-request-id": requestId, "cache-control": "no-store" };
    const secret = configuredSecret();
    if (!secret) {
      return NextResponse.json({ error: { code: "unavailable", message: "The cron route is off: set POMS_CRON_SECRET (or CRON_SECRET; at least 32 characters) to enable it.", requestId } }, { status: 503, headers });
    }
    if (!bearerMatches(req.headers.get("authorization"), secret)) {
      return NextResponse.json({ error: { code: "unauthenticated", message: "Send the cron secret as 'Authorization: Bearer <secret>'.", requestId } }, { status: 401, headers: { ...headers, "www-authenticate": "Bearer" } });
    }
    try {
      return await handler(req, { requestId });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
