import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
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
 * The person id in this request's session cookie, or null. The same check as getServerSession
 * (the encrypted JWT is decrypted, its expiry enforced; a missing, tampered or expired cookie is
 * no session) without what getServerSession adds around it and throws away in server components
 * and route handlers: next-auth's whole session endpoint, which re-encrypts a renewed token into
 * a cookie that cannot be set from here. Tokens in an Authorization header are not accepted
 * (getServerSession does not accept them either).
 */
async function sessionPersonId(): Promise<number | null> {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const token = await getToken({
    req: { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: env().NEXTAUTH_SECRET,
    secureCookie: secureCookies(h),
  });
  const personId = token?.personId;
  return typeof personId === "number" ? personId : null;
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
