import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import { auditData, mustModify, mustView, nameTaken } from "./access";
import { freeName } from "./free-name";

/** A copy of a login/setup under a new name (given, or "<name>_copy", "<name>_copy2"…), owned by the actor. */
export async function cloneLoginSetup(actor: Actor, id: number, name: string | undefined, requestId?: string) {
  return db.$transaction(async (tx) => {
    const src = await tx.loginSetup.findUnique({ where: { id } });
    if (!src) throw notFound("Login/setup");
    mustView(actor, src.experimentId, "LoginSetup");
    mustModify(actor, src.experimentId);
    const taken = async (n: string) => !!(await tx.loginSetup.findUnique({ where: { experimentId_name: { experimentId: src.experimentId, name: n } }, select: { id: true } }));
    if (name && (await taken(name))) throw nameTaken("login/setup", name);
    const newName = name ?? (await freeName(src.name, taken));
    const row = await tx.loginSetup.create({
      data: { experimentId: src.experimentId, name: newName, launchHost: src.launchHost, launchAccount: src.launchAccount, setupCommands: src.setupCommands, creatorId: actor.id },
    });
    await recordAudit(tx, { actorId: actor.id, action: "login_setup.cloned", entityType: "LoginSetup", entityId: row.id, experimentId: src.experimentId, data: auditData(row.version, undefined, { name: newName, from: { id: src.id, name: src.name } }), requestId });
    return row;
  });
}
