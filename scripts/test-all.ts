/**
 * The whole test suite, as `npm test` runs it:
 *   1. a throwaway real PostgreSQL (embedded), or the server in TEST_DATABASE_URL (an admin URL:
 *      the suite creates and drops its own databases there);
 *   2. unit and integration tests (node:test): the pure ones two at a time, the ones that share a database in two
 *      lanes, each on its own migrated, seeded database and local batch spool;
 *   3. a production build and Playwright end-to-end tests in Debian's Chromium against another
 *      seeded database;
 *   4. one closing line `N passed, N failed` summed over the tiers.
 * A whole run also runs ESLint (zero warnings, counted as one test) beside the production build, then the unit and
 * end-to-end tiers side by side.
 * Flags: --unit (only node:test tiers), --e2e (only Playwright), --grep <pattern> for Playwright.
 * The Slurm tests (*.slurm.test.ts) get a real single-node cluster: as root the suite starts one with
 * scripts/slurm/up.sh (installing Debian's packages when missing) and stops it after; POMS_SLURM_CONF names a
 * running one instead. Without either they skip with a reason, except under CI=true, where they fail.
 * The Prometheus tests (*.prom.test.ts) get a real Prometheus the same way: scripts/prometheus/up.sh (installing
 * Debian's package as root when missing) scraping the exporter the test serves on POMS_PROM_EXPORTER_PORT;
 * POMS_PROMETHEUS_URL names a running one instead.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrator";
import { createDbClient } from "../lib/db/client";
import { seedDemoData } from "../lib/demo/seed";
import { MIGRATIONS_DIR, ROOT } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";
const grepAt = args.indexOf("--grep");
const grep = grepAt >= 0 ? args[grepAt + 1] : undefined;

const dataDir = mkdtempSync(path.join(os.tmpdir(), "poms-test-pg-"));
const server = process.env.TEST_DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, database: "postgres", quiet: true, throwaway: true });
const adminUrl = process.env.TEST_DATABASE_URL ?? server!.url;
const dbUrl = (name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

async function freshDatabase(name: string, seed: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = dbUrl(name);
  await applyMigrations(url, MIGRATIONS_DIR);
  if (seed) {
    const client = createDbClient(url, 2);
    await seedDemoData(client);
    await client.$disconnect();
  }
  return url;
}

/** Every *.test.ts in the repository outside node_modules, generated code and build output. */
function testFiles(): string[] {
  const skip = new Set(["node_modules", ".next", ".git", ".data", "generated", "e2e"]);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (skip.has(e.name)) continue;
      const rel = dir ? path.join(dir, e.name) : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".test.ts")) out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/** Starts Slurm for the Slurm tests when we may (root) and nobody named a running cluster; the env the tests need. */
function startSlurm(): { env: Record<string, string>; started: boolean } {
  if (process.env.POMS_SLURM_CONF) return { env: { POMS_SLURM_CONF: process.env.POMS_SLURM_CONF }, started: false };
  if (process.getuid?.() !== 0) {
    console.log("[test] not root: the Slurm tests need a running cluster (scripts/slurm/up.sh as root, then POMS_SLURM_CONF)");
    return { env: {}, started: false };
  }
  const started = Date.now();
  const up = spawnSync("bash", ["scripts/slurm/up.sh"], { cwd: ROOT, env: { ...process.env, SLURM_CPUS: "16" }, stdio: ["ignore", "pipe", "inherit"] });
  const conf = up.stdout.toString().match(/^export SLURM_CONF=(.+)$/m)?.[1];
  if (up.status !== 0 || !conf) {
    console.error("[test] Slurm did not start (scripts/slurm/up.sh failed): the Slurm tests will fail under CI and skip elsewhere");
    return { env: {}, started: true };
  }
  timings.push(`Slurm up: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { env: { POMS_SLURM_CONF: conf }, started: true };
}

/**
 * Starts Prometheus for the Prometheus tests unless one is named; the env the tests need. up.sh picks a folder of its
 * own and free ports and prints them (the URL, the port the tests' exporter must use, the folder down.sh removes).
 */
function startPrometheus(): { env: Record<string, string>; started: boolean; root?: string } {
  if (process.env.POMS_PROMETHEUS_URL) return { env: { POMS_PROMETHEUS_URL: process.env.POMS_PROMETHEUS_URL, POMS_PROM_EXPORTER_PORT: process.env.POMS_PROM_EXPORTER_PORT ?? "9392" }, started: false };
  const started = Date.now();
  const up = spawnSync("bash", ["scripts/prometheus/up.sh"], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  const printed = (name: string) => up.stdout.toString().match(new RegExp(`^export ${name}=(.+)$`, "m"))?.[1];
  const [url, exporterPort, root] = [printed("POMS_PROMETHEUS_URL"), printed("POMS_PROM_EXPORTER_PORT"), printed("PROM_ROOT")];
  if (up.status !== 0 || !url || !exporterPort || !root) {
    console.error("[test] Prometheus did not start (scripts/prometheus/up.sh failed): the Prometheus tests will fail under CI and skip elsewhere");
    return { env: {}, started: false, root };
  }
  timings.push(`Prometheus up: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { env: { POMS_PROMETHEUS_URL: url, POMS_PROM_EXPORTER_PORT: exporterPort }, started: true, root };
}

const timings: string[] = [];

type ReportSuite = { file?: string; suites?: ReportSuite[]; specs?: { tests: { results: { duration: number }[] }[] }[] };
/** The five spec files that took longest, from Playwright's JSON report (to keep the suite inside CI's time). */
function slowestFiles(report: { suites?: ReportSuite[] }): string {
  const byFile = new Map<string, number>();
  const walk = (s: ReportSuite, file: string) => {
    for (const x of s.suites ?? []) walk(x, x.file ?? file);
    for (const sp of s.specs ?? []) for (const t of sp.tests) for (const r of t.results) byFile.set(file, (byFile.get(file) ?? 0) + r.duration);
  };
  for (const s of report.suites ?? []) walk(s, s.file ?? "?");
  return [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, ms]) => `${f} ${(ms / 1000).toFixed(0)} s`).join(", ");
}
type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

