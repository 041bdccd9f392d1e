import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/** The experiment's active coordinators who may sign in, but not the person acting: one rule for every notice to them. */
export const coordinatorIdsSql = (experimentId: number, actorId: number) => Prisma.sql`
  SELECT m."personId" FROM "Membership" m JOIN "Person" p ON p.id = m."personId"
  WHERE m."experimentId" = ${experimentId} AND m.role = 'COORDINATOR' AND m.active AND p.active AND m."personId" <> ${actorId}`;
