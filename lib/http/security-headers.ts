/**
 * The security headers of pages: a Content-Security-Policy with a fresh nonce per page view (Next.js
 * puts it on its own scripts when the request carries the policy), HSTS when served over HTTPS.
 * Pure, so the policy is unit-tested; proxy.ts applies it. Styles allow inline attributes (React
 * `style={…}` for progress bars and drag transforms), which cannot run script.
 */
export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean; formTargets?: string[] }): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...(opts.dev ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...(opts.formTargets ?? [])],
    ["frame-ancestors", "'none'"],
  ];
  if (opts.https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
