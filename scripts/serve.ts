/**
 * Runs POMS. Without DATABASE_URL it starts the embedded PostgreSQL (data in .data/postgres),
 * migrates, seeds the demo on first start and turns on the development sign-in; with
 * DATABASE_URL it only migrates. Builds the app when there is no build yet (or --dev runs
 * `next dev`). Ctrl-C stops Next, then PostgreSQL.
 *   npm start            production server on PORT (3000)
 *   npm run dev          development server
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { prepareDatabase, ROOT } from "../lib/db/bootstrap";
import { DEV_SIGNIN_OVERRIDE } from "../lib/auth/dev-signin";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const embedded = !process.env.DATABASE_URL;
const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");

/** A secret kept beside the embedded data (sign-in sessions, the cron route), so it survives restarts. */
function localSecret(name = "nextauth-secret"): string {
  const file = path.join(ROOT, ".data", name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port };
if (embedded) {
  env.NEXTAUTH_SECRET ??= localSecret();
  // No fixed NEXTAUTH_URL: next-auth then takes the origin from each request's Host header (AUTH_TRUST_HOST), so the
  // demo signs in at whatever address the browser used (localhost, 127.0.0.1, the machine's name). With a fixed
  // http://localhost URL, a sign-in begun at 127.0.0.1 was sent back to localhost, where its cookie does not exist.
  // A NEXTAUTH_URL set by the operator still wins (next-auth reads it first).
  if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= "1";
  env.POMS_DEV_SIGNIN ??= "1";
  // The demo runs a production build on a database it made itself: allow its demo sign-in explicitly.
  if (!dev) env.POMS_DEV_SIGNIN_IN_PRODUCTION ??= DEV_SIGNIN_OVERRIDE;
  // The demo's stages run on the local batch backend (child processes here), and the refresh below needs the cron secret.
  env.POMS_LOCAL_BATCH ??= "1";
  env.POMS_CRON_SECRET ??= env.CRON_SECRET ?? localSecret("cron-secret");
} else if (!env.NEXTAUTH_SECRET) {
  console.error("NEXTAUTH_SECRET must be set when DATABASE_URL is (see docs/operations.md).");
  process.exit(2);
}

const database = await prepareDatabase({ seedDemo: embedded || process.env.POMS_SEED_DEMO === "1" });
env.DATABASE_URL = database.url;

// The demo's service probes point at the project's own mock monitoring endpoints (lib/demo/services.ts stores them as
// paths): serve those here on a loopback port with the demo scenario (states change with the clock) and give the app
// their base address. A production deployment sets real probe addresses instead (docs/services.md).
if (embedded && !env.POMS_PROBE_BASE_URL) {
  const { startServiceProbeMock, demoProbeScenario } = await import("../lib/testing/mocks/service-probes");
  const { DEMO_LEAF_NAMES } = await import("../lib/demo/services");
  // Their control routes (/__mock/*, /control/:name) stay off unless POMS_PROBE_MOCK_CONTROL=1 (trying faults by hand).
  const probes = await startServiceProbeMock(demoProbeScenario(DEMO_LEAF_NAMES), { port: Number(process.env.POMS_PROBE_MOCK_PORT ?? 0), control: process.env.POMS_PROBE_MOCK_CONTROL === "1" });
  setInterval(() => void (probes.requests.length = 0), 60_000).unref(); // the harness logs every request: keep it short
  env.POMS_PROBE_BASE_URL = probes.url;
  env.POMS_PROBE_ALLOW_LOOPBACK ??= "1";
  console.log(`[poms] demo monitoring endpoints for the service probes on ${probes.url}`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await database.stop();
  process.exit(code);
}

if (!dev && !existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
  console.log("[poms] no production build yet: building (about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, env, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("[poms] build failed");
    await shutdown(1);
  }
}

const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], { cwd: ROOT, env, stdio: "inherit" });
console.log(`[poms] ${dev ? "development" : "production"} server on http://localhost:${port}${embedded ? " (embedded PostgreSQL, demo sign-in)" : ""}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.kill("SIGTERM");
  });
}
server.on("exit", (code) => void shutdown(code ?? 0));

// The embedded default is its own cron: it calls the refresh route every POMS_REFRESH_INTERVAL_S seconds (default 30;
// 0 turns it off). A production deployment schedules the route from outside instead (docs/operations.md).
const interval = Number(process.env.POMS_REFRESH_INTERVAL_S ?? (embedded ? "30" : "0"));
const cronSecret = env.POMS_CRON_SECRET ?? env.CRON_SECRET;
if (!(Number.isFinite(interval) && interval >= 0 && interval <= 86_400)) console.error(`[poms] POMS_REFRESH_INTERVAL_S must be 0 (off) to 86400 seconds; the refresh is off.`);
if (Number.isFinite(interval) && interval > 0 && interval <= 86_400 && cronSecret) {
  let busy = false;
  const tick = async () => {
    if (busy || stopping) return;
    busy = true;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/cron/refresh`, { method: "POST", headers: { authorization: `Bearer ${cronSecret}` }, signal: AbortSignal.timeout(300_000) });
      if (res.status >= 500) console.error(`[poms] refresh answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    } catch {
      // The server is still starting (or stopping): the next tick tries again.
    } finally {
      busy = false;
    }
  };
  setInterval(() => void tick(), interval * 1000).unref();
  console.log(`[poms] refreshing job and service status every ${interval} s (POMS_REFRESH_INTERVAL_S; 0 turns it off)`);
}
