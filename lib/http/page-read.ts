/**
 * A page's first read through lib: a missing thing is the 404 page; a refusal (policy) is shown in words on the
 * page instead of an error page; anything else is a real fault and goes to the error boundary.
 */
import "server-only";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { intIdText } from "@/lib/http/input";

export type PageRead<T> = { ok: true; value: T } | { ok: false; message: string };

export async function readForPage<T>(read: () => Promise<T>): Promise<PageRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") notFound();
    if (err instanceof DomainError && (err.code === "forbidden" || err.code === "unauthenticated")) return { ok: false, message: err.message };
    throw err;
  }
}

/** A path id ("12"): anything that is not one is the 404 page. */
export function pageId(text: string): number {
  const parsed = intIdText().safeParse(text);
  if (!parsed.success) notFound();
  return parsed.data;
}
