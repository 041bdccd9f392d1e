/**
 * Checks shared by the configuration commands: who may see and change what (through the one policy),
 * the optimistic-version refusal with its explanation, the campaigns a shared template is used by, and
 * field diffs for the audit trail.
 */
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExperimentRole } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { DomainError, forbidden } from "@/lib/errors";
import { staleEdit } from "@/lib/audit/stale";
import { decide, type Actor } from "@/lib/people/policy";
import { mustSeeExperiment } from "@/lib/people/visibility";

export type Tx = Prisma.TransactionClient;
export type EntityType = "LoginSetup" | "JobType" | "Campaign" | "CampaignStage";

const WHAT: Record<EntityType, string> = { LoginSetup: "login/setup", JobType: "job type", Campaign: "campaign", CampaignStage: "stage" };

/** Something the actor may not see does not exist for them. */
export function mustView(actor: Actor, experimentId: number, what: EntityType) {
  mustSeeExperiment(actor, experimentId, WHAT[what][0].toUpperCase() + WHAT[what].slice(1));
}

/** Seeing it is not changing it: campaigns name their owner and the role they were created as. */
export function mustModify(actor: Actor, experimentId: number, owner?: { creatorId: number; creatorRole: ExperimentRole }) {
  const d = decide(actor, "campaign.modify", { experimentId, ownerId: owner?.creatorId, ownerRole: owner?.creatorRole });
  if (!d.allowed) throw forbidden(d.reason);
}

/** The experiment a body names (by its short name), or a 400 on that field. */
export async function experimentIdByName(name: string): Promise<number> {
  const e = await db.experiment.findUnique({ where: { name: name.toLowerCase() }, select: { id: true, active: true } });
  if (!e || !e.active) throw new DomainError("invalid_input", `There is no experiment "${name}".`, { field: "experiment" });
  return e.id;
}

/**
 * The refusal of a stale edit: who changed it since the version the person read, when, and which fields
 * (from the audit events, which carry the version each change produced).
 */
export async function staleError(tx: Tx, entityType: EntityType, id: number, readVersion: number): Promise<DomainError> {
  return staleEdit(tx, { entityType, id, what: WHAT[entityType], readVersion, currentVersion: await currentVersion(tx, entityType, id) }, fieldWords);
}

async function currentVersion(tx: Tx, entityType: EntityType, id: number): Promise<number | null> {
  const where = { where: { id }, select: { version: true } } as const;
  const row =
    entityType === "LoginSetup" ? await tx.loginSetup.findUnique(where) : entityType === "JobType" ? await tx.jobType.findUnique(where) : entityType === "Campaign" ? await tx.campaign.findUnique(where) : await tx.campaignStage.findUnique(where);
  return row?.version ?? null;
}

/** A field's name in people's words (the audit keeps the schema's names). */
export function fieldWords(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/([A-Z])/g, " $1").toLowerCase();
}
const FIELD_WORDS: Record<string, string> = {
  launchHost: "launch host",
  launchAccount: "launch account",
  setupCommands: "setup commands",
  launchScript: "launch command",
  definitionParameters: "definition parameters",
  filesPerJob: "files per job",
  outputFilePatterns: "output file patterns",
  recoveries: "recovery list",
  batchBackend: "batch backend",
  inputDataset: "input dataset",
  splitType: "split type",
  softwareVersion: "software version",
  vomsRole: "VO role",
  paramOverrides: "parameter overrides",
  testParamOverrides: "test parameter overrides",
  completionType: "completion type",
  completionPct: "completion %",
  failedRatio: "failed ratio",
  maxJobs: "max jobs",
  jobTypeId: "job type",
  loginSetupId: "login/setup",
  stageType: "stage type",
};

/** Field diffs of an edit: only fields the input names and whose value differs. */
export function changesOf(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v)) out[k] = { from: before[k] ?? null, to: v };
  }
  return out;
}

export type CampaignRef = { id: number; name: string; active: boolean };

/** The campaigns whose stages use a job type or login/setup (what editing it would change). */
export async function campaignsUsing(tx: Tx, by: { jobTypeId: number } | { loginSetupId: number }): Promise<CampaignRef[]> {
  return tx.campaign.findMany({ where: { stages: { some: by } }, select: { id: true, name: true, active: true }, orderBy: { name: "asc" } });
}

/** Without confirmation, a change to a template that campaigns use is refused with the list of them. */
export function requireSharedConfirmation(what: "job type" | "login/setup", campaigns: CampaignRef[], confirmed: boolean | undefined, change = "Changing") {
  if (!campaigns.length || confirmed) return;
  const names = campaigns.map((c) => c.name);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
  throw new DomainError("shared", `${change} this ${what} changes ${campaigns.length === 1 ? "1 campaign" : `${campaigns.length} campaigns`} that use${campaigns.length === 1 ? "s" : ""} it: ${shown}. Confirm to go ahead.`, { campaigns });
}

/** A name taken in the experiment: a 400 on the name field (checked first; the unique index still holds). */
export function nameTaken(what: string, name: string) {
  return new DomainError("invalid_input", `A ${what} named "${name}" already exists in this experiment.`, { field: "name" });
}

/** The audit record of a configuration change: the version it produced lets a stale edit say what changed since. */
export function auditData(version: number, changes?: Record<string, unknown>, extra?: Record<string, unknown>): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify({ version, ...(changes ? { changes } : {}), ...(extra ?? {}) }));
}
