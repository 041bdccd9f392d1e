/**
 * Prisma's own schema engine, run as WebAssembly (the native one cannot be downloaded here;
 * see docs/decisions.md). Used for two developer-facing jobs only: rendering the SQL of a
 * new migration, and proving that a migrated database has no drift from the schema.
 * Node 20 needs --experimental-wasm-modules to import it.
 *
 * The adapter is wrapped for three faults of @prisma/adapter-pg 7.10 (stack.md, trap 2, and one more):
 * catalog columns of type "char" (OID 18) are reported as text; the shadow database is created and
 * dropped by us, connected by separate fields rather than a connection string; and a migration script is
 * sent whole (PostgreSQL runs several statements in one simple query) instead of being split on every
 * ";", which breaks function bodies such as the task-number trigger's.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";

const CHAR_OID = 18;
const TEXT_OID = 25;

type RawResult = { columnTypes: number[] };
type Queryable = {
  performIO: (q: object) => Promise<{ fields: { dataTypeID: number }[] }>;
  queryRaw: (q: object) => Promise<RawResult>;
  startTransaction?: (...a: unknown[]) => Promise<object>;
};

/** Reads "char" columns as text and reports them as Character, which the engine expects. */
function readCharAsCharacter<T extends object>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const charColumns = new WeakMap<object, number[]>();
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    const found: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        found.push(i);
      }
    });
    if (found.length) charColumns.set(query, found);
    return result;
  };
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  const startTransaction = q.startTransaction?.bind(q);
  if (startTransaction) q.startTransaction = async (...a) => readCharAsCharacter(await startTransaction(...a));
  return queryable;
}

type ScriptRunner = { executeScript?: (script: string) => Promise<void>; client: pg.Pool; onError: (e: unknown) => never };

/** Sends a migration script whole, as `psql` and Prisma's native engine do. */
function scriptsWhole<T extends object>(adapter: T): T {
  const a = adapter as unknown as ScriptRunner;
  if (a.executeScript && a.client) {
    a.executeScript = async (script) => {
      try {
        await a.client.query(script);
      } catch (error) {
        a.onError(error);
      }
    };
  }
  return adapter;
}

function connectionFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

/** Pools are ours so that they can be closed before the shadow database is dropped. */
class PatchedPg extends PrismaPg {
  constructor(main: pg.Pool, private shadow: pg.Pool) {
    super(main);
  }
  override async connect() {
    return scriptsWhole(readCharAsCharacter(await super.connect()));
  }
  override async connectToShadowDb() {
    return scriptsWhole(readCharAsCharacter(await new PrismaPg(this.shadow).connect()));
  }
}

function pool(config: pg.PoolConfig): pg.Pool {
  const p = new pg.Pool({ ...config, max: 2 });
  // A client ended by the server when the shadow database is dropped is not our failure.
  p.on("error", () => {});
  p.on("connect", (client) => client.on("error", () => {}));
  return p;
}

type MigrationsDir = {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: "ok"; value: string } } }[];
};

function readMigrationsDir(baseDir: string): MigrationsDir {
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lock = path.join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lock) ? readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(path.join(baseDir, d, "migration.sql"), "utf8") } },
    })),
  };
}

type Engine = {
  diff(p: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

/**
 * Opens the engine against `url`, with a throwaway shadow database next to it, runs `work`,
 * and always drops the shadow database.
 */
async function withSchemaEngine<T>(url: string, schemaPath: string, work: (engine: Engine, schema: { path: string; content: string }) => Promise<T>): Promise<T> {
  // The engine reports a Rust panic through this global before it throws.
  let panic = "";
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = { set_message: (m: string) => (panic = m) };
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const main = connectionFields(url);
  const shadowName = `poms_shadow_${process.pid}_${Date.now()}`;
  const schema = { path: schemaPath, content: readFileSync(schemaPath, "utf8") };
  const admin = new pg.Client({ ...main });
  admin.on("error", () => {});
  await admin.connect();
  const mainPool = pool(main);
  const shadowPool = pool({ ...main, database: shadowName });
  let engine: Engine | undefined;
  try {
    await admin.query(`CREATE DATABASE "${shadowName}"`);
    const adapter = bindMigrationAwareSqlAdapterFactory(new PatchedPg(mainPool, shadowPool));
    engine = (await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapter)) as unknown as Engine;
    return await work(engine, schema);
  } catch (err) {
    if (panic) throw new Error(`Prisma schema engine panicked: ${panic}`, { cause: err });
    throw err;
  } finally {
    engine?.free();
    await Promise.all([mainPool.end(), shadowPool.end()]);
    await admin.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
    await admin.end();
  }
}

const noFilter = { externalTables: [], externalEnums: [] };

/** SQL that takes the database built by the migrations folder to the schema ("" when none is needed). */
export async function sqlFromMigrationsToSchema(url: string, schemaPath: string, migrationsDir: string): Promise<string> {
  return withSchemaEngine(url, schemaPath, async (engine, schema) => {
    const r = await engine.diff({
      from: { tag: "migrations", ...readMigrationsDir(migrationsDir) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return emptyMigrationToEmpty(r.stdout ?? "");
  });
}

/** SQL that takes the live database at `url` to the schema ("" when they agree: no drift). */
export async function sqlFromDatabaseToSchema(url: string, schemaPath: string): Promise<string> {
  return withSchemaEngine(url, schemaPath, async (engine, schema) => {
    const r = await engine.diff({
      // The live database behind the adapter (the engine no longer takes a URL here).
      from: { tag: "schemaDatasource", files: [schema], configDir: path.dirname(schemaPath) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return emptyMigrationToEmpty(r.stdout ?? "");
  });
}

function emptyMigrationToEmpty(sql: string): string {
  return sql.includes("This is an empty migration") ? "" : sql.trim();
}
