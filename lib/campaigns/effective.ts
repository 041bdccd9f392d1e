/**
 * A stage's effective configuration: a stage field that is null inherits the campaign's default of the same key
 * (Campaign.defaults), and one that is also missing there takes the installation's fallback. Parameter overrides
 * merge instead: the campaign's, then the stage's (same key: the stage wins). The one place inheritance is
 * resolved: pages show it, launching uses it. Pure.
 */
import { z } from "zod";
import type { BatchBackend, CompletionType } from "@/lib/generated/prisma/enums";

/** Ordered [key, value] pairs (job type definition parameters, overrides). A value "" drops the key's flag value. */
export type ParamPairs = [string, string][];

export const paramPairs = z.array(z.tuple([z.string(), z.string()])).max(200);

export const INHERITABLE = ["softwareVersion", "vomsRole", "batchBackend", "completionType", "completionPct", "failedRatio"] as const;
export type InheritableField = (typeof INHERITABLE)[number];

/** What Campaign.defaults may hold (unknown keys are dropped when read). */
export const campaignDefaults = z.object({
  softwareVersion: z.string().optional(),
  vomsRole: z.string().optional(),
  batchBackend: z.enum(["JOBSUB", "SLURM", "LOCAL"]).optional(),
  completionType: z.enum(["COMPLETE", "LOCATED"]).optional(),
  completionPct: z.number().int().min(1).max(100).optional(),
  failedRatio: z.number().min(0).max(1000).optional(),
  paramOverrides: paramPairs.optional(),
});
export type CampaignDefaults = z.infer<typeof campaignDefaults>;

export const FALLBACK = {
  softwareVersion: "",
  vomsRole: "Analysis",
  batchBackend: "JOBSUB" as BatchBackend,
  completionType: "LOCATED" as CompletionType,
  completionPct: 95,
  failedRatio: 2,
};

export type StageFields = {
  softwareVersion: string | null;
  vomsRole: string | null;
  batchBackend: BatchBackend | null;
  completionType: CompletionType | null;
  completionPct: number | null;
  failedRatio: number | null;
  paramOverrides: unknown;
};

export type Effective = {
  softwareVersion: string;
  vomsRole: string;
  batchBackend: BatchBackend;
  completionType: CompletionType;
  completionPct: number;
  failedRatio: number;
  paramOverrides: ParamPairs;
  /** Which fields came from the campaign (or the fallback) rather than the stage. */
  inherited: Record<InheritableField, "stage" | "campaign" | "fallback">;
};

export function readDefaults(json: unknown): CampaignDefaults {
  const parsed = campaignDefaults.safeParse(json ?? {});
  return parsed.success ? parsed.data : {};
}

export function readPairs(json: unknown): ParamPairs {
  const parsed = paramPairs.safeParse(json ?? []);
  return parsed.success ? parsed.data : [];
}

/** Later pairs replace earlier ones of the same key, in the earlier one's place; new keys are appended. */
export function mergePairs(...layers: ParamPairs[]): ParamPairs {
  const out: ParamPairs = [];
  for (const layer of layers) {
    for (const [k, v] of layer) {
      const at = out.findIndex(([key]) => key === k);
      if (at >= 0) out[at] = [k, v];
      else out.push([k, v]);
    }
  }
  return out;
}

export function effectiveStage(stage: StageFields, defaultsJson: unknown): Effective {
  const d = readDefaults(defaultsJson);
  const inherited = {} as Effective["inherited"];
  const pick = <K extends InheritableField>(k: K) => {
    const own = stage[k];
    if (own !== null && own !== undefined) {
      inherited[k] = "stage";
      return own as NonNullable<StageFields[K]>;
    }
    const dv = d[k];
    if (dv !== undefined) {
      inherited[k] = "campaign";
      return dv as NonNullable<StageFields[K]>;
    }
    inherited[k] = "fallback";
    return FALLBACK[k] as NonNullable<StageFields[K]>;
  };
  return {
    softwareVersion: pick("softwareVersion"),
    vomsRole: pick("vomsRole"),
    batchBackend: pick("batchBackend"),
    completionType: pick("completionType"),
    completionPct: pick("completionPct"),
    failedRatio: pick("failedRatio"),
    paramOverrides: mergePairs(d.paramOverrides ?? [], readPairs(stage.paramOverrides)),
    inherited,
  };
}
