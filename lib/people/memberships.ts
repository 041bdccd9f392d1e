/**
 * Memberships of an experiment: who is in it and as what. Managed by the experiment's
 * coordinator; every change is audited in the same transaction. An experiment always keeps
 * at least one active coordinator.
 */
import "server-only";
import { z } from "zod";
import { textLine } from "@/lib/http/input";
import { db } from "@/lib/db";
import { DomainError, notFound, forbidden } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { decide, type Actor } from "./policy";
import type { ExperimentRole } from "@/lib/generated/prisma/enums";

export const EXPERIMENT_ROLES = ["ANALYSIS", "PRODUCTION_SHIFTER", "PRODUCTION", "COORDINATOR"] as const satisfies readonly ExperimentRole[];

export const ROLE_LABEL: Record<ExperimentRole, string> = {
  ANALYSIS: "Analysis",
  PRODUCTION_SHIFTER: "Production shifter",
  PRODUCTION: "Production",
  COORDINATOR: "Coordinator",
};

export const addMembershipInput = z.strictObject({
  person: textLine("A username or email", 200).transform((s) => s.toLowerCase()),
  role: z.enum(EXPERIMENT_ROLES, { message: "Choose a role: analysis, production shifter, production or coordinator." }),
});

export const changeMembershipInput = z
  .strictObject({
    role: z.enum(EXPERIMENT_ROLES, { message: "Choose a role: analysis, production shifter, production or coordinator." }).optional(),
    active: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.active !== undefined, "Say what to change: role and/or active.");

function authorise(actor: Actor, experimentId: number) {
  const d = decide(actor, "membership.manage", { experimentId });
  if (!d.allowed) throw forbidden(d.reason);
}

export async function experimentByName(name: string) {
  const experiment = await db.experiment.findUnique({ where: { name } });
  if (!experiment) throw notFound(`Experiment "${name}"`);
  return experiment;
}

export async function listMemberships(experimentId: number) {
  return db.membership.findMany({
    where: { experimentId },
    include: { person: { select: { id: true, username: true, name: true, email: true, active: true } } },
    orderBy: [{ active: "desc" }, { role: "desc" }, { person: { name: "asc" } }],
  });
}

export async function addMembership(actor: Actor, experimentId: number, input: z.infer<typeof addMembershipInput>, requestId?: string) {
  authorise(actor, experimentId);
  const key = input.person.toLowerCase();
  const person = await db.person.findFirst({ where: { OR: [{ username: key }, { email: key }] } });
  if (!person) throw new DomainError("not_found", `Nobody is registered as "${input.person}". They must sign in once before they can be added.`);
  if (!person.active) throw new DomainError("conflict", `${person.name}'s account is deactivated.`);
  return db.$transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { personId_experimentId: { personId: person.id, experimentId } } });
    if (existing?.active) throw new DomainError("conflict", `${person.name} is already a member (${ROLE_LABEL[existing.role]}).`);
    const membership = existing
      ? await tx.membership.update({ where: { id: existing.id }, data: { active: true, role: input.role, changedById: actor.id } })
      : await tx.membership.create({ data: { personId: person.id, experimentId, role: input.role, changedById: actor.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: existing ? "membership.reactivated" : "membership.added",
      entityType: "membership",
      entityId: membership.id,
      experimentId,
      data: { person: person.username, role: input.role, previous: existing ? { role: existing.role, active: existing.active } : null },
      requestId,
    });
    return membership;
  });
}

export async function changeMembership(actor: Actor, membershipId: number, input: z.infer<typeof changeMembershipInput>, requestId?: string) {
  const membership = await db.membership.findUnique({ where: { id: membershipId }, include: { person: true } });
  if (!membership) throw notFound("Membership");
  authorise(actor, membership.experimentId);
  const role = input.role ?? membership.role;
  const active = input.active ?? membership.active;
  if (role === membership.role && active === membership.active) return membership;
  return db.$transaction(async (tx) => {
    // Lock the experiment's coordinator rows so two coordinators cannot demote each other at once.
    const coordinators = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Membership" WHERE "experimentId" = ${membership.experimentId} AND role = 'COORDINATOR' AND active FOR UPDATE`;
    const losesCoordinator = membership.role === "COORDINATOR" && membership.active && (role !== "COORDINATOR" || !active);
    if (losesCoordinator && coordinators.length <= 1) {
      throw new DomainError("conflict", "An experiment must keep at least one active coordinator: add another coordinator first.");
    }
    const updated = await tx.membership.update({ where: { id: membershipId }, data: { role, active, changedById: actor.id } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: active !== membership.active ? (active ? "membership.reactivated" : "membership.deactivated") : "membership.role_changed",
      entityType: "membership",
      entityId: membershipId,
      experimentId: membership.experimentId,
      data: { person: membership.person.username, from: { role: membership.role, active: membership.active }, to: { role, active } },
      requestId,
    });
    return updated;
  });
}
