/**
 * The harness for mock servers of outside systems (jobsub/LENS, SAM, MetaCat, FTS, FIFEmon…). Each mock
 * is a set of routes that answer in the real system's wire format from a scenario (data plus a
 * timeline) at the harness's controllable clock. Any route can be made to fail in the ways real
 * systems fail (shared/monitors.md), from the test's code, by a control endpoint, or per request by a
 * header; every request received is logged so a test can assert the query text and time window.
 * One process serves many mocks on one port, each under its own path prefix.
 *
 * Control endpoints: POST /__mock/fault {route, fault, times?}, POST /__mock/clock {advance},
 * GET /__mock/requests, POST /__mock/reset. Per request: header `x-mock-fault: <fault>`. Both are on by default (the
 * tests); `control: false` (the demo that `npm start` serves) turns them off: /__mock/* is 404 and the header ignored.
 * A bad request (a path that is no valid percent-encoding, a control body that is no JSON) is a 400; a handler that
 * throws is a 500: nothing a client sends can take the process down.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const FAULTS = ["timeout", "hang", "reset", "http500", "http502", "http503", "auth401", "auth403", "truncated", "wrong-content-type", "empty"] as const;
export type Fault = (typeof FAULTS)[number];

/** The failure kind (lib/adapters/result.ts) an adapter must answer for each fault a mock produces. */
export const FAULT_KIND: Record<Fault, "timeout" | "network" | "http" | "auth" | "parse"> = {
  timeout: "timeout",
  hang: "timeout",
  reset: "network",
  http500: "http",
  http502: "http",
  http503: "http",
  auth401: "auth",
  auth403: "auth",
  truncated: "parse",
  "wrong-content-type": "parse",
  empty: "parse",
};

export type MockRequest = { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string; params: Record<string, string>; at: number };
export type MockResponse = { status?: number; json?: unknown; text?: string; contentType?: string };
export type MockHandler<S> = (req: MockRequest, ctx: { now: number; scenario: S }) => MockResponse | Promise<MockResponse>;

export type MockServer<S> = {
  url: string;
  /** Seconds since the epoch, as the mock sees them. */
  clock: { now: () => number; advance: (seconds: number) => void; set: (seconds: number) => void };
  scenario: S;
  /** Make `route` ("GET /lens/query") fail `times` times (default: until cleared). */
  fault: (route: string, fault: Fault, times?: number) => void;
  clearFaults: () => void;
  requests: MockRequest[];
  close: () => Promise<void>;
};

const HTML_ERROR = (status: number) => `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status} Service Unavailable</h1><hr><address>nginx</address></body></html>`;

type Compiled<S> = { key: string; method: string; parts: string[]; handler: MockHandler<S> };

function compile<S>(routes: Record<string, MockHandler<S>>): Compiled<S>[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ");
    return { key, method, parts: pattern.split("/").filter(Boolean), handler };
  });
}

/** A path segment decoded, or null when it is no valid percent-encoding ("%E0%A4%A"). */
function decodeSegment(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

function match<S>(routes: Compiled<S>[], method: string, path: string): { route: Compiled<S>; params: Record<string, string> } | "bad-path" | null {
  const segs = path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method || route.parts.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let bad = false;
    const ok = route.parts.every((p, i) => {
      if (!p.startsWith(":")) return p === segs[i];
      const value = decodeSegment(segs[i]);
      if (value === null) return !(bad = true);
      params[p.slice(1)] = value;
      return true;
    });
    if (bad) return "bad-path";
    if (ok) return { route, params };
  }
  return null;
}

export type MockServerOptions<S> = {
  routes: Record<string, MockHandler<S>>;
  scenario: S;
  startAt?: number;
  slowMs?: number;
  port?: number;
  /** The control endpoints (/__mock/*) and the per-request fault header; default on. Off for the demo. */
  control?: boolean;
};

