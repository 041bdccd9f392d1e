import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { applyMigrations, migrationStatus, readMigrations } from "./migrator";
import { sqlFromDatabaseToSchema, sqlFromMigrationsToSchema } from "./schema-engine";
import { MIGRATIONS_DIR, SCHEMA_PATH } from "./bootstrap";
import { scratchDatabase, sql } from "@/lib/testing/databases";

test("migrations apply once, are recorded as Prisma records them, and a second run applies nothing", async () => {
  const db = await scratchDatabase("mig_once");
  try {
    const first = await applyMigrations(db.url, MIGRATIONS_DIR);
    assert.equal(first.applied.length, readMigrations(MIGRATIONS_DIR).length);
    const second = await applyMigrations(db.url, MIGRATIONS_DIR);
    assert.deepEqual(second.applied, []);
    const rows = await sql<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      db.url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations(MIGRATIONS_DIR);
    assert.deepEqual(rows.map((r) => r.migration_name), files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      const expected = createHash("sha256").update(readFileSync(path.join(MIGRATIONS_DIR, files[i].name, "migration.sql"))).digest("hex");
      assert.equal(r.checksum, expected);
      assert.ok(r.finished_at);
      assert.equal(r.applied_steps_count, 1);
    }
    assert.deepEqual(await migrationStatus(db.url, MIGRATIONS_DIR), { pending: [], failed: [] });
  } finally {
    await db.drop();
  }
});

test("two instances migrating at once do not race (advisory lock)", async () => {
  const db = await scratchDatabase("mig_race");
  try {
    const [a, b] = await Promise.all([applyMigrations(db.url, MIGRATIONS_DIR), applyMigrations(db.url, MIGRATIONS_DIR)]);
    assert.equal(a.applied.length + b.applied.length, readMigrations(MIGRATIONS_DIR).length);
    const rows = await sql<{ n: string }>(db.url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    assert.equal(Number(rows[0].n), readMigrations(MIGRATIONS_DIR).length);
  } finally {
    await db.drop();
  }
});

test("a failing migration is rolled back whole and reported; an edited applied migration is refused", async () => {
  const db = await scratchDatabase("mig_fail");
  const dir = mkdtempSync(path.join(os.tmpdir(), "poms-migs-"));
  try {
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, "99990101000000_broken"));
    writeFileSync(path.join(dir, "99990101000000_broken/migration.sql"), `CREATE TABLE "half" (id int);\nSELECT * FROM "no_such_table";\n`);
    await assert.rejects(applyMigrations(db.url, dir), /99990101000000_broken failed and was rolled back/);
    const half = await sql<{ t: string | null }>(db.url, `SELECT to_regclass('"half"')::text AS t`);
    assert.equal(half[0].t, null, "the broken migration left nothing behind");
    const init = readMigrations(MIGRATIONS_DIR)[0].name;
    writeFileSync(path.join(dir, init, "migration.sql"), readFileSync(path.join(dir, init, "migration.sql"), "utf8") + "\n-- edited\n");
    await assert.rejects(applyMigrations(db.url, dir), /edited after it was applied/);
  } finally {
    await db.drop();
  }
});

test("the migrated database matches the Prisma schema exactly (no drift), and drift is detected", async () => {
  const db = await scratchDatabase("mig_drift");
  try {
    await applyMigrations(db.url, MIGRATIONS_DIR);
    assert.equal(await sqlFromDatabaseToSchema(db.url, SCHEMA_PATH), "", "migrations produce exactly the schema");
    // Each kind of drift the issue names is caught: a column's nullability, an index, an enum value, a foreign key.
    await sql(db.url, `ALTER TABLE "Task" ALTER COLUMN "title" DROP NOT NULL`);
    await sql(db.url, `DROP INDEX "Task_experimentId_status_idx"`);
    await sql(db.url, `ALTER TYPE "TaskStatus" ADD VALUE 'ARCHIVED'`);
    await sql(db.url, `ALTER TABLE "Membership" DROP CONSTRAINT "Membership_personId_fkey"`);
    const drift = await sqlFromDatabaseToSchema(db.url, SCHEMA_PATH);
    assert.match(drift, /"title" SET NOT NULL/);
    assert.match(drift, /CREATE INDEX "Task_experimentId_status_idx"/);
    assert.match(drift, /TaskStatus/);
    assert.match(drift, /Membership_personId_fkey/);
  } finally {
    await db.drop();
  }
});

test("prisma/schema.prisma has no change that lacks a migration", async () => {
  const db = await scratchDatabase("mig_pending");
  try {
    assert.equal(await sqlFromMigrationsToSchema(db.url, SCHEMA_PATH, MIGRATIONS_DIR), "", "run `npm run db:new-migration -- <name>`");
  } finally {
    await db.drop();
  }
});
