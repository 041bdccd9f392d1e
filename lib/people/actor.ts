/**
 * Who is asking: the person behind the session, with roles read from the database on every
 * request, so a removed membership or a deactivated account takes effect at once.
 *
 * One statement, one round trip: the person, their active memberships with the experiments'
 * names, and (for those whose global role spans experiments) every active experiment, the two
 * lists built as JSON by PostgreSQL. Prisma's `include` would take three to four statements here.
 */
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { preparedRows } from "@/lib/db/prepared";
import type { Actor } from "./policy";
import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";

export type SignedInPerson = Actor & {
  username: string;
  name: string;
  email: string;
  currentExperimentId: number | null;
  experiments: { id: number; name: string; displayName: string; role: ExperimentRole | null }[];
  /** Unread notifications, for the bell (read in the same statement). */
  unreadNotifications: number;
};

type ActorRow = {
  id: number;
  username: string;
  name: string;
  email: string;
  active: boolean;
  globalRoles: GlobalRole[];
  currentExperimentId: number | null;
  /** Active memberships, in membership order, whatever the experiment's own state. */
  memberships: { id: number; name: string; displayName: string; role: ExperimentRole }[] | string;
  /** Every active experiment by name, only when a global role spans experiments; else null. */
  allExperiments: { id: number; name: string; displayName: string }[] | string | null;
  unread: number;
};

const SPANS_ALL: GlobalRole[] = ["OPOS", "MANAGER", "ADMIN"];

// json columns come back parsed by the pg driver; parse defensively if a driver gives text.
const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

export async function loadActor(personId: number): Promise<SignedInPerson | null> {
  const [person] = await preparedRows<ActorRow>(Prisma.sql`
    SELECT p."id", p."username", p."name", p."email", p."active", COALESCE(p."globalRoles"::text[], ARRAY[]::text[]) AS "globalRoles", p."currentExperimentId",
           CASE WHEN p."active" THEN COALESCE(
             (SELECT json_agg(json_build_object('id', e."id", 'name', e."name", 'displayName', e."displayName", 'role', m."role") ORDER BY m."id")
                FROM "Membership" m JOIN "Experiment" e ON e."id" = m."experimentId"
               WHERE m."personId" = p."id" AND m."active"),
             '[]'::json) ELSE '[]'::json END AS "memberships",
           CASE WHEN p."active" AND p."globalRoles" && ARRAY['OPOS', 'MANAGER', 'ADMIN']::"GlobalRole"[] THEN COALESCE(
             (SELECT json_agg(json_build_object('id', e."id", 'name', e."name", 'displayName', e."displayName") ORDER BY e."name")
                FROM "Experiment" e WHERE e."active"),
             '[]'::json) END AS "allExperiments",
           (SELECT count(*)::int FROM "Notification" n WHERE n."personId" = p."id" AND n."readAt" IS NULL) AS "unread"
      FROM "Person" p
     WHERE p."id" = ${personId}`, { plan: "generic" });
  if (!person || !person.active) return null;
  const own = json(person.memberships);
  const memberships = new Map(own.map((m) => [m.id, m.role] as const));
  const spansAll = person.globalRoles.some((r) => SPANS_ALL.includes(r));
  const all = json(person.allExperiments);
  const experiments =
    spansAll && all
      ? all.map((e) => ({ id: e.id, name: e.name, displayName: e.displayName, role: memberships.get(e.id) ?? null }))
      : own.map((m) => ({ id: m.id, name: m.name, displayName: m.displayName, role: m.role })).sort((a, b) => a.name.localeCompare(b.name));
  return {
    id: person.id,
    active: person.active,
    globalRoles: person.globalRoles,
    memberships,
    username: person.username,
    name: person.name,
    email: person.email,
    currentExperimentId: experiments.some((e) => e.id === person.currentExperimentId) ? person.currentExperimentId : (experiments[0]?.id ?? null),
    experiments,
    unreadNotifications: Number(person.unread),
  };
}