export async function startMockServer<S>(opts: MockServerOptions<S>): Promise<MockServer<S>> {
  const control = opts.control ?? true;
  const routes = compile(opts.routes);
  let now = opts.startAt ?? Math.floor(Date.now() / 1000);
  const faults = new Map<string, { fault: Fault; remaining: number }>();
  const requests: MockRequest[] = [];
  const sockets = new Set<Socket>();
  const slowMs = opts.slowMs ?? 15_000;

  const takeFault = (key: string): Fault | null => {
    const f = faults.get(key);
    if (!f) return null;
    if (--f.remaining <= 0) faults.delete(key);
    return f.fault;
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Never an unhandled rejection: the mock may run inside the app's own process (scripts/serve.ts).
      if (res.headersSent) return void res.destroy();
      const text = JSON.stringify({ error: `the mock failed: ${err instanceof Error ? err.message : String(err)}` });
      res.writeHead(500, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://mock");
    const send = (status: number, text: string, contentType = "application/json") => {
      res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
      res.end(text);
    };

    if (url.pathname.startsWith("/__mock/")) {
      if (!control) return send(404, JSON.stringify({ error: "no such route in this mock" }));
      let input: Record<string, unknown>;
      try {
        const parsed: unknown = body ? JSON.parse(body) : {};
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return send(400, JSON.stringify({ error: "the body must be a JSON object" }));
        input = parsed as Record<string, unknown>;
      } catch {
        return send(400, JSON.stringify({ error: "the body must be JSON" }));
      }
      if (url.pathname === "/__mock/fault") {
        if (!FAULTS.includes(input.fault as Fault)) return send(400, JSON.stringify({ error: `fault must be one of ${FAULTS.join(", ")}` }));
        faults.set(String(input.route), { fault: input.fault as Fault, remaining: Number(input.times ?? Infinity) });
        return send(200, "{}");
      }
      if (url.pathname === "/__mock/clock") {
        now += Number(input.advance ?? 0);
        return send(200, JSON.stringify({ now }));
      }
      if (url.pathname === "/__mock/requests") return send(200, JSON.stringify(requests));
      if (url.pathname === "/__mock/reset") {
        faults.clear();
        requests.length = 0;
        return send(200, "{}");
      }
      return send(404, "{}");
    }

    const matched = match(routes, req.method ?? "GET", url.pathname);
    if (matched === "bad-path") return send(400, JSON.stringify({ error: "the path is not valid percent-encoding" }));
    const found = matched;
    const entry: MockRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, params: found?.params ?? {}, at: now };
    requests.push(entry);
    if (!found) return send(404, JSON.stringify({ error: "no such route in this mock" }));

    const headerFault = control ? req.headers["x-mock-fault"] : undefined;
    const fault = (typeof headerFault === "string" && FAULTS.includes(headerFault as Fault) ? (headerFault as Fault) : null) ?? takeFault(found.route.key);
    if (fault === "hang") return; // accept, never answer (the socket is destroyed on close)
    if (fault === "reset") return req.socket.destroy();
    if (fault === "timeout") await new Promise((r) => setTimeout(r, slowMs));
    if (fault === "http500" || fault === "http502" || fault === "http503") return send(Number(fault.slice(4)), HTML_ERROR(Number(fault.slice(4))), "text/html");
    if (fault === "auth401") return send(401, JSON.stringify({ error: "token expired" }));
    if (fault === "auth403") return send(403, JSON.stringify({ error: "forbidden" }));
    if (fault === "empty") return send(200, "");

    const answer = await found.route.handler(entry, { now, scenario: opts.scenario });
    const text = answer.text ?? JSON.stringify(answer.json ?? null);
    if (fault === "truncated") return send(answer.status ?? 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))), answer.contentType ?? "application/json");
    if (fault === "wrong-content-type") return send(answer.status ?? 200, text, "text/html; charset=utf-8");
    return send(answer.status ?? 200, text, answer.contentType ?? (answer.text !== undefined ? "text/plain" : "application/json"));
  };
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    clock: { now: () => now, advance: (s) => void (now += s), set: (s) => void (now = s) },
    scenario: opts.scenario,
    fault: (route, fault, times = Infinity) => void faults.set(route, { fault, remaining: times }),
    clearFaults: () => faults.clear(),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
