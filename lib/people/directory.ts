/** Finding people by the names others type for them. */
import "server-only";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** The id behind a username someone typed, or a 400 naming it. */
export async function personIdByUsername(username: string, field = "assignee"): Promise<number> {
  const p = await db.person.findUnique({ where: { username }, select: { id: true } });
  if (!p) throw new DomainError("invalid_input", `Nobody is called "${username}".`, { field });
  return p.id;
}

/** Active OPOS operators, for assignment pickers. */
export function listOperators() {
  return db.person.findMany({ where: { active: true, globalRoles: { has: "OPOS" } }, select: { id: true, username: true, name: true }, orderBy: { name: "asc" } });
}

/** Everyone who may sign in, with their active memberships: the development sign-in's list. */
export function listDemoPeople() {
  return db.person.findMany({
    where: { active: true },
    include: { memberships: { where: { active: true }, include: { experiment: true } } },
    orderBy: { username: "asc" },
  });
}
