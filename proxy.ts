/**
 * Runs before pages (not API routes or static files): sets the per-request CSP nonce and the
 * security headers; and before any path with a malformed percent-escape, which it answers 404. A convenience for headers only — never a guard: authorisation happens where data
 * is read or changed (docs/architecture.md, CVE-2025-29927).
 */
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS, newNonce } from "@/lib/http/security-headers";
import { env } from "@/lib/env";

/** A path that cannot be percent-decoded names nothing: 404 here, before Next.js fails on it with a 500. */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest) {
  if (undecodable(request.nextUrl.pathname)) {
    return NextResponse.json({ error: { code: "not_found", message: "No such resource (the address is not valid percent-encoding)." } }, { status: 404 });
  }
  // API routes are matched only when their path holds a "%" (above); they need no page headers.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const nonce = newNonce();
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const issuer = env().oidc?.issuer;
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https, formTargets: issuer ? [new URL(issuer).origin] : [] });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  matcher: [
    // Only API paths with percent-escapes, so ordinary API requests never pay for the proxy.
    "/api/:path(.*%.*)",
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
