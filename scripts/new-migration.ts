/**
 * Writes the next migration from the difference between prisma/migrations and prisma/schema.prisma,
 * using Prisma's schema engine as WebAssembly. Usage: npm run db:new-migration -- <name>
 * Uses DATABASE_URL's server for its shadow database, or a throwaway embedded PostgreSQL.
 */
import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sqlFromMigrationsToSchema } from "../lib/db/schema-engine";
import { startEmbeddedPostgres } from "../lib/db/embedded";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name in snake_case>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const migrations = path.join(root, "prisma/migrations");
const embedded = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(os.tmpdir(), "poms-mig-")), database: "poms_migrate", quiet: true, throwaway: true });
try {
  const sql = await sqlFromMigrationsToSchema(process.env.DATABASE_URL ?? embedded!.url, path.join(root, "prisma/schema.prisma"), migrations);
  if (!sql) {
    console.log("The schema and the migrations agree: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrations, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql + "\n");
    console.log(`Wrote ${path.relative(root, dir)}/migration.sql`);
  }
} finally {
  await embedded?.stop();
}
