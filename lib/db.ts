import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createDbClient } from "@/lib/db/client";
import { env } from "@/lib/env";

/**
 * The one Prisma client of the app, created on first use and kept on globalThis so that
 * development reloads reuse it instead of opening a new pool each time.
 */
const globalForDb = globalThis as unknown as { pomsPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForDb.pomsPrisma) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set: start POMS with `npm start` (embedded PostgreSQL) or set it.");
    globalForDb.pomsPrisma = createDbClient(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  return globalForDb.pomsPrisma;
}

/** Lazy so that importing a module never needs a database (builds, unit tests). */
export const db = new Proxy({} as PrismaClient, {
  get: (_, prop) => Reflect.get(client(), prop),
});
