import type { GlobalRole } from "@/lib/generated/prisma/enums";
import { ROLE_LABEL } from "./memberships";
import type { SignedInPerson } from "./actor";

const GLOBAL_ROLE_LABEL: Record<GlobalRole, string> = { OPOS: "OPOS operator", MANAGER: "Manager", ADMIN: "Administrator" };

/** "OPOS operator · NOvA coordinator": what a person is, in a line. */
export function describeRoles(p: Pick<SignedInPerson, "globalRoles" | "experiments">): string {
  const parts = [
    ...p.globalRoles.map((r) => GLOBAL_ROLE_LABEL[r]),
    ...p.experiments.filter((e) => e.role).map((e) => `${e.displayName} ${ROLE_LABEL[e.role!].toLowerCase()}`),
  ];
  return parts.join(" · ") || "No role yet";
}
