/**
 * The one wrapper for route handlers: request id, session, error-to-JSON. A handler parses its
 * input (lib/http/input.ts), asks the policy, calls the domain and shapes the response; everything
 * it throws becomes a JSON error with a stable code. Only unexpected errors are 500s, logged with the id.
 */
import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import { requireSession } from "@/lib/auth/session";
import type { SignedInPerson } from "@/lib/people/actor";
import { describeZodError, zodDetails } from "./zod-messages";

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: { person: SignedInPerson; params: P; requestId: string }) => Promise<Response>;

/**
 * A unique constraint that fires is two people doing the same thing at the same moment (the commands
 * check first): a conflict to retry, not a fault. Prisma reports it as code P2002.
 */
export function asDomainError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  if (code === "P2002") return new DomainError("conflict", "Someone else made the same change at the same moment; reload and try again if still needed.");
  // A transaction that waited too long for a lock or a connection: many people at the same thing at once.
  if (code === "P2028" || code === "P2024") return new DomainError("conflict", "Too much is happening to this at the same moment (for example, several launches of one stage); try again in a few seconds.");
  return err;
}

export function errorResponse(thrown: unknown, requestId: string): Response {
  const err = asDomainError(thrown);
  const headers = { "x-request-id": requestId };
  if (err instanceof DomainError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details, requestId } }, { status: err.status, headers });
  }
  if (err instanceof ZodError) {
    return NextResponse.json({ error: { code: "invalid_input", message: describeZodError(err), details: zodDetails(err), requestId } }, { status: 400, headers });
  }
  console.error(`[${requestId}]`, err);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side; quote this request id when reporting it.", requestId } }, { status: 500, headers });
}

/** A request id from the caller is kept only when it looks like one (it is echoed and logged). */
export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : crypto.randomUUID();
}

export function authedRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    const requestId = requestIdOf(req);
    try {
      const person = await requireSession();
      const params = (await ctx?.params) ?? ({} as P);
      const res = await handler(req, { person, params, requestId });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
