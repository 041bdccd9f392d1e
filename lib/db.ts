import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createDbClient } from "@/lib/db/client";

/**
 * The one Prisma client of the app, created on first use and kept on globalThis so that
 * development reloads reuse it instead of opening a new pool each time.
 */
const globalForDb = globalThis as unknown as { pomsPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForDb.pomsPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start POMS with `npm start` (embedded PostgreSQL) or set it.");
    globalForDb.pomsPrisma = createDbClient(url, Number(process.env.DATABASE_POOL_SIZE ?? 10));
  }
  return globalForDb.pomsPrisma;
}

/** Lazy so that importing a module never needs a database (builds, unit tests). */
export const db = new Proxy({} as PrismaClient, {
  get: (_, prop) => Reflect.get(client(), prop),
});
