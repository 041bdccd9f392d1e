/**
 * The one wrapper for server actions: a server action is a public endpoint, so each one checks
 * the session itself; user errors come back as a message for the form, never as a 500.
 */
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import { requireSession } from "@/lib/auth/session";
import type { SignedInPerson } from "@/lib/people/actor";
import { describeZodError } from "./route";

export type ActionResult = { ok: boolean; message: string; fieldErrors?: Record<string, string> };

export async function runAction(work: (person: SignedInPerson) => Promise<string>): Promise<ActionResult> {
  try {
    const person = await requireSession();
    return { ok: true, message: await work(person) };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, message: err.message };
    if (err instanceof ZodError) {
      // One message per form field (the first), keyed by the field's name.
      const fieldErrors: Record<string, string> = {};
      for (const i of err.issues) fieldErrors[String(i.path[0] ?? "")] ??= i.message;
      return { ok: false, message: describeZodError(err), fieldErrors };
    }
    const id = crypto.randomUUID();
    console.error(`[${id}]`, err);
    return { ok: false, message: `Something went wrong on our side (reference ${id}).` };
  }
}
