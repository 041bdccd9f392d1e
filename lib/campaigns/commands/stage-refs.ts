import "server-only";
import { DomainError } from "@/lib/errors";
import type { Tx } from "./access";

/**
 * A stage's references must stay inside its campaign's experiment: its job type and login/setup (a newly
 * chosen one must be active) and its upstream stages (of the same campaign; a self-edge is allowed).
 */
export async function checkStageRefs(
  tx: Tx,
  campaign: { id: number; experimentId: number },
  refs: { jobTypeId?: number; loginSetupId?: number; dependencies?: { fromStageId: number }[]; serviceIds?: number[] },
) {
  if (refs.jobTypeId !== undefined) {
    const jt = await tx.jobType.findUnique({ where: { id: refs.jobTypeId }, select: { experimentId: true, active: true, name: true } });
    if (!jt || jt.experimentId !== campaign.experimentId) throw new DomainError("invalid_input", "Choose a job type of the campaign's experiment.", { field: "jobTypeId" });
    if (!jt.active) throw new DomainError("invalid_input", `Job type ${jt.name} is deactivated; reactivate it or choose another.`, { field: "jobTypeId" });
  }
  if (refs.loginSetupId !== undefined) {
    const ls = await tx.loginSetup.findUnique({ where: { id: refs.loginSetupId }, select: { experimentId: true, active: true, name: true } });
    if (!ls || ls.experimentId !== campaign.experimentId) throw new DomainError("invalid_input", "Choose a login/setup of the campaign's experiment.", { field: "loginSetupId" });
    if (!ls.active) throw new DomainError("invalid_input", `Login/setup ${ls.name} is deactivated; reactivate it or choose another.`, { field: "loginSetupId" });
  }
  if (refs.dependencies?.length) {
    const ids = [...new Set(refs.dependencies.map((d) => d.fromStageId))];
    if (ids.length !== refs.dependencies.length) throw new DomainError("invalid_input", "An upstream stage is listed twice.", { field: "dependencies" });
    const found = await tx.campaignStage.count({ where: { id: { in: ids }, campaignId: campaign.id } });
    if (found !== ids.length) throw new DomainError("invalid_input", "Upstream stages must be stages of the same campaign.", { field: "dependencies" });
  }
  if (refs.serviceIds?.length) {
    // Needed services: active, and of no experiment or of the campaign's.
    const found = await tx.service.count({ where: { id: { in: refs.serviceIds }, active: true, OR: [{ experimentId: null }, { experimentId: campaign.experimentId }] } });
    if (found !== refs.serviceIds.length) throw new DomainError("invalid_input", "Needed services must be active services of the installation or of the campaign's experiment.", { field: "serviceIds" });
  }
}

