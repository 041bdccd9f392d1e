import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/people/policy";
import type { CreateJobTypeInput } from "../input";
import { auditData, experimentIdByName, mustModify, nameTaken } from "./access";

/** A new job type (how to launch a kind of work) with its ordered recovery list. */
export async function createJobType(actor: Actor, input: CreateJobTypeInput, requestId?: string) {
  const experimentId = await experimentIdByName(input.experiment);
  mustModify(actor, experimentId);
  return db.$transaction(async (tx) => {
    if (await tx.jobType.findUnique({ where: { experimentId_name: { experimentId, name: input.name } }, select: { id: true } })) throw nameTaken("job type", input.name);
    const row = await tx.jobType.create({
      data: {
        experimentId,
        name: input.name,
        launchScript: input.launchScript,
        definitionParameters: input.definitionParameters,
        filesPerJob: input.filesPerJob,
        outputFilePatterns: input.outputFilePatterns,
        creatorId: actor.id,
        recoveries: { create: input.recoveries.map((r, i) => ({ position: i + 1, recoveryType: r.recoveryType, paramOverrides: r.paramOverrides })) },
      },
    });
    await recordAudit(tx, { actorId: actor.id, action: "job_type.created", entityType: "JobType", entityId: row.id, experimentId, data: auditData(row.version, undefined, { name: row.name }), requestId });
    return row;
  });
}
