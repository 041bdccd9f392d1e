import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import pkg from "@/package.json" with { type: "json" };

export const dynamic = "force-dynamic";

/** Liveness and database reachability for load balancers and people; no secrets, no session. */
export async function GET() {
  const started = Date.now();
  try {
    const [row] = await db.$queryRaw<{ version: string; migrations: bigint }[]>`
      SELECT current_setting('server_version') AS version,
             (SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) AS migrations`;
    return NextResponse.json({
      status: "ok",
      version: pkg.version,
      database: { reachable: true, serverVersion: row.version, migrationsApplied: Number(row.migrations), latencyMs: Date.now() - started },
    });
  } catch {
    return NextResponse.json({ status: "degraded", version: pkg.version, database: { reachable: false } }, { status: 503 });
  }
}
