import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { decode, getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { loadActor, type SignedInPerson } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";

/**
 * Whether next-auth named the session cookie `__Secure-…`: its own rule (core/init.ts with
 * utils/detect-origin.ts and parse-url.ts), i.e. whether the origin it signs people in on is https.
 */
function secureCookies(h: Headers): boolean {
  const { VERCEL, AUTH_TRUST_HOST, NEXTAUTH_URL } = env();
  const trustHost = VERCEL ?? AUTH_TRUST_HOST;
  const origin = NEXTAUTH_URL ?? (trustHost ? `${h.get("x-forwarded-proto") === "http" ? "http" : "https"}://${h.get("x-forwarded-host") ?? h.get("host")}` : undefined);
  if (!origin) return false; // next-auth's default, http://localhost:3000
  return !origin.startsWith("http") || origin.startsWith("https://");
}

/**
 * Decrypted session tokens, by their exact text: a browser sends the same cookie on every request
 * until it is renewed, and deriving the key and decrypting cost ~0.3–0.5 ms a request. Only tokens
 * that decrypted are kept (nobody can add one without the secret), each with its expiry, checked
 * on every use exactly as on the first (next-auth's 15 s clock tolerance). Bounded; oldest out first.
 */
const decoded = new Map<string, { personId: number | null; expiresAt: number }>();
const DECODED_MAX = 5000;
const CLOCK_TOLERANCE_MS = 15_000;

/**
 * The person id in this request's session cookie, or null. The same check as getServerSession
 * (the encrypted JWT is decrypted, its expiry enforced; a missing, tampered or expired cookie is
 * no session) without what getServerSession adds around it and throws away in server components
 * and route handlers: next-auth's whole session endpoint, which re-encrypts a renewed token into
 * a cookie that cannot be set from here. Tokens in an Authorization header are not accepted
 * (getServerSession does not accept them either).
 */
async function sessionPersonId(): Promise<number | null> {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const req = { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} } as unknown as Parameters<typeof getToken>[0]["req"];
  const secureCookie = secureCookies(h);
  const raw = await getToken({ req, raw: true, secureCookie }); // the cookie's text (chunks joined), not yet trusted
  if (!raw) return null;
  let entry = decoded.get(raw);
  if (!entry) {
    let token: Awaited<ReturnType<typeof decode>>;
    try {
      token = await decode({ token: raw, secret: env().NEXTAUTH_SECRET ?? "" });
    } catch {
      // Tampered, or encrypted with another secret: one line, not a stack trace.
      console.warn("[auth] a session cookie could not be decrypted (forged, or from another secret); treated as signed out");
      return null;
    }
    if (!token || typeof token.exp !== "number") return null;
    entry = { personId: typeof token.personId === "number" ? token.personId : null, expiresAt: token.exp * 1000 };
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(raw, entry);
  }
  if (Date.now() > entry.expiresAt + CLOCK_TOLERANCE_MS) {
    decoded.delete(raw);
    return null;
  }
  return entry.personId;
}

/** The signed-in person for this request, or null. Cached per request. */
export const currentPerson = cache(async (): Promise<SignedInPerson | null> => {
  const personId = await sessionPersonId();
  if (!personId) return null;
  return loadActor(personId);
});

/** For pages: the signed-in person, or a redirect to sign-in. */
export async function requirePerson(): Promise<SignedInPerson> {
  const person = await currentPerson();
  if (!person) redirect("/signin");
  return person;
}

/** For route handlers and server actions: the signed-in person, or a 401. */
export async function requireSession(): Promise<SignedInPerson> {
  const person = await currentPerson();
  if (!person) throw new DomainError("unauthenticated", "Sign in first.");
  return person;
}
