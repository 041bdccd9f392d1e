import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { EditLoginSetupInput } from "../input";
import { auditData, campaignsUsing, changesOf, mustModify, mustView, nameTaken, requireSharedConfirmation, staleError } from "./access";

/**
 * Edits a login/setup at the version the person read (a stale version is refused and explained). Campaigns
 * that use it are listed and the change needs `confirmShared` (reactivating alone does not change them).
 */
export async function editLoginSetup(actor: Actor, id: number, input: EditLoginSetupInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.loginSetup.findUnique({ where: { id } });
    if (!row) throw notFound("Login/setup");
    mustView(actor, row.experimentId, "LoginSetup");
    mustModify(actor, row.experimentId);
    const { version, confirmShared, ...fields } = input;
    if (row.version !== version) throw await staleError(tx, "LoginSetup", id, version);
    const changes = changesOf(row, fields);
    const keys = Object.keys(changes);
    if (!keys.length) return row;
    if (changes.name && (await tx.loginSetup.findUnique({ where: { experimentId_name: { experimentId: row.experimentId, name: fields.name! } }, select: { id: true } }))) throw nameTaken("login/setup", fields.name!);
    const onlyReactivating = keys.length === 1 && fields.active === true;
    if (!onlyReactivating) requireSharedConfirmation("login/setup", await campaignsUsing(tx, { loginSetupId: id }), confirmShared, fields.active === false ? "Deactivating" : "Changing");
    const data = Object.fromEntries(keys.map((k) => [k, fields[k as keyof typeof fields]]));
    const n = await tx.loginSetup.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "LoginSetup", id, version);
    const action = keys.length === 1 && "active" in changes ? (fields.active ? "login_setup.reactivated" : "login_setup.deactivated") : "login_setup.edited";
    await recordAudit(tx, { actorId: actor.id, action, entityType: "LoginSetup", entityId: id, experimentId: row.experimentId, data: auditData(version + 1, changes), requestId });
    return tx.loginSetup.findUniqueOrThrow({ where: { id } });
  });
}
