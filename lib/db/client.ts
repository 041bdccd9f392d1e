import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Every connection of the pool runs in UTC (`TimeZone=UTC`), whatever the server's or database's default: the
 * timestamp columns hold UTC, and SQL that turns a time with zone into one without (now() into a column,
 * date_trunc('hour', …) of the rollups) must do it in UTC too, or the hours of one table drift from another's.
 */
export function createDbClient(url: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize, options: "-c TimeZone=UTC" }) });
}
