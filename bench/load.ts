/**
 * A small closed-loop HTTP load generator for the benches: `clients` workers, each sending one
 * request at a time over a keep-alive connection (node:http, whose client costs less CPU than
 * fetch on a 2-core machine where the server shares the cores), for a warm-up and then a fixed
 * measuring window. Bounded in time and count; loopback only.
 */
import http from "node:http";

export type Target = { port: number; path: string; headers?: Record<string, string>; expectStatus: number };
export type LoadResult = {
  /** Requests that started after the warm-up and finished inside the window. */
  requests: number;
  /** Every request completed during the call, warm-up and tail included (for CPU per request). */
  completed: number;
  latencies: number[];
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  statuses: Record<number, number>;
  meanBytes: number;
};

export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** One GET, the body read to its end. */
export function get(agent: http.Agent, t: Pick<Target, "port" | "path" | "headers">, timeoutMs = 30_000): Promise<{ status: number; bytes: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: t.port, path: t.path, method: "GET", headers: t.headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, body, headers: res.headers });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${t.path}`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Closed loop: `clients` workers send requests back to back until `warmupMs + durationMs` have
 * passed, then the requests in flight finish. Measured: the requests that started after the
 * warm-up, over the time from the warm-up's end to the last of them finishing. The server stays
 * saturated from start to finish, so this is its capacity even when one request takes longer
 * than the window (a slow page under 20 clients), where "finished inside the window" would
 * count nothing.
 */
export async function runLoad(t: Target, opts: { clients: number; warmupMs: number; durationMs: number; maxRequests: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients, maxFreeSockets: opts.clients });
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let bytes = 0;
  let sent = 0;
  let completed = 0;
  let lastDone = measureFrom;
  try {
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (performance.now() < end && sent < opts.maxRequests) {
          sent++;
          const s = performance.now();
          let status = 0;
          let size = 0;
          try {
            const r = await get(agent, t);
            status = r.status;
            size = r.bytes;
          } catch {
            status = 0;
          }
          const done = performance.now();
          completed++;
          if (s >= measureFrom) {
            latencies.push(done - s);
            statuses[status] = (statuses[status] ?? 0) + 1;
            bytes += size;
            if (status !== t.expectStatus) errors++;
            lastDone = Math.max(lastDone, done);
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = Math.max(lastDone - measureFrom, 1) / 1000;
  return {
    requests: latencies.length,
    completed,
    latencies,
    seconds,
    rps: latencies.length / seconds,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    errors,
    statuses,
    meanBytes: latencies.length ? bytes / latencies.length : 0,
  };
}