/** Runs a test process without blocking; its output is collected and handed back whole (so lanes do not interleave). */
function runAsync(cmd: string, cmdArgs: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(chunks).toString() }));
  });
}

/** The e2e tier's server environment (the build reads it too). */
const e2eEnv = {
  NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  POMS_CRON_SECRET: "e2e-cron-secret-not-for-production-0123456789",
  // As the embedded default: the demo's stages launch on the local batch backend (child processes here).
  POMS_LOCAL_BATCH: "1",
  // As the embedded default (scripts/serve.ts): no fixed NEXTAUTH_URL, the origin follows the address used.
  AUTH_TRUST_HOST: "1",
  POMS_DEV_SIGNIN: "1",
  POMS_DEV_SIGNIN_IN_PRODUCTION: "i-understand",
  // Service probes may call plain http on this machine: e2e/service-health.spec.ts serves its monitor on loopback.
  POMS_PROBE_ALLOW_LOOPBACK: "1",
};

/**
 * The production build for the e2e tier. In a whole run it runs first, beside ESLint, its output collected and
 * printed by the e2e tier.
 */
let building: Promise<{ ok: boolean; output: string; seconds: number }> | null = null;
function startBuild(collect: boolean) {
  if (process.env.POMS_SKIP_BUILD && existsSync(path.join(ROOT, ".next/BUILD_ID"))) return null;
  const started = Date.now();
  return new Promise<{ ok: boolean; output: string; seconds: number }>((resolve) => {
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      cwd: ROOT,
      env: { ...process.env, ...e2eEnv, DATABASE_URL: dbUrl("poms_e2e"), NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", collect ? "pipe" : "inherit", collect ? "pipe" : "inherit"],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on("data", (c: Buffer) => chunks.push(c));
    child.stderr?.on("data", (c: Buffer) => chunks.push(c));
    child.on("close", (status) => resolve({ ok: status === 0, output: Buffer.concat(chunks).toString(), seconds: (Date.now() - started) / 1000 }));
  });
}

/** ESLint over the repository (zero warnings), in a whole run beside the build; its output is printed with the unit tier's. */
function startLint() {
  const started = Date.now();
  return runAsync(process.execPath, ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."], {}).then((r) => ({ ...r, seconds: (Date.now() - started) / 1000 }));
}

/** A tier's failure of its own (a database that would not seed, a build that failed) is one failed test, never the end of the other tier. */
async function guarded(tier: () => Promise<void>) {
  try {
    await tier();
  } catch (err) {
    console.error(err);
    exitCode = 1;
    total.failed += 1;
  }
}

/** Unit and integration tests (node:test); in a whole run it also reports ESLint. */
async function unitTier(linting: ReturnType<typeof startLint> | null) {
  {
    // Two databases, migrated and seeded alike: the tests that share a database run in two lanes, one per database.
    const [url, url2] = await Promise.all([freshDatabase("poms_it", true), freshDatabase("poms_it2", true)]);
    const started = Date.now();
    const files = testFiles();
    const slurm = files.some((f) => f.endsWith(".slurm.test.ts")) ? startSlurm() : { env: {}, started: false };
    const prometheus: ReturnType<typeof startPrometheus> = files.some((f) => f.endsWith(".prom.test.ts")) ? startPrometheus() : { env: {}, started: false };
    // Two lanes side by side: tests that share the database or the Slurm cluster, one file at a time; and the rest
    // (the local and jobsub backends, which run processes and mock servers of their own, one file at a time; then the
    // pure tests, two at a time). Each run's closing tally is added up.
    const dbFiles = files.filter((f) => f.endsWith(".db.test.ts") || f.endsWith(".slurm.test.ts"));
    // Split by turns in name order; the Slurm tests (one cluster) stay in the first lane.
    const dbLane = dbFiles.filter((f, i) => f.endsWith(".slurm.test.ts") || (!f.endsWith(".slurm.test.ts") && i % 2 === 0));
    const dbLane2 = dbFiles.filter((f) => !dbLane.includes(f));
    const processLane = files.filter((f) => !dbFiles.includes(f) && f.startsWith(path.join("lib", "batch")));
    const pureLane = files.filter((f) => !dbFiles.includes(f) && !processLane.includes(f));
    // Each database lane has its own local batch spool (POMS_DATA_DIR), so their jobs never wait on each other's slots.
    const laneData = () => ({ POMS_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "poms-test-data-")) });
    const testRun = (group: string[], concurrency: number, databaseUrl = url, extra: Record<string, string> = {}) =>
      group.length
        ? runAsync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--import", "./lib/testing/node-hooks.mjs", "--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...group], {
            DATABASE_URL: databaseUrl,
            TEST_ADMIN_DATABASE_URL: adminUrl,
            ...slurm.env,
            ...prometheus.env,
            ...extra,
          })
        : Promise.resolve({ status: 0, stdout: "" });
    const results = await Promise.all([testRun(dbLane, 1, url, laneData()), testRun(dbLane2, 1, url2, laneData()), (async () => [await testRun(processLane, 1), await testRun(pureLane, 2)])()]);
    for (const r of results.flat()) {
      const out = r.stdout;
      process.stdout.write(out);
      const count = (k: string) => Number(out.match(new RegExp(`^ℹ ${k} (\\d+)$`, "m"))?.[1] ?? 0);
      total.passed += count("pass");
      total.failed += count("fail") + count("cancelled");
      total.skipped += count("skipped") + count("todo");
      if (r.status !== 0) exitCode = 1;
      if (r.status !== 0 && count("fail") === 0) total.failed += 1; // the runner itself failed
    }
    if (slurm.started) spawnSync("bash", ["scripts/slurm/down.sh"], { cwd: ROOT, stdio: "inherit" });
    if (linting) {
      const lint = await linting;
      process.stdout.write(lint.stdout);
      timings.push(`lint (ESLint): ${lint.status === 0 ? "clean" : "FAILED"} in ${lint.seconds.toFixed(0)} s`);
      if (lint.status === 0) total.passed += 1;
      else {
        total.failed += 1;
        exitCode = 1;
      }
    }
    if (prometheus.root) spawnSync("bash", ["scripts/prometheus/down.sh"], { cwd: ROOT, env: { ...process.env, PROM_ROOT: prometheus.root }, stdio: "inherit" });
    timings.push(`unit + integration: ${files.length} files, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

/** The production build (already done in a whole run) and Playwright against its own seeded database. */
async function e2eTier() {
  {
    const url = await freshDatabase("poms_e2e", true);
    const env = { ...e2eEnv, DATABASE_URL: url };
    const built = await (building ?? startBuild(false));
    if (built) {
      process.stdout.write(built.output);
      if (!built.ok) throw new Error("next build failed");
      timings.push(`production build: ${built.seconds.toFixed(0)} s`);
    }
    const started = Date.now();
    const report = path.join(os.tmpdir(), `poms-e2e-${process.pid}.json`);
    const r = await new Promise<{ status: number | null }>((resolve) => {
      const child = spawn(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...(grep ? ["--grep", grep] : [])], {
        cwd: ROOT,
        env: { ...process.env, ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "inherit",
      });
      child.on("close", (status) => resolve({ status }));
    });
    timings.push(`end-to-end (Playwright): ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (existsSync(report)) {
      const json = JSON.parse(readFileSync(report, "utf8"));
      const stats = json.stats as { expected: number; unexpected: number; flaky: number; skipped: number };
      timings.push(`slowest e2e files: ${slowestFiles(json)}`);
      total.passed += stats.expected + stats.flaky;
      total.failed += stats.unexpected;
      total.skipped += stats.skipped;
      rmSync(report);
    } else {
      total.failed += 1;
    }
    if (r.status !== 0) exitCode = 1;
  }
}

try {
  // A whole run: ESLint and the production build, then the unit and end-to-end tiers side by side (each has its own
  // databases, spools and ports).
  const linting = only === "all" ? startLint() : null;
  if (only === "all") {
    // The build first (ESLint beside it), so the end-to-end tier, the longest, starts early and its waits overlap
    // the unit tier's work.
    building = startBuild(true);
    await building;
  }
  await Promise.all([only !== "e2e" ? guarded(() => unitTier(linting)) : null, only !== "unit" ? guarded(e2eTier) : null]);
} catch (err) {
  console.error(err);
  exitCode = 1;
  total.failed += 1;
} finally {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const t of timings) console.log(`[time] ${t}`);
console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(exitCode);
