/**
 * The one wrapper for route handlers: request id, session, error-to-JSON. A handler parses its
 * input with zod, asks the policy, calls the domain and shapes the response; everything it throws
 * becomes a JSON error with a stable code. Only unexpected errors are 500s, logged with the id.
 */
import { NextResponse } from "next/server";
import { ZodError, type ZodType } from "zod";
import { DomainError } from "@/lib/errors";
import { requireSession } from "@/lib/auth/session";
import type { SignedInPerson } from "@/lib/people/actor";

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: Request, ctx: { person: SignedInPerson; params: P; requestId: string }) => Promise<Response>;

function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof DomainError) {
    return NextResponse.json({ error: { code: err.code, message: err.message, details: err.details, requestId } }, { status: err.status, headers: { "x-request-id": requestId } });
  }
  if (err instanceof ZodError) {
    return NextResponse.json(
      { error: { code: "invalid_input", message: describeZodError(err), details: err.issues.map((i) => ({ path: i.path.join("."), message: i.message })), requestId } },
      { status: 400, headers: { "x-request-id": requestId } },
    );
  }
  console.error(`[${requestId}]`, err);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side; quote this request id when reporting it.", requestId } }, { status: 500, headers: { "x-request-id": requestId } });
}

export function describeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export function authedRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, ctx: Ctx<P>): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? crypto.randomUUID();
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

/** Reads a JSON body and validates it; a body that is not JSON is a 400, not a 500. */
export async function parseJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  // Only JSON bodies: a cross-site HTML form cannot send application/json without a CORS preflight.
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new DomainError("invalid_input", "Send the request body as JSON (Content-Type: application/json).");
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new DomainError("invalid_input", "The request body must be JSON.");
  }
  return schema.parse(body);
}

export function parseParams<T>(params: unknown, schema: ZodType<T>): T {
  const r = schema.safeParse(params);
  if (!r.success) throw new DomainError("not_found", "No such resource.");
  return r.data;
}
