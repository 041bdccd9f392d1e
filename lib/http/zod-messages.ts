/** Validation failures in words a person can act on, for JSON errors and forms alike. */
import type { ZodError } from "zod";

type Issue = ZodError["issues"][number];

function issueMessage(i: Issue): string {
  if (i.code === "unrecognized_keys") {
    const keys = i.keys.map((k) => `"${k}"`).join(", ");
    return `${i.keys.length > 1 ? "Unknown fields" : "Unknown field"} ${keys}: ${i.keys.length > 1 ? "they" : "it"} cannot be set here, so nothing was changed.`;
  }
  return i.message;
}

export function describeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${issueMessage(i)}` : issueMessage(i))).join("; ");
}

export function zodDetails(err: ZodError) {
  return err.issues.map((i) => ({ path: i.path.join("."), message: issueMessage(i) }));
}

/** One message per form field (the first), keyed by the field's name. */
export function fieldErrors(err: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues) out[String(i.path[0] ?? "")] ??= issueMessage(i);
  return out;
}
