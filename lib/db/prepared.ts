/**
 * The hot reads (the actor behind every request, the board, the task list) as named prepared
 * statements on the bare `pg` driver.
 *
 * Why: on the demo data PostgreSQL spent as long planning these statements as running them (the
 * board 1.5 ms of 3.1 ms, the list 0.8 of 1.5, the actor 0.3 of 0.4), and Prisma's raw-query path
 * cost 0.3–1 ms of Node CPU a call on top of the driver's. A named statement is parsed once per
 * connection. Whether it is also planned once is the caller's choice (`plan`), made per statement:
 * PostgreSQL's own rule (`plan_cache_mode = auto`) kept re-planning the board on every call, and
 * once switched a list's deep pages to a plan that sorts everything (page 2,000 of 100,000 tasks:
 * 160–180 ms instead of 65–95). So the board, the actor and the list's first page ask for the
 * generic plan (planned once), and everything whose LIMIT or OFFSET decides the plan is planned per
 * call (`force_custom_plan`).
 *
 * Values and results are the driver's, with two rules so they read as Prisma's do: dates are sent
 * as UTC ISO text, and `timestamp` and `date` columns (UTC by the house rule, lib/db/client.ts) come
 * back as UTC dates whatever the process's time zone. A statement's name is a hash of its text, so
 * the shapes a filter builder makes each get their own.
 */
import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { DATE, TIMESTAMP, utcDate } from "./pg-dates";

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    (format !== "binary" && (oid === DATE || oid === TIMESTAMP) && utcDate) || pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `poms_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
    if (names.size > 2000) names.clear();
    names.set(text, name);
  }
  return name;
}

const value = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : Array.isArray(v) ? v.map(value) : v;

type Plan = "generic" | "custom";
const globalForPools = globalThis as unknown as { pomsPreparedPools?: Partial<Record<Plan, pg.Pool>> };

/** One pool per planning rule: a session's `plan_cache_mode` applies to every statement it runs. */
function pool(plan: Plan): pg.Pool {
  const pools = (globalForPools.pomsPreparedPools ??= {});
  let p = pools[plan];
  if (!p) {
    const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
    if (!DATABASE_URL) throw new Error("DATABASE_URL is not set: start POMS with `npm start` (embedded PostgreSQL) or set it.");
    p = new pg.Pool({
      connectionString: DATABASE_URL,
      max: DATABASE_POOL_SIZE,
      // UTC: the house rule of lib/db/client.ts.
      options: `-c TimeZone=UTC -c plan_cache_mode=${plan === "generic" ? "force_generic_plan" : "force_custom_plan"}`,
      allowExitOnIdle: true, // scripts and tests end without closing it
    });
    // An idle connection the server closed (restart, a dropped database): the pool replaces it on next use.
    p.on("error", (err) => console.warn(`[db] an idle connection of the prepared-read pool closed: ${err.message}`));
    pools[plan] = p;
  }
  return p;
}

/**
 * The rows of `query` (a `Prisma.sql` template), run as a named prepared statement. `plan: "generic"`
 * plans it once per connection: only for statements whose best plan does not hang on the values
 * (no LIMIT or OFFSET among them: write a fixed one into the text). By default it is planned on every call.
 */
export async function preparedRows<T>(query: Prisma.Sql, opts: { plan?: Plan } = {}): Promise<T[]> {
  const res = await pool(opts.plan ?? "custom").query({ name: nameOf(query.text), text: query.text, values: query.values.map(value), types });
  return res.rows as T[];
}
