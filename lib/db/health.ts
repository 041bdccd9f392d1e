import "server-only";
import { db } from "@/lib/db";

/** Whether the database answers, with its version and applied migrations. */
export async function databaseHealth(): Promise<{ reachable: boolean; serverVersion?: string; migrationsApplied?: number; latencyMs?: number }> {
  const started = Date.now();
  try {
    const [row] = await db.$queryRaw<{ version: string; migrations: bigint }[]>`
      SELECT current_setting('server_version') AS version,
             (SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) AS migrations`;
    return { reachable: true, serverVersion: row.version, migrationsApplied: Number(row.migrations), latencyMs: Date.now() - started };
  } catch {
    return { reachable: false };
  }
}
