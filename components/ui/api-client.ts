/**
 * Talking to our own /api/v1 from client islands: the error's message in people's words (the API's own message
 * when it sent one), never a stack or a status code alone.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const UNREACHABLE = "The server could not be reached. Check your connection; the page tries again by itself.";

/** The SWR fetcher: JSON, or an ApiError carrying the API's message. */
export async function getJson<T>(url: string): Promise<T> {
  let r: Response;
  try {
    r = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(json?.error?.message ?? `The server refused (${r.status}).`, r.status);
  return json as T;
}

export type Sent<T> = { ok: true; data: T } | { ok: false; message: string; status: number };

/** A change: POST/PUT/PATCH/DELETE with a JSON body; the answer or the reason it was refused. Never throws. */
export async function sendJson<T>(url: string, method: "POST" | "PUT" | "PATCH" | "DELETE", body?: unknown): Promise<Sent<T>> {
  try {
    const r = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 204) return { ok: true, data: undefined as T };
    const json = await r.json().catch(() => ({}));
    if (!r.ok) return { ok: false, message: json?.error?.message ?? `The server refused (${r.status}).`, status: r.status };
    return { ok: true, data: json as T };
  } catch {
    return { ok: false, message: "The server could not be reached, so nothing was changed. Check your connection and try again.", status: 0 };
  }
}
