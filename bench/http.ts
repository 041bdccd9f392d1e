/**
 * HTTP benchmark of the built app (`next start`), end to end over loopback:
 *   1. a throwaway embedded PostgreSQL (pg_stat_statements preloaded), migrated and demo-seeded
 *      (`--cards N` tops the open board up to N cards, as bench/board.ts does);
 *   2. `next build` when .next/BUILD_ID is missing (or with --build), then `next start` on a free port;
 *   3. signs in oscar (an OPOS operator) through the development sign-in, and checks the guard
 *      (a tampered or expired cookie is a 401, pages without a session go to /signin);
 *   4. 20 keep-alive clients per route, 2 s warm-up, then 8 s measured in 4 interleaved rounds:
 *      req/s, p50, p95, the ratio to the 401 path (GET /api/v1/tasks without a session, the
 *      framework's floor), and server and PostgreSQL CPU time per request (from /proc: steadier
 *      than req/s when other work shares the machine);
 *   5. database statements per request and route (pg_stat_statements over sequential requests),
 *      and the statements every signed-in request shares (session + roles);
 *   6. a CPU profile of the server under the /board page load, top self time by module and function.
 * Everything it starts (PostgreSQL, next build, next start) is stopped by PID at the end, on
 * error and on SIGINT/SIGTERM.
 * Run: npm run bench:http [-- --cards 2000] [--build] [--duration 8] [--warmup 2] [--rounds 4] [--clients 20]
 *      [--profile /api/v1/tasks?pageSize=50] (the route to profile, /board by default) [--no-profile]
 *      [--compare <dir>] also builds and serves another checkout of POMS (e.g. a worktree of the
 *      previous commit: `git worktree add --detach /tmp/poms-base HEAD~1`, then copy node_modules
 *      and run `npm run prisma:generate` there) against the same database, its slices interleaved
 *      with this one's: a before/after comparison under one and the same machine load.
 *      [--save <dir>] writes one response of each route there, to look at what is sent.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { encode } from "next-auth/jwt";
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
const COMPARE = args.includes("--compare") ? path.resolve(args[args.indexOf("--compare") + 1]) : null;
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
  const child = spawn(process.execPath, cmdArgs, { cwd: String(env.POMS_BENCH_APP_DIR ?? ROOT), env, stdio: ["ignore", "pipe", "pipe"] });
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
type App = {
  label: string;
  dir: string;
  port: number;
  env: NodeJS.ProcessEnv;
  server: { child: ChildProcess; output: () => string };
  cookie: string;
};

async function buildIfNeeded(dir: string, env: NodeJS.ProcessEnv) {
  const buildId = path.join(dir, ".next/BUILD_ID");
  if (flag("build") || !existsSync(buildId)) {
    log(`building ${dir} (next build)…`);
    const b = startChild(["node_modules/next/dist/bin/next", "build"], env, "next build");
    await waitExit(b.child, 600_000);
    if (b.child.exitCode !== 0) throw new Error(`next build failed:\n${b.output()}`);
    log("build done");
  } else if (newestSource(path.join(dir, "lib")) > statSync(buildId).mtimeMs || newestSource(path.join(dir, "app")) > statSync(buildId).mtimeMs) {
    log(`WARNING: sources in ${dir} are newer than its .next/BUILD_ID; this measures the old build (pass --build to rebuild)`);
  }
}

async function startServer(app: Pick<App, "port" | "env">, nodeFlags: string[]) {
  const s = startChild([...nodeFlags, "node_modules/next/dist/bin/next", "start", "-p", String(app.port), "-H", "127.0.0.1"], app.env, `next start in ${app.env.POMS_BENCH_APP_DIR}`);
  const agent = new http.Agent({ keepAlive: false });
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`next start exited:\n${s.output()}`);
    try {
      const r = await get(agent, { port: app.port, path: "/api/health" }, 5_000);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return s;
}

/** Signs oscar in through the development sign-in (next-auth credentials provider "dev"); returns the session cookie. */
async function signIn(port: number): Promise<{ cookie: string; name: string; value: string }> {
  const jar = new Map<string, string>();
  const absorb = (h: http.IncomingHttpHeaders) => {
    for (const c of h["set-cookie"] ?? []) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const agent = new http.Agent({ keepAlive: false });
  const csrf = await get(agent, { port, path: "/api/auth/csrf" });
  absorb(csrf.headers);
  const { csrfToken } = JSON.parse(csrf.body.toString()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: "oscar", json: "true", callbackUrl: `http://localhost:${port}/` }).toString();
  const signed = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/auth/callback/dev",
        method: "POST",
        agent,
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(form), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res));
      },
    );
    req.on("error", reject);
    req.end(form);
  });
  absorb(signed.headers);
  const session = [...jar].find(([k]) => k.endsWith("next-auth.session-token"));
  if (!session) throw new Error(`sign-in failed (status ${signed.statusCode}): no session cookie`);
  const cookie = `${session[0]}=${session[1]}`;
  const who = JSON.parse((await get(agent, { port, path: "/api/auth/session", headers: { cookie } })).body.toString()) as { personId?: number; user?: { name?: string } };
  if (!who.personId) throw new Error("sign-in failed: the session has no person");
  log(`signed in as ${who.user?.name} (person ${who.personId}) on port ${port}`);
  return { cookie, name: session[0], value: session[1] };
}

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
  stats.on("error", () => {}); // PostgreSQL stopped under it when a build fails: the failure is reported, not this
  await stats.connect();
  await stats.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  const counts = (await stats.query(`SELECT (SELECT count(*) FROM "Task")::int AS tasks, (SELECT count(*) FROM "Task" WHERE status IN ('APPROVED','ASSIGNED','IN_PROGRESS','ON_HOLD','DONE'))::int AS board`)).rows[0];
  const task = (
    await stats.query(`SELECT t.id, t.title, (SELECT count(*) FROM "TaskEvent" e WHERE e."taskId" = t.id)::int AS events
                         FROM "Task" t ORDER BY (SELECT count(*) FROM "TaskEvent" e WHERE e."taskId" = t.id) DESC, t.id LIMIT 1`)
  ).rows[0] as { id: number; title: string; events: number };
  log(`database ready: ${counts.tasks} tasks (${counts.board} in board statuses); task page: /tasks/${task.id} (${task.events} events)`);

  // 2. Build when needed, then start (this checkout, and the one to compare with).
  const apps: App[] = [];
  for (const [label, dir] of [["this", ROOT], ...(COMPARE ? [["compared", COMPARE]] : [])] as [string, string][]) {
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
      POMS_BENCH_APP_DIR: dir,
    };
    await buildIfNeeded(dir, env);
    const server = await startServer({ port, env }, []);
    const commit = (() => {
      try {
        return execFileSync("git", ["-C", dir, "log", "-1", "--format=%h %s"]).toString().trim().slice(0, 90);
      } catch {
        return "?";
      }
    })();
    log(`${label}: ${dir} (${commit}) ready on 127.0.0.1:${port}`);
    const session = await signIn(port);
    apps.push({ label, dir, port, env, server, cookie: session.cookie });

    // The guard, before anything is timed: a tampered cookie is no session; pages send strangers
    // to sign-in; sign-in sends people home.
    const tampered = `${session.name}=${session.value.slice(0, -4)}AAAA`;
    const expired = `${session.name}=${await encode({ token: { sub: "2", personId: 2, name: "Oscar Ortiz" }, secret: SECRET, maxAge: -60 })}`;
    const checks: [string, Record<string, string>, number, string?][] = [
      ["/api/v1/tasks", { cookie: tampered }, 401],
      ["/api/v1/tasks", { cookie: expired }, 401],
      ["/board", {}, 307, "/signin"],
      ["/board", { cookie: tampered }, 307, "/signin"],
      ["/signin", { cookie: session.cookie }, 307, "/"],
    ];
    const agent = new http.Agent({ keepAlive: false });
    for (const [p, h, status, location] of checks) {
      const res = await get(agent, { port, path: p, headers: h });
      const loc = String(res.headers.location ?? "").replace(/^https?:\/\/[^/]+/, "");
      if (res.status !== status || (location && loc !== location && !loc.startsWith(`${location}?`))) {
        throw new Error(`${label} ${p} with ${h.cookie ? (h.cookie === session.cookie ? "the session" : h.cookie === expired ? "an expired session" : "a tampered session") : "no session"}: expected ${status}${location ? ` to ${location}` : ""}, got ${res.status} ${res.headers.location ?? ""}`);
      }
    }
    log(`${label}: session checks passed (tampered or expired cookie → 401, pages without a session → /signin, /signin with one → /)`);
  }

  const rows: Row[] = [
    { name: "401: GET /api/v1/tasks, no session (floor)", path: "/api/v1/tasks", signedIn: false, expectStatus: 401 },
    { name: "GET /api/v1/tasks?pageSize=50", path: "/api/v1/tasks?pageSize=50", signedIn: true, expectStatus: 200 },
    { name: "GET /api/v1/board", path: "/api/v1/board", signedIn: true, expectStatus: 200 },
    { name: "page /board", path: "/board", signedIn: true, expectStatus: 200, accept: "text/html" },
    { name: `page /tasks/${task.id}`, path: `/tasks/${task.id}`, signedIn: true, expectStatus: 200, accept: "text/html" },
    { name: "page / (dashboard)", path: "/", signedIn: true, expectStatus: 200, accept: "text/html" },
  ];
  type Case = { app: App; row: Row; name: string };
  const cases: Case[] = apps.flatMap((app) => rows.map((row) => ({ app, row, name: apps.length > 1 ? `${row.name} [${app.label}]` : row.name })));
  const target = (c: Case) => ({ port: c.app.port, path: c.row.path, headers: { ...(c.row.signedIn ? { cookie: c.app.cookie } : {}), accept: c.row.accept ?? "application/json" }, expectStatus: c.row.expectStatus });
  {
    const agent = new http.Agent({ keepAlive: false });
    const saveDir = args.includes("--save") ? path.resolve(args[args.indexOf("--save") + 1]) : null;
    if (saveDir) mkdirSync(saveDir, { recursive: true });
    for (const c of cases) {
      const res = await get(agent, target(c));
      if (res.status !== c.row.expectStatus) throw new Error(`${c.name}: expected ${c.row.expectStatus}, got ${res.status}: ${res.body.toString().slice(0, 300)}`);
      if (saveDir) writeFileSync(path.join(saveDir, `${c.app.label}${c.row.path.replace(/[^a-z0-9]+/gi, "_")}.${c.row.accept === "text/html" ? "html" : "json"}`), res.body);
    }
  }

  // 4. Throughput and latency: each case warmed up once, then measured in ROUNDS interleaved
  // slices (case 1, 2, …, case 1, 2, …), so that a build someone starts half-way through weighs
  // on every route (and both checkouts) alike. Server and PostgreSQL CPU time per request come
  // from /proc and do not count time spent waiting for a core. (With --compare the PostgreSQL
  // figure is the server's total during the slice; the other checkout's server is idle then.)
  const pgPid = postmasterPid(database.dataDir);
  type Measured = { seconds: number; latencies: number[]; statuses: Record<number, number>; errors: number; bytes: number; completed: number; nodeCpuMs: number; pgCpuMs: number; clientCpuMs: number };
  const measured = new Map<Case, Measured>(cases.map((c) => [c, { seconds: 0, latencies: [], statuses: {}, errors: 0, bytes: 0, completed: 0, nodeCpuMs: 0, pgCpuMs: 0, clientCpuMs: 0 }]));
  for (const c of cases) await runLoad(target(c), { clients: CLIENTS, warmupMs: 0, durationMs: WARMUP_MS, maxRequests: MAX_REQUESTS });
  log(`warmed up; measuring ${ROUNDS} rounds of ${(DURATION_MS / ROUNDS / 1000).toFixed(1)} s per case`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const m = measured.get(c)!;
      const n0 = treeCpuMs(c.app.server.child.pid!);
      const p0 = treeCpuMs(pgPid);
      const c0 = process.cpuUsage();
      const x = await runLoad(target(c), { clients: CLIENTS, warmupMs: 0, durationMs: DURATION_MS / ROUNDS, maxRequests: MAX_REQUESTS });
      const cu = process.cpuUsage(c0);
      m.nodeCpuMs += treeCpuMs(c.app.server.child.pid!) - n0;
      m.pgCpuMs += treeCpuMs(pgPid) - p0;
      m.clientCpuMs += (cu.user + cu.system) / 1000;
      m.completed += x.completed;
      m.seconds += x.seconds;
      m.latencies.push(...x.latencies);
      m.errors += x.errors;
      m.bytes += x.meanBytes * x.requests;
      for (const [k, v] of Object.entries(x.statuses)) m.statuses[Number(k)] = (m.statuses[Number(k)] ?? 0) + v;
    }
  }
  type Result = LoadResult & { nodeCpuPerReq: number; pgCpuPerReq: number };
  const results = new Map<Case, Result>();
  for (const c of cases) {
    const m = measured.get(c)!;
    const n = m.latencies.length;
    results.set(c, {
      requests: n,
      completed: m.completed,
      latencies: m.latencies,
      seconds: m.seconds,
      rps: n / m.seconds,
      p50: pct(m.latencies, 50),
      p95: pct(m.latencies, 95),
      p99: pct(m.latencies, 99),
      errors: m.errors,
      statuses: m.statuses,
      meanBytes: n ? m.bytes / n : 0,
      nodeCpuPerReq: m.nodeCpuMs / m.completed,
      pgCpuPerReq: m.pgCpuMs / m.completed,
    });
    log(`${c.name}: ${(n / m.seconds).toFixed(1)} req/s over ${m.seconds.toFixed(1)} s, statuses ${JSON.stringify(m.statuses)}, load generator ${((m.clientCpuMs / (m.seconds * 1000)) * 100).toFixed(0)} % of a core`);
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
  await stats.query("SELECT pg_stat_statements_reset()");
  await new Promise((r) => setTimeout(r, 1000));
  const idle = (await readStatements()).reduce((s, q) => s + q.calls, 0);
  const perCase = new Map<Case, Stmt[]>();
  for (const c of cases) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await get(agent, target(c));
    await stats.query("SELECT pg_stat_statements_reset()");
    for (let i = 0; i < QUERY_SAMPLES; i++) await get(agent, target(c));
    perCase.set(c, await readStatements());
    agent.destroy();
  }
  const perRequest = (c: Case) => perCase.get(c)!.reduce((s, q) => s + q.calls, 0) / QUERY_SAMPLES;
  const shared = new Map<App, Stmt[]>();
  for (const app of apps) {
    const signedIn = cases.filter((c) => c.app === app && c.row.signedIn);
    shared.set(app, perCase.get(signedIn[0])!.filter((q) => signedIn.every((c) => perCase.get(c)!.some((o) => o.query === q.query && o.calls === q.calls))));
  }

  // 6. CPU profile of this checkout's server under one route's load (/board by default).
  let profileText = "";
  const main = apps[0];
  for (const app of apps.slice(1)) await stopChild(app.server.child);
  await stopChild(main.server.child);
  if (!flag("no-profile")) {
    const profDir = path.join(tmp, "prof");
    main.server = await startServer(main, ["--cpu-prof", `--cpu-prof-dir=${profDir}`]);
    const profiled = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : "/board";
    const row = rows.find((r) => r.path === profiled) ?? { name: profiled, path: profiled, signedIn: true, expectStatus: 200 };
    const c: Case = { app: main, row, name: row.name };
    await runLoad(target(c), { clients: CLIENTS, warmupMs: 0, durationMs: WARMUP_MS, maxRequests: MAX_REQUESTS });
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const prof = await runLoad(target(c), { clients: CLIENTS, warmupMs: 0, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS });
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await stopChild(main.server.child);
    const file = existsSync(profDir) ? readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0] : undefined;
    if (!file) {
      profileText = "no CPU profile was written";
    } else {
      const s = summariseProfile(file, ROOT, { fromUs, toUs }, 15);
      profileText = [
        `CPU profile of next start under ${row.path} load (${CLIENTS} clients, ${prof.rps.toFixed(1)} req/s while profiled): ${s.windowMs.toFixed(0)} ms sampled, ${s.busyMs.toFixed(0)} ms busy on the server's main thread (${((s.busyMs / s.windowMs) * 100).toFixed(0)} %)`,
        "  self time by module:",
        ...s.byModule.map((m) => `    ${(m.share * 100).toFixed(1).padStart(5)} %  ${m.ms.toFixed(0).padStart(6)} ms  ${m.label}`),
        "  self time by function:",
        ...s.byFunction.map((f) => `    ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(6)} ms  ${f.label}  [${f.module}]`),
      ].join("\n");
    }
  }
  await stats.end();

  // ─── report ─────────────────────────────────────────────────────────────────────────────
  const w = Math.max(...cases.map((c) => c.name.length));
  console.log(
    `\nHTTP, measured: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${CLIENTS} keep-alive clients, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per case in ${ROUNDS} interleaved rounds, ${counts.tasks} tasks (${counts.board} in board statuses); load average at start ${loadavg[0].toFixed(1)}, now ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const app of apps) if (apps.length > 1) console.log(`  [${app.label}] ${app.dir}`);
  console.log(
    `${"route".padEnd(w)}  ${"req/s".padStart(7)}  ${"p50 ms".padStart(7)}  ${"p95 ms".padStart(7)}  ${"vs 401".padStart(6)}  ${"node ms/req".padStart(11)}  ${"vs 401".padStart(6)}  ${"pg ms/req".padStart(9)}  ${"KiB".padStart(6)}  ${"stmts/req".padStart(9)}  errors`,
  );
  for (const c of cases) {
    const x = results.get(c)!;
    const floor = results.get(cases.find((o) => o.app === c.app && o.row === rows[0])!)!;
    console.log(
      `${c.name.padEnd(w)}  ${x.rps.toFixed(x.rps < 10 ? 1 : 0).padStart(7)}  ${x.p50.toFixed(1).padStart(7)}  ${x.p95.toFixed(1).padStart(7)}  ${((x.rps / floor.rps) * 100).toFixed(0).padStart(5)}%  ${x.nodeCpuPerReq.toFixed(2).padStart(11)}  ${((floor.nodeCpuPerReq / x.nodeCpuPerReq) * 100).toFixed(0).padStart(5)}%  ${x.pgCpuPerReq.toFixed(2).padStart(9)}  ${(x.meanBytes / 1024).toFixed(1).padStart(6)}  ${perRequest(c).toFixed(1).padStart(9)}  ${x.errors}`,
    );
  }
  console.log(`("vs 401": req/s as a share of the 401 path's; the second "vs 401" is the 401 path's server CPU per request over this route's, i.e. the share a server with a core to itself would reach)`);
  console.log(`\nDatabase statements (pg_stat_statements, ${QUERY_SAMPLES} sequential requests per route; ${idle} statements in 1 s idle):`);
  for (const app of apps) {
    const sh = shared.get(app)!;
    console.log(`  ${apps.length > 1 ? `[${app.label}] ` : ""}session + roles (statements every signed-in route shares): ${(sh.reduce((s, q) => s + q.calls, 0) / QUERY_SAMPLES).toFixed(1)} per request`);
    for (const q of sh) console.log(`    ${(q.calls / QUERY_SAMPLES).toFixed(1)} × ${q.query.replace(/\s+/g, " ").slice(0, 150)}`);
  }
  for (const c of cases.filter((o) => o.row.signedIn)) {
    console.log(`  ${c.name}: ${perRequest(c).toFixed(1)} per request`);
    for (const q of perCase.get(c)!) {
      if (shared.get(c.app)!.some((s) => s.query === q.query)) continue;
      console.log(`    ${(q.calls / QUERY_SAMPLES).toFixed(1)} × ${q.query.replace(/\s+/g, " ").slice(0, 150)}`);
    }
  }
  if (profileText) console.log(`\n${profileText}`);
  log("done");
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
