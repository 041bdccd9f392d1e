import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, readMigrations } from "./migrator";
import { MIGRATIONS_DIR } from "./bootstrap";
import { scratchDatabase, sql } from "@/lib/testing/databases";

test("the task-keys migration numbers existing tasks per experiment in creation order, and new ones continue", async () => {
  const db = await scratchDatabase("mig_keys");
  try {
    const all = readMigrations(MIGRATIONS_DIR).map((m) => m.name);
    const keysAt = all.findIndex((n) => n.endsWith("_task_keys"));
    const before = mkdtempSync(path.join(os.tmpdir(), "poms-mig-"));
    for (const name of all.slice(0, keysAt)) cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    cpSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
    await applyMigrations(db.url, before);
    await sql(db.url, `INSERT INTO "Experiment" (name, "displayName") VALUES ('nova', 'NOvA'), ('dune', 'DUNE')`);
    await sql(db.url, `INSERT INTO "Person" (username, email, name) VALUES ('ned', 'ned@example.org', 'Ned')`);
    const add = (exp: string, title: string, at: string) =>
      sql(db.url, `INSERT INTO "Task" ("experimentId", title, kind, "requesterId", "createdAt", "updatedAt") SELECT e.id, $2, 'OTHER', p.id, $3::timestamptz, now() FROM "Experiment" e, "Person" p WHERE e.name = $1`, [exp, title, at]);
    await add("nova", "second", "2026-02-01");
    await add("nova", "first", "2026-01-01");
    await add("dune", "only", "2026-03-01");
    await applyMigrations(db.url, MIGRATIONS_DIR);
    const rows = await sql<{ title: string; number: number }>(db.url, `SELECT title, "number" FROM "Task" ORDER BY title`);
    assert.deepEqual(rows, [{ title: "first", number: 1 }, { title: "only", number: 1 }, { title: "second", number: 2 }]);
    await add("nova", "third", "2026-04-01");
    const [third] = await sql<{ number: number }>(db.url, `SELECT "number" FROM "Task" WHERE title = 'third'`);
    assert.equal(third.number, 3);
  } finally {
    await db.drop();
  }
});
