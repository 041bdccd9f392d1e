/** For configuration pages: a path id that does not fit, or a thing the person may not see, is the 404 page. */
import "server-only";
import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { intIdText } from "@/lib/http/input";

export function pageId(text: string): number {
  const r = intIdText().safeParse(text);
  if (!r.success) notFound();
  return r.data;
}

export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}
