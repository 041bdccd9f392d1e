/**
 * Who is asking: the person behind the session, with roles read from the database on every
 * request, so a removed membership or a deactivated account takes effect at once.
 */
import { db } from "@/lib/db";
import type { Actor } from "./policy";
import type { ExperimentRole, GlobalRole } from "@/lib/generated/prisma/enums";

export type SignedInPerson = Actor & {
  username: string;
  name: string;
  email: string;
  currentExperimentId: number | null;
  experiments: { id: number; name: string; displayName: string; role: ExperimentRole | null }[];
};

export async function loadActor(personId: number): Promise<SignedInPerson | null> {
  const person = await db.person.findUnique({
    where: { id: personId },
    include: { memberships: { where: { active: true }, include: { experiment: true } } },
  });
  if (!person || !person.active) return null;
  const memberships = new Map(person.memberships.map((m) => [m.experimentId, m.role] as const));
  const spansAll = person.globalRoles.some((r: GlobalRole) => r === "OPOS" || r === "MANAGER" || r === "ADMIN");
  const experiments = spansAll
    ? (await db.experiment.findMany({ where: { active: true }, orderBy: { name: "asc" } })).map((e) => ({
        id: e.id,
        name: e.name,
        displayName: e.displayName,
        role: memberships.get(e.id) ?? null,
      }))
    : person.memberships
        .map((m) => ({ id: m.experimentId, name: m.experiment.name, displayName: m.experiment.displayName, role: m.role }))
        .sort((a, b) => a.name.localeCompare(b.name));
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
  };
}
