/**
 * The one wrapper for server actions: a server action is a public endpoint, so each one checks
 * the session itself; its form arrives cleaned (lib/http/input.ts) and user errors come back as
 * the field's message for the form, never as a 500.
 */
import "server-only";
import { ZodError } from "zod";
import { DomainError } from "@/lib/errors";
import { requireSession } from "@/lib/auth/session";
import type { SignedInPerson } from "@/lib/people/actor";
import { cleanFields } from "./input";
import { describeZodError, fieldErrors } from "./zod-messages";
import { asDomainError } from "./route";

export type ActionResult = { ok: boolean; message: string; fieldErrors?: Record<string, string> };

export async function runAction(form: FormData, work: (person: SignedInPerson, fields: Record<string, string>) => Promise<string>): Promise<ActionResult> {
  try {
    const person = await requireSession();
    return { ok: true, message: await work(person, cleanFields(form)) };
  } catch (thrown) {
    const err = asDomainError(thrown);
    if (err instanceof DomainError) {
      const field = (err.details as { field?: string } | undefined)?.field;
      return { ok: false, message: err.message, ...(field ? { fieldErrors: { [field]: err.message } } : {}) };
    }
    if (err instanceof ZodError) return { ok: false, message: describeZodError(err), fieldErrors: fieldErrors(err) };
    const id = crypto.randomUUID();
    console.error(`[${id}]`, err);
    return { ok: false, message: `Something went wrong on our side (reference ${id}).` };
  }
}
