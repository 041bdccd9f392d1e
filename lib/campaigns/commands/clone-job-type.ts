import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditData, mustModify, mustView, nameTaken } from "./access";
import { freeName } from "./free-name";

/** A copy of a job type (with its recovery list) under a new name, owned by the actor. */
export async function cloneJobType(actor: Actor, id: number, name: string | undefined, requestId?: string) {
  return db.$transaction(async (tx) => {
    const src = await tx.jobType.findUnique({ where: { id }, include: { recoveries: { orderBy: { position: "asc" } } } });
    if (!src) throw notFound("Job type");
    mustView(actor, src.experimentId, "JobType");
    mustModify(actor, src.experimentId);
    const taken = async (n: string) => !!(await tx.jobType.findUnique({ where: { experimentId_name: { experimentId: src.experimentId, name: n } }, select: { id: true } }));
    if (name && (await taken(name))) throw nameTaken("job type", name);
    const newName = name ?? (await freeName(src.name, taken));
    const row = await tx.jobType.create({
      data: {
        experimentId: src.experimentId,
        name: newName,
        launchScript: src.launchScript,
        definitionParameters: src.definitionParameters as Prisma.InputJsonValue,
        filesPerJob: src.filesPerJob,
        outputFilePatterns: src.outputFilePatterns,
        creatorId: actor.id,
        recoveries: { create: src.recoveries.map((r) => ({ position: r.position, recoveryType: r.recoveryType, paramOverrides: r.paramOverrides as Prisma.InputJsonValue })) },
      },
    });
    await recordAudit(tx, { actorId: actor.id, action: "job_type.cloned", entityType: "JobType", entityId: row.id, experimentId: src.experimentId, data: auditData(row.version, undefined, { name: newName, from: { id: src.id, name: src.name } }), requestId });
    return row;
  });
}
