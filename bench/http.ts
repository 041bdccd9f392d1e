/**
 * HTTP benchmark of the built app (`next start`), end to end over loopback:
 *   1. a throwaway embedded PostgreSQL (pg_stat_statements preloaded), migrated and demo-seeded
 *      (`--cards N` tops the open board up to N cards, as bench/board.ts does);
 *   2. `next build` when .next/BUILD_ID is missing (or with --build), then `next start` on a free port;
 *   3. signs in oscar (an OPOS operator) through the development sign-in;
 *   4. 20 keep-alive clients per route, 2 s warm-up + 8 s measured: req/s, p50, p95 and the ratio
 *      to the 401 path (GET /api/v1/tasks without a session, the framework's floor);
 *   5. database statements per request and route (pg_stat_statements over sequential requests),
 *      and the statements every signed-in request shares (session + roles);
 *   6. a CPU profile of the server under the /board page load, top self time by module and function.
 * Everything it starts (PostgreSQL, next build, next start) is stopped by PID at the end, on
 * error and on SIGINT/SIGTERM.
 * Run: npm run bench:http [-- --cards 2000] [--build] [--duration 8] [--warmup 2] [--rounds 4] [--clients 20]
 *      [--profile /api/v1/tasks?pageSize=50] (the route to profile, /board by default) [--no-profile]
 *      [--app <dir>] (build and serve another checkout of POMS, e.g. a worktree of the previous
 *      commit, against the same database: before/after comparisons on one machine state)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { createDbClient } from "../lib/db/client";
import { seedDemoData } from "../lib/demo/seed";
import { MIGRATIONS_DIR, ROOT } from "../lib/db/bootstrap";
import { get, pct, runLoad, type LoadResult } from "./load";
import { postmasterPid, treeCpuMs } from "./proc";
import { seedBoardCards } from "./seed-cards";
import { summariseProfile } from "./cpuprofile";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const num = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const CLIENTS = num("clients", 20);
const WARMUP_MS = num("warmup", 2) * 1000;
const DURATION_MS = num("duration", 8) * 1000;
const CARDS = num("cards", 0);
const APP = args.includes("--app") ? path.resolve(args[args.indexOf("--app") + 1]) : ROOT;
const ROUNDS = num("rounds", 4);
const QUERY_SAMPLES = 10;
const MAX_REQUESTS = 200_000;
const SECRET = "bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const log = (m: string) => console.log(`[bench ${elapsed()}] ${m}`);

// ─── everything this run starts, so it can all be stopped ──────────────────────────────────────
const children = new Set<ChildProcess>();
const tmp = mkdtempSync(path.join(os.tmpdir(), "poms-bench-http-"));
chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach its data folder in here
let database: EmbeddedDatabase | null = null;
let cleaning: Promise<void> | null = null;

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    process.kill(child.pid, "SIGTERM");
    if (!(await waitExit(child, 10_000))) {
      process.kill(child.pid, "SIGKILL");
      await waitExit(child, 5_000);
    }
  }
  children.delete(child);
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of [...children]) await stopChild(c).catch(() => {});
    await database?.stop().catch(() => {});
    if (database) rmSync(database.dataDir, { recursive: true, force: true }); // the postgres user's fallback folder, when tmp was private
    rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n[bench] ${sig}: stopping what this run started`);
    void cleanup().then(() => process.exit(130));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function startChild(cmdArgs: string[], env: NodeJS.ProcessEnv, name: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, cmdArgs, { cwd: APP, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.on("exit", () => children.delete(child));
  log(`${name} started, pid ${child.pid}`);
  return { child, output: () => out };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (f.startsWith("generated") || f.includes("node_modules")) continue;
    const st = statSync(path.join(dir, f));
    if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

// ─── the run ───────────────────────────────────────────────────────────────────────────────
type Row = { name: string; path: string; signedIn: boolean; expectStatus: number; accept?: string };

try {
  const loadavg = os.loadavg();
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg.map((l) => l.toFixed(2)).join(" ")}`);

  // 1. PostgreSQL, restarted once so that pg_stat_statements is preloaded.
  const dataDir = path.join(tmp, "pg");
  database = await startEmbeddedPostgres({ dataDir, database: "bench", quiet: true, throwaway: true });
  const pgPort = Number(new URL(database.url).port);
  {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await c.end();
    await database.stop();
    database = await startEmbeddedPostgres({ dataDir, port: pgPort, database: "bench", quiet: true, throwaway: true });
  }
  const url = database.url;
  await applyMigrations(url, MIGRATIONS_DIR, () => {});
  {
    const client = createDbClient(url, 2);
    await seedDemoData(client);
    if (CARDS) {
      const r = await seedBoardCards(client, CARDS);
      log(`added ${r.added} open tasks: ${CARDS} open cards over ${r.experiments} experiments`);
    }
    await client.$disconnect();
  }
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  await stats.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const counts = (await stats.query(`SELECT (SELECT count(*) FROM "Task")::int AS tasks, (SELECT count(*) FROM "Task" WHERE status IN ('APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD','DONE'))::int AS board`)).rows[0];
  const task = (
    await stats.query(`SELECT t.id, t.title, (SELECT count(*) FROM "TaskEvent" e WHERE e."taskId" = t.id)::int AS events
                         FROM "Task" t ORDER BY (SELECT count(*) FROM "TaskEvent" e WHERE e."taskId" = t.id) DESC, t.id LIMIT 1`)
  ).rows[0] as { id: number; title: string; events: number };
  log(`database ready: ${counts.tasks} tasks (${counts.board} in board statuses); task page: /tasks/${task.id} (${task.events} events)`);

  // 2. Build when needed, then start.
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: `http://localhost:${port}`,
    POMS_DEV_SIGNIN: "1",
    POMS_DEV_SIGNIN_IN_PRODUCTION: "i-understand",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const buildId = path.join(APP, ".next/BUILD_ID");
  if (APP !== ROOT) log(`serving the app in ${APP}`);
  if (flag("build") || !existsSync(buildId)) {
    log("building (next build)…");
    const b = startChild(["node_modules/next/dist/bin/next", "build"], env, "next build");
    await waitExit(b.child, 600_000);
    if (b.child.exitCode !== 0) throw new Error(`next build failed:\n${b.output()}`);
    log("build done");
  } else if (newestSource(path.join(APP, "lib")) > statSync(buildId).mtimeMs || newestSource(path.join(APP, "app")) > statSync(buildId).mtimeMs) {
    log("WARNING: sources are newer than .next/BUILD_ID; this measures the old build (pass --build to rebuild)");
  }

  async function startServer(nodeFlags: string[]) {
    const s = startChild([...nodeFlags, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], env, "next start");
    const agent = new http.Agent({ keepAlive: false });
    const deadline = performance.now() + 60_000;
    for (;;) {
      if (s.child.exitCode !== null) throw new Error(`next start exited:\n${s.output()}`);
      try {
        const r = await get(agent, { port, path: "/api/health" }, 5_000);
        if (r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (performance.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${s.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return s;
  }
  let server = await startServer([]);
  log(`next start ready on 127.0.0.1:${port}`);

  // 3. Sign in oscar through the development sign-in (next-auth credentials provider "dev").
  const cookieJar = new Map<string, string>();
  const absorb = (h: http.IncomingHttpHeaders) => {
    for (const c of h["set-cookie"] ?? []) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      cookieJar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...cookieJar].map(([k, v]) => `${k}=${v}`).join("; ");
  const signAgent = new http.Agent({ keepAlive: false });
  const csrf = await get(signAgent, { port, path: "/api/auth/csrf" });
  absorb(csrf.headers);
  const { csrfToken } = JSON.parse(csrf.body.toString()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: "oscar", json: "true", callbackUrl: `http://localhost:${port}/` }).toString();
  const signed = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/auth/callback/dev", method: "POST", agent: signAgent, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(form), cookie: cookieHeader() } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res));
      },
    );
    req.on("error", reject);
    req.end(form);
  });
  absorb(signed.headers);
  const sessionCookie = [...cookieJar].find(([k]) => k.endsWith("next-auth.session-token"));
  if (!sessionCookie) throw new Error(`sign-in failed (status ${signed.statusCode}): no session cookie`);
  const cookie = `${sessionCookie[0]}=${sessionCookie[1]}`;
  const who = JSON.parse((await get(signAgent, { port, path: "/api/auth/session", headers: { cookie } })).body.toString()) as { personId?: number; user?: { name?: string } };
  if (!who.personId) throw new Error("sign-in failed: the session has no person");
  log(`signed in as ${who.user?.name} (person ${who.personId})`);

  const rows: Row[] = [
    { name: "401: GET /api/v1/tasks, no session (floor)", path: "/api/v1/tasks", signedIn: false, expectStatus: 401 },
    { name: "GET /api/v1/tasks?pageSize=50", path: "/api/v1/tasks?pageSize=50", signedIn: true, expectStatus: 200 },
    { name: "GET /api/v1/board", path: "/api/v1/board", signedIn: true, expectStatus: 200 },
    { name: "page /board", path: "/board", signedIn: true, expectStatus: 200, accept: "text/html" },
    { name: `page /tasks/${task.id}`, path: `/tasks/${task.id}`, signedIn: true, expectStatus: 200, accept: "text/html" },
    { name: "page / (dashboard)", path: "/", signedIn: true, expectStatus: 200, accept: "text/html" },
  ];
  const headersFor = (r: Row) => ({ ...(r.signedIn ? { cookie } : {}), accept: r.accept ?? "application/json" });

  // Sanity: every route answers as expected before it is timed, and the session check holds
  // (a tampered cookie is no session; pages send strangers to sign-in; sign-in sends people home).
  for (const r of rows) {
    const res = await get(signAgent, { port, path: r.path, headers: headersFor(r) });
    if (res.status !== r.expectStatus) throw new Error(`${r.path}: expected ${r.expectStatus}, got ${res.status}: ${res.body.toString().slice(0, 300)}`);
  }
  const tampered = `${sessionCookie[0]}=${sessionCookie[1].slice(0, -4)}AAAA`;
  const checks: [string, Record<string, string>, number, string?][] = [
    ["/api/v1/tasks", { cookie: tampered }, 401],
    ["/board", {}, 307, "/signin"],
    ["/board", { cookie: tampered }, 307, "/signin"],
    ["/signin", { cookie }, 307, "/"],
  ];
  for (const [p, h, status, location] of checks) {
    const res = await get(signAgent, { port, path: p, headers: h });
    const loc = String(res.headers.location ?? "").replace(/^https?:\/\/[^/]+/, "");
    if (res.status !== status || (location && loc !== location && !loc.startsWith(`${location}?`))) {
      throw new Error(`${p} with ${h.cookie ? (h.cookie === cookie ? "the session" : "a tampered session") : "no session"}: expected ${status}${location ? ` to ${location}` : ""}, got ${res.status} ${res.headers.location ?? ""}`);
    }
  }
  log("session checks passed (tampered cookie → 401, pages without a session → /signin, /signin with one → /)");

  // 4. Throughput and latency: each route warmed up once, then measured in ROUNDS interleaved
  // slices (route 1, 2, …, 6, route 1, 2, …), so that a build someone starts half-way through
  // weighs on every route alike rather than on the last ones. Server and PostgreSQL CPU time per
  // request come from /proc and do not count time spent waiting for a core.
  const pgPid = postmasterPid(database.dataDir);
  type Measured = { requests: number; completed: number; seconds: number; latencies: number[]; statuses: Record<number, number>; errors: number; bytes: number; nodeCpuMs: number; pgCpuMs: number; clientCpuMs: number };
  const measured = new Map<Row, Measured>(rows.map((r) => [r, { requests: 0, completed: 0, seconds: 0, latencies: [], statuses: {}, errors: 0, bytes: 0, nodeCpuMs: 0, pgCpuMs: 0, clientCpuMs: 0 }]));
  const target = (r: Row) => ({ port, path: r.path, headers: headersFor(r), expectStatus: r.expectStatus });
  for (const r of rows) await runLoad(target(r), { clients: CLIENTS, warmupMs: 0, durationMs: WARMUP_MS, maxRequests: MAX_REQUESTS });
  log(`warmed up; measuring ${ROUNDS} rounds of ${(DURATION_MS / ROUNDS / 1000).toFixed(1)} s per route`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of rows) {
      const m = measured.get(r)!;
      const n0 = treeCpuMs(server.child.pid!);
      const p0 = treeCpuMs(pgPid);
      const c0 = process.cpuUsage();
      const x = await runLoad(target(r), { clients: CLIENTS, warmupMs: 0, durationMs: DURATION_MS / ROUNDS, maxRequests: MAX_REQUESTS });
      const c = process.cpuUsage(c0);
      m.nodeCpuMs += treeCpuMs(server.child.pid!) - n0;
      m.pgCpuMs += treeCpuMs(pgPid) - p0;
      m.clientCpuMs += (c.user + c.system) / 1000;
      m.requests += x.requests;
      m.completed += x.completed;
      m.seconds += x.seconds;
      m.latencies.push(...x.latencies);
      m.errors += x.errors;
      m.bytes += x.meanBytes * x.requests;
      for (const [k, v] of Object.entries(x.statuses)) m.statuses[Number(k)] = (m.statuses[Number(k)] ?? 0) + v;
    }
  }
  const results = new Map<Row, LoadResult & { nodeCpuPerReq: number; pgCpuPerReq: number }>();
  for (const r of rows) {
    const m = measured.get(r)!;
    results.set(r, {
      requests: m.requests,
      completed: m.completed,
      latencies: m.latencies,
      seconds: m.seconds,
      rps: m.requests / m.seconds,
      p50: pct(m.latencies, 50),
      p95: pct(m.latencies, 95),
      p99: pct(m.latencies, 99),
      errors: m.errors,
      statuses: m.statuses,
      meanBytes: m.requests ? m.bytes / m.requests : 0,
      nodeCpuPerReq: m.nodeCpuMs / m.completed,
      pgCpuPerReq: m.pgCpuMs / m.completed,
    });
    log(`${r.name}: ${(m.requests / m.seconds).toFixed(0)} req/s, statuses ${JSON.stringify(m.statuses)}, server CPU ${(m.nodeCpuMs / m.completed).toFixed(2)} ms/req, PostgreSQL CPU ${(m.pgCpuMs / m.completed).toFixed(2)} ms/req, load generator ${((m.clientCpuMs / (m.seconds * 1000)) * 100).toFixed(0)} % of a core`);
  }

  // 5. Database statements per request (sequential requests, pg_stat_statements).
  type Stmt = { query: string; calls: number };
  const readStatements = async (): Promise<Stmt[]> =>
    (
      await stats.query(
        `SELECT query, calls::int FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT ILIKE '%pg_stat_statements%' ORDER BY calls DESC, query`,
      )
    ).rows;
  const seqAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await stats.query("SELECT pg_stat_statements_reset()");
  await new Promise((r) => setTimeout(r, 1000));
  const idle = (await readStatements()).reduce((s, q) => s + q.calls, 0);
  const perRoute = new Map<Row, Stmt[]>();
  for (const r of rows) {
    await get(seqAgent, { port, path: r.path, headers: headersFor(r) });
    await stats.query("SELECT pg_stat_statements_reset()");
    for (let i = 0; i < QUERY_SAMPLES; i++) await get(seqAgent, { port, path: r.path, headers: headersFor(r) });
    perRoute.set(r, await readStatements());
  }
  seqAgent.destroy();
  const perRequest = (r: Row) => perRoute.get(r)!.reduce((s, q) => s + q.calls, 0) / QUERY_SAMPLES;
  const signedInRows = rows.filter((r) => r.signedIn);
  const shared = perRoute
    .get(signedInRows[0])!
    .filter((q) => signedInRows.every((r) => perRoute.get(r)!.some((o) => o.query === q.query && o.calls === q.calls)));
  const sessionPerRequest = shared.reduce((s, q) => s + q.calls, 0) / QUERY_SAMPLES;

  // 6. CPU profile of the server under the /board page load.
  let profileText = "";
  if (!flag("no-profile")) {
    await stopChild(server.child);
    const profDir = path.join(tmp, "prof");
    server = await startServer(["--cpu-prof", `--cpu-prof-dir=${profDir}`]);
    const profiled = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : "/board";
    const board = rows.find((r) => r.path === profiled) ?? { name: profiled, path: profiled, signedIn: true, expectStatus: 200 };
    await runLoad({ port, path: board.path, headers: headersFor(board), expectStatus: 200 }, { clients: CLIENTS, warmupMs: 0, durationMs: WARMUP_MS, maxRequests: MAX_REQUESTS });
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const prof = await runLoad({ port, path: board.path, headers: headersFor(board), expectStatus: 200 }, { clients: CLIENTS, warmupMs: 0, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS });
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await stopChild(server.child);
    const file = existsSync(profDir) ? readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0] : undefined;
    if (!file) {
      profileText = "no CPU profile was written";
    } else {
      const s = summariseProfile(file, APP, { fromUs, toUs }, 15);
      const lines = [
        `CPU profile of next start under ${board.path} load (${CLIENTS} clients, ${prof.rps.toFixed(0)} req/s while profiled): ${s.windowMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy on the server's main thread (${((s.busyMs / s.windowMs) * 100).toFixed(0)} %)`,
        "  self time by module:",
        ...s.byModule.map((m) => `    ${(m.share * 100).toFixed(1).padStart(5)} %  ${m.ms.toFixed(0).padStart(6)} ms  ${m.label}`),
        "  self time by function:",
        ...s.byFunction.map((f) => `    ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(6)} ms  ${f.label}  [${f.module}]`),
      ];
      profileText = lines.join("\n");
    }
  } else {
    await stopChild(server.child);
  }
  await stats.end();

  // ─── report ─────────────────────────────────────────────────────────────────────────────
  const floor = results.get(rows[0])!;
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nHTTP, measured: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${CLIENTS} keep-alive clients, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per route in ${ROUNDS} interleaved rounds, ${counts.tasks} tasks (${counts.board} in board statuses)`);
  console.log(
    `${"route".padEnd(w)}  ${"req/s".padStart(7)}  ${"p50 ms".padStart(7)}  ${"p95 ms".padStart(7)}  ${"vs 401".padStart(6)}  ${"node ms/req".padStart(11)}  ${"vs 401".padStart(6)}  ${"pg ms/req".padStart(9)}  ${"KiB".padStart(6)}  ${"stmts/req".padStart(9)}  errors`,
  );
  for (const r of rows) {
    const x = results.get(r)!;
    console.log(
      `${r.name.padEnd(w)}  ${x.rps.toFixed(0).padStart(7)}  ${x.p50.toFixed(1).padStart(7)}  ${x.p95.toFixed(1).padStart(7)}  ${((x.rps / floor.rps) * 100).toFixed(0).padStart(5)}%  ${x.nodeCpuPerReq.toFixed(2).padStart(11)}  ${((floor.nodeCpuPerReq / x.nodeCpuPerReq) * 100).toFixed(0).padStart(5)}%  ${x.pgCpuPerReq.toFixed(2).padStart(9)}  ${(x.meanBytes / 1024).toFixed(1).padStart(6)}  ${perRequest(r).toFixed(1).padStart(9)}  ${x.errors}`,
    );
  }
  console.log(`("vs 401": req/s as a share of the 401 path's; the second "vs 401" is the 401 path's server CPU per request over this route's, i.e. the req/s share a server with a core to itself would reach)`);
  console.log(`\nDatabase statements (pg_stat_statements, ${QUERY_SAMPLES} sequential requests per route; ${idle} statements in 1 s idle):`);
  console.log(`  session + roles (statements every signed-in route shares): ${sessionPerRequest.toFixed(1)} per request`);
  for (const q of shared) console.log(`    ${(q.calls / QUERY_SAMPLES).toFixed(1)} × ${q.query.replace(/\s+/g, " ").slice(0, 150)}`);
  for (const r of signedInRows) {
    console.log(`  ${r.name}: ${perRequest(r).toFixed(1)} per request`);
    for (const q of perRoute.get(r)!) {
      if (shared.some((s) => s.query === q.query)) continue;
      console.log(`    ${(q.calls / QUERY_SAMPLES).toFixed(1)} × ${q.query.replace(/\s+/g, " ").slice(0, 150)}`);
    }
  }
  if (profileText) console.log(`\n${profileText}`);
  log(`done; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
