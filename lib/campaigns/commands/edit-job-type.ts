import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { EditJobTypeInput } from "../input";
import { auditData, campaignsUsing, changesOf, mustModify, mustView, nameTaken, requireSharedConfirmation, staleError } from "./access";

/**
 * Edits a job type at the version the person read (a stale version is refused and explained). Campaigns that
 * use it are listed and the change needs `confirmShared` (reactivating alone does not change them). A new
 * recovery list replaces the old one in the order given.
 */
export async function editJobType(actor: Actor, id: number, input: EditJobTypeInput, requestId?: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.jobType.findUnique({ where: { id }, include: { recoveries: { orderBy: { position: "asc" } } } });
    if (!row) throw notFound("Job type");
    mustView(actor, row.experimentId, "JobType");
    mustModify(actor, row.experimentId);
    const { version, confirmShared, ...fields } = input;
    if (row.version !== version) throw await staleError(tx, "JobType", id, version);
    const before = { ...row, recoveries: row.recoveries.map((r) => ({ recoveryType: r.recoveryType, paramOverrides: r.paramOverrides })) };
    const changes = changesOf(before, fields);
    const keys = Object.keys(changes);
    if (!keys.length) return row;
    if (changes.name && (await tx.jobType.findUnique({ where: { experimentId_name: { experimentId: row.experimentId, name: fields.name! } }, select: { id: true } }))) throw nameTaken("job type", fields.name!);
    const onlyReactivating = keys.length === 1 && fields.active === true;
    if (!onlyReactivating) requireSharedConfirmation("job type", await campaignsUsing(tx, { jobTypeId: id }), confirmShared, fields.active === false ? "Deactivating" : "Changing");
    const data = Object.fromEntries(keys.filter((k) => k !== "recoveries").map((k) => [k, fields[k as keyof typeof fields]]));
    const n = await tx.jobType.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    if (n.count !== 1) throw await staleError(tx, "JobType", id, version);
    if (changes.recoveries && fields.recoveries) {
      await tx.jobTypeRecovery.deleteMany({ where: { jobTypeId: id } });
      await tx.jobTypeRecovery.createMany({ data: fields.recoveries.map((r, i) => ({ jobTypeId: id, position: i + 1, recoveryType: r.recoveryType, paramOverrides: r.paramOverrides })) });
    }
    const action = keys.length === 1 && "active" in changes ? (fields.active ? "job_type.reactivated" : "job_type.deactivated") : "job_type.edited";
    await recordAudit(tx, { actorId: actor.id, action, entityType: "JobType", entityId: id, experimentId: row.experimentId, data: auditData(version + 1, changes), requestId });
    return tx.jobType.findUniqueOrThrow({ where: { id } });
  });
}
