/**
 * Gets a migrated database for the launcher, the db CLI and the test suite: DATABASE_URL when
 * it is set (production, or CI against another server), otherwise the embedded PostgreSQL.
 */
import path from "node:path";
import { applyMigrations } from "./migrator";
import { startEmbeddedPostgres } from "./embedded";
import { createDbClient } from "./client";
import { seedDemoData } from "@/lib/demo/seed";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");

export type PreparedDatabase = { url: string; embedded: boolean; seeded: boolean; stop: () => Promise<void> };

export async function prepareDatabase(opts: { dataDir?: string; database?: string; seedDemo: boolean; throwaway?: boolean; log?: (m: string) => void }): Promise<PreparedDatabase> {
  const log = opts.log ?? ((m: string) => console.log(`[db] ${m}`));
  const external = process.env.DATABASE_URL;
  const embedded = external
    ? null
    : await startEmbeddedPostgres({ dataDir: opts.dataDir ?? path.join(ROOT, ".data/postgres"), database: opts.database ?? "poms", quiet: true, throwaway: opts.throwaway });
  const url = external ?? embedded!.url;
  if (embedded) log(`embedded PostgreSQL running, data in ${embedded.dataDir}`);
  try {
    const report = await applyMigrations(url, MIGRATIONS_DIR, log);
    log(`migrations: ${report.applied.length} applied, ${report.alreadyApplied} already applied`);
    let seeded = false;
    if (opts.seedDemo) {
      const client = createDbClient(url, 2);
      try {
        seeded = (await seedDemoData(client)).seeded;
      } finally {
        await client.$disconnect();
      }
      log(seeded ? "demo data seeded" : "demo data already present");
    }
    return { url, embedded: !!embedded, seeded, stop: async () => embedded?.stop() };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
