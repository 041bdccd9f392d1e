import { NextResponse } from "next/server";
import { currentPerson } from "@/lib/auth/session";
import { can } from "@/lib/people/policy";
import { databaseHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/**
 * Liveness and database reachability for load balancers: anonymous callers learn only ok / not ok;
 * OPOS and administrators also see the database's figures (no secrets either way).
 */
export async function GET() {
  const health = await databaseHealth();
  const status = health.reachable ? 200 : 503;
  const person = await currentPerson().catch(() => null);
  const detailed = person && can(person, "service.manage");
  return NextResponse.json(detailed ? { status: health.reachable ? "ok" : "not ok", database: health } : { status: health.reachable ? "ok" : "not ok" }, { status, headers: { "cache-control": "no-store" } });
}
