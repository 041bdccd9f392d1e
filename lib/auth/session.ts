import { cache } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { loadActor, type SignedInPerson } from "@/lib/people/actor";
import { DomainError } from "@/lib/errors";

/** The signed-in person for this request, or null. Cached per request. */
export const currentPerson = cache(async (): Promise<SignedInPerson | null> => {
  const session = (await getServerSession(authOptions())) as { personId?: number } | null;
  if (!session?.personId) return null;
  return loadActor(session.personId);
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
