/**
 * The HTTP client every adapter uses: a time limit on the whole exchange (a hang is a timeout), and
 * every fault turned into an AdapterFailure of the right kind; the answer is checked against a schema.
 * Bounded concurrency for many calls: `inBatches`.
 */
import type { ZodType } from "zod";
import { failure, success, type AdapterResult } from "./result";

export type HttpRequest = { url: string; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; timeoutMs?: number; maxBytes?: number };
export type HttpAnswer = { status: number; contentType: string; text: string };

const MAX_BODY = 32 * 1024 * 1024;
const EXCERPT = 120;

/**
 * A short, cleaned excerpt of text an outside server sent, for a message a person reads: control and format
 * characters dropped, white space collapsed, at most 120 characters. Remote bodies are never echoed beyond it.
 */
export function remoteExcerpt(text: string, max = EXCERPT): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]+/gu, " ").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The body as text, read chunk by chunk and abandoned as soon as it passes `maxBytes` (never buffered past it). */
async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  if (!res.body) return "";
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel().catch(() => {});
    return null;
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ""}` : err instanceof Error ? err.message : String(err);
}

/** One request; the body is read within the same time limit, and given up on once it passes `maxBytes` (32 MB). */
export async function httpText(req: HttpRequest): Promise<AdapterResult<HttpAnswer>> {
  const timeoutMs = req.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(req.url, { method: req.method ?? "GET", headers: req.headers, body: req.body, signal, redirect: "manual" });
    const maxBytes = req.maxBytes ?? MAX_BODY;
    const text = await readCapped(res, maxBytes);
    if (text === null) return failure("parse", `The answer is larger than ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`}.`, res.status);
    const answer = { status: res.status, contentType: remoteExcerpt(res.headers.get("content-type") ?? "", 200), text };
    if (res.status === 401 || res.status === 403) return failure("auth", `Refused credentials (HTTP ${res.status}).`, res.status);
    if (res.status === 404) return failure("not_found", "Not found (HTTP 404).", res.status);
    if (res.status < 200 || res.status >= 300) return failure("http", `HTTP ${res.status}${text.trimStart().startsWith("<") ? " (an HTML error page)" : `: ${remoteExcerpt(text)}`}`, res.status);
    return success(answer);
  } catch (err) {
    if (signal.aborted) return failure("timeout", `No complete answer within ${timeoutMs} ms.`);
    return failure("network", `Could not reach ${new URL(req.url).host}: ${describeNetworkError(err)}.`);
  }
}

/** A JSON answer checked against `schema`: wrong content type, empty or truncated bodies are parse failures. */
export async function httpJson<T>(req: HttpRequest, schema: ZodType<T>): Promise<AdapterResult<T>> {
  const r = await httpText(req);
  if (!r.ok) return r;
  const { contentType, text, status } = r.value;
  if (!/\bjson\b/i.test(contentType)) return failure("parse", `Expected JSON, got ${contentType || "no content type"}.`, status);
  if (!text.trim()) return failure("parse", "The answer was empty.", status);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return failure("parse", "The answer is not valid JSON (truncated?).", status);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return failure("schema", `Unexpected answer: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}.`, status);
  return success(parsed.data);
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
export async function inBatches<I, O>(items: readonly I[], limit: number, work: (item: I) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
