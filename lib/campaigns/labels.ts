/** Words for the configuration's enums (never the schema's names on a page). */
import type { BatchBackend, CompletionType, StageType } from "@/lib/generated/prisma/enums";
import { effectiveStage, INHERITABLE, type InheritableField } from "./effective";

export const BACKEND_LABEL: Record<BatchBackend, string> = { LOCAL: "Local (this server)", SLURM: "Slurm", JOBSUB: "jobsub (HTCondor)" };
export const COMPLETION_LABEL: Record<CompletionType, string> = { COMPLETE: "Complete (jobs finished)", LOCATED: "Located (outputs catalogued)" };
export const STAGE_TYPE_LABEL: Record<StageType, string> = { REGULAR: "Regular", TEST: "Test", GENERATOR: "Generator (no input files)", APPROVAL: "Approval", DATATRANSFER: "Data transfer" };
export const ROLE_LABEL: Record<string, string> = { ANALYSIS: "analysis (personal)", PRODUCTION_SHIFTER: "shifter", PRODUCTION: "production", COORDINATOR: "coordinator" };

const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
export const BACKEND_OPTIONS = options(BACKEND_LABEL);
export const COMPLETION_OPTIONS = options(COMPLETION_LABEL);
export const STAGE_TYPE_OPTIONS = options(STAGE_TYPE_LABEL);

/**
 * What "inherit from campaign (…)" shows for each inheritable field of a stage in this campaign: the
 * campaign's default, or the installation's when the campaign sets none. Read through effectiveStage, the
 * one inheritance rule.
 */
export function inheritedShown(defaultsJson: unknown): Record<InheritableField, string> {
  const e = effectiveStage({ softwareVersion: null, vomsRole: null, batchBackend: null, completionType: null, completionPct: null, failedRatio: null, paramOverrides: [] }, defaultsJson);
  const text = (f: InheritableField): string => {
    const v = e[f];
    const shown = f === "batchBackend" ? BACKEND_LABEL[e.batchBackend] : f === "completionType" ? COMPLETION_LABEL[e.completionType] : f === "completionPct" ? `${v} %` : String(v);
    if (e.inherited[f] === "campaign") return shown;
    return v === "" ? "not set" : `not set: ${shown} by default`;
  };
  return Object.fromEntries(INHERITABLE.map((f) => [f, text(f)])) as Record<InheritableField, string>;
}
