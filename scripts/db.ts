/**
 * Database tasks without Prisma's native schema engine (see docs/decisions.md):
 *   migrate  apply pending migrations (DATABASE_URL, or the embedded default)
 *   status   list pending and failed migrations
 *   seed     load the demo data into an empty database
 */
import { prepareDatabase, MIGRATIONS_DIR } from "../lib/db/bootstrap";
import { migrationStatus } from "../lib/db/migrator";

const command = process.argv[2];
if (!["migrate", "status", "seed"].includes(command)) {
  console.error("usage: tsx scripts/db.ts migrate|status|seed");
  process.exit(2);
}
const db = await prepareDatabase({ seedDemo: command === "seed" });
try {
  if (command === "status") {
    const s = await migrationStatus(db.url, MIGRATIONS_DIR);
    console.log(`pending: ${s.pending.join(", ") || "none"}; failed: ${s.failed.join(", ") || "none"}`);
  }
} finally {
  await db.stop();
}
