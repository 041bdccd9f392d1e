/**
 * The edge: every value a person sends passes through here before any rule sees it.
 * - ids: one schema per column type, so an id PostgreSQL cannot hold never reaches it;
 * - text: one normaliser (well-formed Unicode, no control or bidi-override characters, LF line ends),
 *   applied to every string of a JSON body, a query string and a form;
 * - JSON bodies: bounded in size and depth, and strict (an unknown field is refused by name).
 * Pure; no I/O beyond reading the request body.
 */
import { z, type ZodType } from "zod";
import { DomainError } from "@/lib/errors";

/** PostgreSQL `integer`. */
export const MAX_INT = 2_147_483_647;

/** An integer id in a JSON body. */
export const intId = (label = "id") =>
  z.number({ message: `${label} must be a number.` }).int(`${label} must be a whole number.`).min(1, `${label} must be positive.`).max(MAX_INT, `${label} is out of range.`);

/** An integer id written as text (path, query, form): plain digits, no sign, exponent or leading zero. */
export const intIdText = (label = "id") =>
  z
    .string({ message: `${label} is required.` })
    .regex(/^[1-9][0-9]{0,9}$/, `${label} must be a positive whole number.`)
    .transform(Number)
    .refine((n) => n <= MAX_INT, `${label} is out of range.`);

/** A version counter in a JSON body (same range as an id). */
export const version = () => intId("version");

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides and isolates: they make text display differently from what it is. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** A value of a query string that must be one of `allowed`, or `fallback` (links never fail on it). */
export const oneOf = <T extends string>(allowed: readonly T[], value: string | null | undefined, fallback: T): T =>
  (allowed as readonly string[]).includes(value ?? "") ? (value as T) : fallback;

/** The one text normaliser: lone surrogates become U+FFFD, CRLF/CR become LF, control and bidi characters go. */
export function cleanText(s: string): string {
  return s.toWellFormed().normalize("NFC").replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(BIDI, "");
}

/** A single-line field: cleaned, whitespace runs collapsed, trimmed, 1..max characters. */
export const textLine = (label: string, max: number) =>
  z
    .string({ message: `${label} is required.` })
    .transform((s) => cleanText(s).replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, `${label} is required.`).max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters.`));

/** An optional single-line field ("" when absent). */
export const optionalTextLine = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text.` })
    .optional()
    .transform((s) => cleanText(s ?? "").replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters.`));

/** Multi-line text (descriptions, comments, reasons): line breaks kept, ends trimmed. */
export const textBlock = (label: string, max: number, required = false) =>
  z
    .string({ message: `${label} must be text.` })
    .optional()
    .transform((s) => cleanText(s ?? "").trim())
    .pipe(required ? z.string().min(1, `${label} is required.`).max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters.`) : z.string().max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters.`));

export const MAX_BODY_BYTES = 256 * 1024;
const MAX_DEPTH = 16;

/**
 * Cleans every string (and key) of a parsed JSON value, refusing structures deeper than any of our
 * bodies. Iterative, so a hostile nesting depth cannot overflow the stack.
 */
export function cleanJson(value: unknown): unknown {
  const root = { v: value };
  const stack: { holder: Record<string, unknown> | unknown[]; key: string | number; depth: number }[] = [{ holder: root as unknown as Record<string, unknown>, key: "v", depth: 0 }];
  while (stack.length) {
    const { holder, key, depth } = stack.pop()!;
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === "string") {
      (holder as Record<string | number, unknown>)[key] = cleanText(v);
    } else if (v && typeof v === "object") {
      if (depth >= MAX_DEPTH) throw new DomainError("invalid_input", `The request body is nested too deeply (more than ${MAX_DEPTH} levels).`);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push({ holder: v, key: i, depth: depth + 1 });
      } else {
        // Rebuild plain objects so that keys are cleaned too and "__proto__" stays an ordinary key.
        const copy: Record<string, unknown> = Object.create(null);
        for (const [k, inner] of Object.entries(v)) Object.defineProperty(copy, cleanText(k), { value: inner, enumerable: true, writable: true, configurable: true });
        (holder as Record<string | number, unknown>)[key] = copy;
        for (const k of Object.keys(copy)) stack.push({ holder: copy, key: k, depth: depth + 1 });
      }
    }
  }
  return root.v;
}

/** Reads a JSON body and validates it; a body that is not JSON, too big or too deep is a 400, never a 500. */
export async function parseJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  // Only JSON bodies: a cross-site HTML form cannot send application/json without a CORS preflight.
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new DomainError("invalid_input", "Send the request body as JSON (Content-Type: application/json).");
  }
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new DomainError("invalid_input", "The request body could not be read.");
  }
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("invalid_input", "The request body must be JSON.");
  }
  return schema.parse(cleanJson(body));
}

const tooLarge = () => new DomainError("invalid_input", `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);

/** A query string or a form as a plain record of cleaned strings (the first value of each name). */
export function cleanFields(source: URLSearchParams | FormData): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of source.entries()) if (typeof v === "string" && !(k in out)) out[cleanText(k)] = cleanText(v);
  return out;
}

/** Route parameters: anything that does not match is simply not there (404). */
export function parseParams<T>(params: unknown, schema: ZodType<T>): T {
  const r = schema.safeParse(params);
  if (!r.success) throw new DomainError("not_found", "No such resource.");
  return r.data;
}

export const idParams = z.object({ id: intIdText() });
