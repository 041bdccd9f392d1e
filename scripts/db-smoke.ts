/**
 * Starts the embedded PostgreSQL from this checkout as `npm start` would (data under .data/, the installed binaries),
 * runs SELECT 1 and stops it, removing the throwaway data. `--clean` also removes a copy of the binaries made for the
 * postgres user. .ci/run runs it in a copy of the checkout inside a folder private to root, where both the data and
 * the binaries must be relocated (see lib/db/embedded.ts).
 *   node --import tsx scripts/db-smoke.ts [--clean]
 */
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";

const started = performance.now();
const db = await startEmbeddedPostgres({ dataDir: path.resolve(import.meta.dirname, "../.data/smoke-postgres"), database: "smoke", quiet: true, throwaway: true });
try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 AS one, current_setting('server_version') AS version");
    if (rows[0]?.one !== 1) throw new Error("SELECT 1 did not answer 1");
    console.log(`[db-smoke] PostgreSQL ${rows[0].version} answered SELECT 1 in ${Math.round(performance.now() - started)} ms`);
  } finally {
    await client.end();
  }
  console.log(`[db-smoke] data: ${db.dataDir}`);
  console.log(`[db-smoke] binaries: ${db.nativeDir}${db.copied ? " (a copy for the postgres user)" : ""}`);
} finally {
  await db.stop();
  rmSync(db.dataDir, { recursive: true, force: true });
  if (db.copied && process.argv.includes("--clean")) rmSync(db.nativeDir, { recursive: true, force: true });
}
