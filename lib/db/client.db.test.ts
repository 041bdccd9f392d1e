import { test } from "node:test";
import assert from "node:assert/strict";
import { scratchDatabase, sql } from "@/lib/testing/databases";
import { createDbClient } from "./client";

test("every pooled connection runs in UTC, even on a database whose default time zone is another", async () => {
  const scratch = await scratchDatabase("tz");
  try {
    const name = new URL(scratch.url).pathname.slice(1);
    await sql(scratch.url, `ALTER DATABASE "${name}" SET TimeZone = 'Asia/Kathmandu'`); // UTC+05:45
    // A plain connection takes the database's zone: the server really is elsewhere.
    const [plain] = await sql<{ tz: string }>(scratch.url, "SELECT current_setting('TimeZone') AS tz");
    assert.equal(plain.tz, "Asia/Kathmandu");
    const client = createDbClient(scratch.url, 3);
    try {
      // Several connections at once, so more than the first one of the pool is checked.
      const rows = await Promise.all(
        Array.from({ length: 3 }, () => client.$transaction(async (tx) => (await tx.$queryRaw<{ tz: string; now: Date }[]>`SELECT current_setting('TimeZone') AS tz, now()::timestamp AS now`)[0])),
      );
      for (const r of rows) {
        assert.equal(r.tz, "UTC");
        // now() turned into a time without zone (what `"updatedAt" = now()` stores) is UTC, not Kathmandu's wall clock.
        assert.ok(Math.abs(r.now.getTime() - Date.now()) < 60_000, `now()::timestamp ${r.now.toISOString()}`);
      }
    } finally {
      await client.$disconnect();
    }
  } finally {
    await scratch.drop();
  }
});
