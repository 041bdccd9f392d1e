import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { CreateLoginSetupInput } from "../input";
import { auditData, experimentIdByName, mustModify, nameTaken } from "./access";

/** A new login/setup (where and as whom to launch) for an experiment; production members and the coordinator. */
export async function createLoginSetup(actor: Actor, input: CreateLoginSetupInput, requestId?: string) {
  const experimentId = await experimentIdByName(input.experiment);
  mustModify(actor, experimentId);
  return db.$transaction(async (tx) => {
    if (await tx.loginSetup.findUnique({ where: { experimentId_name: { experimentId, name: input.name } }, select: { id: true } })) throw nameTaken("login/setup", input.name);
    const row = await tx.loginSetup.create({
      data: { experimentId, name: input.name, launchHost: input.launchHost, launchAccount: input.launchAccount, setupCommands: input.setupCommands, creatorId: actor.id },
    });
    await recordAudit(tx, { actorId: actor.id, action: "login_setup.created", entityType: "LoginSetup", entityId: row.id, experimentId, data: auditData(row.version, undefined, { name: row.name }), requestId });
    return row;
  });
}
