/**
 * What campaign configuration looks like at the edge: login/setups, job types, campaigns and stages.
 * Text is normalised by lib/http/input.ts first; here names, hosts, accounts, parameters and patterns are
 * bounded and checked, because whitespace, quotes and newlines in these fields broke launches before.
 * Objects are strict (an unknown field is refused by name). Pure.
 */
import { z } from "zod";
import { cleanText, intId, textBlock, version } from "@/lib/http/input";
import { formatSplitType, parseSplitType } from "./split/spec";
import { sliceOptionsFromLines } from "./split/slice-options";
import { filePatternsProblem } from "@/lib/chains/patterns";

const line = (label: string, max: number) =>
  z
    .string({ message: `${label} must be text.` })
    .transform((s) => cleanText(s).replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters.`));

/** A configuration name: letters, digits and . _ - + @, starting with a letter or digit. */
export const configName = (label = "Name") =>
  line(label, 100).pipe(
    z
      .string()
      .min(1, `${label} is required.`)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._+@-]*$/, `${label} may hold letters, digits and . _ - + @ (no spaces), starting with a letter or digit.`),
  );

/** A host name (RFC 1123 labels), kept in lower case. */
export const hostName = line("Launch host", 253)
  .transform((s) => s.toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "Launch host is required.")
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "Launch host must be a host name such as novagpvm01.fnal.gov (letters, digits, dots and hyphens)."),
  );

/** A Unix account name. */
export const accountName = line("Launch account", 32).pipe(
  z
    .string()
    .min(1, "Launch account is required.")
    .regex(/^[a-z_][a-z0-9_.-]*$/, "Launch account must be an account name such as novapro (lower-case letters, digits, _ . -, starting with a letter)."),
);

const PARAM_KEY = /^[A-Za-z0-9_.:%()+=/@,-]+$/;

/** Ordered [key, value] pairs: keys without spaces and unique, values one line each. */
export const paramPairsInput = (label: string) =>
  z
    .array(z.tuple([line(`${label} key`, 200), line(`${label} value`, 2000)]), { message: `${label} must be a list of [key, value] pairs.` })
    .max(200, `${label}: at most 200 parameters.`)
    .superRefine((pairs, ctx) => {
      const seen = new Set<string>();
      pairs.forEach(([k], i) => {
        if (!k) ctx.addIssue({ code: "custom", path: [i], message: `${label}: parameter ${i + 1} has no name.` });
        else if (!PARAM_KEY.test(k)) ctx.addIssue({ code: "custom", path: [i], message: `${label}: "${k}" is not a parameter name (no spaces or quotes).` });
        else if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `${label}: "${k}" is given twice.` });
        seen.add(k);
      });
    });

/** Output file patterns: SQL-like (% any run, _ one character) or glob, no spaces. */
export const filePatterns = z
  .array(line("Output file pattern", 200).pipe(z.string().min(1, "An output file pattern is empty.").regex(/^[^\s'"`$;|&<>\\]+$/, "Output file patterns may not hold spaces, quotes or shell characters.")))
  .max(50, "At most 50 output file patterns.");

export const RECOVERY_TYPES = ["consumed_status", "proj_status", "added_files", "pending_files"] as const;
export const RECOVERY_LABEL: Record<(typeof RECOVERY_TYPES)[number], string> = {
  consumed_status: "Files not consumed",
  proj_status: "Project did not finish",
  added_files: "Files added to the dataset",
  pending_files: "Files without outputs",
};

/** The ordered recovery list: the first entry runs first, each with its own parameter overrides. */
export const recoveryList = z
  .array(
    z.strictObject({
      recoveryType: z.enum(RECOVERY_TYPES, { message: `Recovery type must be one of ${RECOVERY_TYPES.join(", ")}.` }),
      paramOverrides: paramPairsInput("Recovery overrides").default([]),
    }),
  )
  .max(10, "At most 10 recovery steps.");

const count = (label: string, max: number) => z.number({ message: `${label} must be a number.` }).int(`${label} must be a whole number.`).min(1, `${label} must be at least 1.`).max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);

export const softwareVersion = line("Software version", 64).pipe(z.string().regex(/^[A-Za-z0-9._+-]*$/, "Software version may hold letters, digits and . _ - + only (such as v3.2.1)."));
export const vomsRole = line("VO role", 32).pipe(z.string().regex(/^[A-Za-z]*$/, "VO role is a single word such as Production or Analysis."));
export const BACKENDS = ["JOBSUB", "SLURM", "LOCAL"] as const;
export const COMPLETION_TYPES = ["COMPLETE", "LOCATED"] as const;
export const STAGE_TYPES = ["REGULAR", "TEST", "GENERATOR", "APPROVAL", "DATATRANSFER"] as const;
const backend = z.enum(BACKENDS, { message: "Batch backend must be local, Slurm or jobsub." });
const completionType = z.enum(COMPLETION_TYPES, { message: "Completion type must be complete or located." });
const completionPct = z.number({ message: "Completion % must be a number." }).int("Completion % must be a whole number.").min(1, "Completion % must be at least 1.").max(100, "Completion % must be at most 100.");
const failedRatio = z.number({ message: "Failed ratio must be a number." }).min(0, "Failed ratio must be at least 0.").max(1000, "Failed ratio must be at most 1,000.");

const RESERVED_KEYWORDS = ["dataset", "version", "group", "experimenter"];
/** Keywords usable as %(key)s: ordered pairs of identifiers and one-line values. */
export const keywordPairs = z
  .array(z.tuple([line("Keyword", 64), line("Keyword value", 2000)]), { message: "Keywords must be a list of [name, value] pairs." })
  .max(100, "At most 100 keywords.")
  .superRefine((pairs, ctx) => {
    const seen = new Set<string>();
    pairs.forEach(([k], i) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) ctx.addIssue({ code: "custom", path: [i], message: `Keyword "${k}" must be a name of letters, digits and _ (used as %(${k || "name"})s).` });
      else if (RESERVED_KEYWORDS.includes(k)) ctx.addIssue({ code: "custom", path: [i], message: `Keyword "${k}" is filled in at launch and cannot be set here.` });
      else if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `Keyword "${k}" is given twice.` });
      seen.add(k);
    });
  });

export const tagNames = z
  .array(configName("Tag").pipe(z.string().max(40, "Tag must be at most 40 characters.")))
  .max(20, "At most 20 tags.")
  .transform((tags) => [...new Set(tags)]);

/** The campaign's stage defaults (lib/campaigns/effective.ts reads them back): absent = not set. */
export const defaultsInput = z.strictObject({
  softwareVersion: softwareVersion.optional(),
  vomsRole: vomsRole.optional(),
  batchBackend: backend.optional(),
  completionType: completionType.optional(),
  completionPct: completionPct.optional(),
  failedRatio: failedRatio.optional(),
  paramOverrides: paramPairsInput("Default parameter overrides").optional(),
});

const confirmShared = z.boolean({ message: "confirmShared must be true or false." }).optional();

// ── Login/setups
const loginSetupFields = {
  name: configName(),
  launchHost: hostName,
  launchAccount: accountName,
  setupCommands: textBlock("Setup commands", 4000),
};
export const createLoginSetupInput = z.strictObject({ experiment: line("Experiment", 40).pipe(z.string().min(1, "Experiment is required.")), ...loginSetupFields });
export const editLoginSetupInput = z.strictObject({ version: version(), confirmShared, active: z.boolean().optional(), ...z.object(loginSetupFields).partial().shape });
export type CreateLoginSetupInput = z.infer<typeof createLoginSetupInput>;
export type EditLoginSetupInput = z.infer<typeof editLoginSetupInput>;

// ── Job types
const jobTypeFields = {
  name: configName(),
  launchScript: line("Launch command", 4000).pipe(z.string().min(1, "Launch command is required.")),
  definitionParameters: paramPairsInput("Definition parameters").default([]),
  filesPerJob: count("Files per job", 100_000).nullable().default(null),
  outputFilePatterns: filePatterns.default([]),
  recoveries: recoveryList.default([]),
};
export const createJobTypeInput = z.strictObject({ experiment: line("Experiment", 40).pipe(z.string().min(1, "Experiment is required.")), ...jobTypeFields });
export const editJobTypeInput = z.strictObject({
  version: version(),
  confirmShared,
  active: z.boolean().optional(),
  name: jobTypeFields.name.optional(),
  launchScript: jobTypeFields.launchScript.optional(),
  definitionParameters: paramPairsInput("Definition parameters").optional(),
  filesPerJob: count("Files per job", 100_000).nullable().optional(),
  outputFilePatterns: filePatterns.optional(),
  recoveries: recoveryList.optional(),
});
export type CreateJobTypeInput = z.infer<typeof createJobTypeInput>;
export type EditJobTypeInput = z.infer<typeof editJobTypeInput>;

// ── Campaigns
const campaignFields = {
  name: configName(),
  description: textBlock("Description", 4000),
  defaults: defaultsInput.default({}),
  keywords: keywordPairs.default([]),
  tags: tagNames.default([]),
};
export const createCampaignInput = z.strictObject({ experiment: line("Experiment", 40).pipe(z.string().min(1, "Experiment is required.")), ...campaignFields });
export const editCampaignInput = z.strictObject({
  version: version(),
  active: z.boolean().optional(),
  name: campaignFields.name.optional(),
  description: textBlock("Description", 4000).optional(),
  defaults: defaultsInput.optional(),
  keywords: keywordPairs.optional(),
  tags: tagNames.optional(),
});
export const campaignFromTaskInput = z.strictObject({ name: configName().optional(), description: textBlock("Description", 4000).optional(), defaults: defaultsInput.optional(), keywords: keywordPairs.optional(), tags: tagNames.optional() });
export const bulkActiveInput = z.strictObject({ ids: z.array(intId("Campaign id")).min(1, "Choose at least one campaign.").max(500, "At most 500 campaigns at once."), active: z.boolean({ message: "active must be true or false." }) });
export const cloneInput = z.strictObject({ name: configName().optional() });
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;
export type EditCampaignInput = z.infer<typeof editCampaignInput>;
export type CampaignFromTaskInput = z.infer<typeof campaignFromTaskInput>;

// ── Stages: an inheritable field that is null inherits the campaign's default (lib/campaigns/effective.ts).
/** The split type, read by the split rules and stored in its canonical form ("NFiles( 10 )" → "nfiles(10)"). */
const splitText = line("Split type", 200).transform((text, ctx) => {
  const parsed = parseSplitType(text);
  if (parsed.ok) return formatSplitType(parsed.spec);
  ctx.addIssue({ code: "custom", message: parsed.message });
  return z.NEVER;
});
/** The test split: a split type, or empty/null for "test launches take the stage's own next slice". */
export const testSplitTypeInput = line("Test split", 200).transform((text, ctx) => {
  if (text === "") return null;
  const parsed = parseSplitType(text);
  if (parsed.ok) return formatSplitType(parsed.spec);
  ctx.addIssue({ code: "custom", message: `Test split: ${parsed.message}` });
  return z.NEVER;
});
const COMPONENT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** Per-slice command options: which slices (component → value) get which parameter overrides (lib/campaigns/split/slice-options.ts). */
export const sliceOptionsInput = z
  .array(
    z.strictObject({
      match: z
        .record(z.string(), line("Slice option value", 200).pipe(z.string().min(1, "A slice option's value is empty.")), { message: "match must name components and their values, such as { detector: \"far\" }." })
        .superRefine((m, ctx) => {
          const keys = Object.keys(m);
          if (keys.length < 1 || keys.length > 5) ctx.addIssue({ code: "custom", message: "A slice option matches 1 to 5 components." });
          const bad = keys.find((k) => !COMPONENT_NAME.test(k));
          if (bad !== undefined) ctx.addIssue({ code: "custom", message: `"${bad.slice(0, 40)}" is not a metadata component such as detector (letters, digits and _ . -).` });
        }),
      overrides: paramPairsInput("Slice option overrides").pipe(z.array(z.tuple([z.string(), z.string()])).min(1, "A slice option needs at least one parameter override.")),
    }),
    { message: "Slice options must be a list of { match, overrides }." },
  )
  .max(100, "At most 100 slice options.");
/** The stage form writes slice options as lines ("detector=far: --memory 4000MB"); the API also takes the list. */
const sliceOptionsField = z
  .unknown()
  .transform((v, ctx) => {
    if (typeof v !== "string") return v;
    const r = sliceOptionsFromLines(cleanText(v));
    if (r.ok) return r.options;
    ctx.addIssue({ code: "custom", message: r.message });
    return z.NEVER;
  })
  .pipe(sliceOptionsInput);
const datasetName = line("Input dataset", 200).pipe(z.string().regex(/^[^\s'"`$;|&<>\\]*$/, "Input dataset is a dataset name: no spaces, quotes or shell characters."));
/** A dependency's file patterns (lib/chains/patterns.ts): the one schema of the stage form, the graph and the TOML import. */
export const dependencyFilePatternsInput = line("File patterns", 500)
  .pipe(z.string().min(1, "File patterns are required (% matches everything)."))
  .superRefine((text, ctx) => {
    const problem = filePatternsProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const dependency = z.strictObject({ fromStageId: intId("Upstream stage"), filePatterns: dependencyFilePatternsInput });
const stageFields = {
  name: configName("Stage name"),
  position: z.number({ message: "Position must be a number." }).int("Position must be a whole number.").min(0, "Position must be at least 0.").max(1000, "Position must be at most 1,000."),
  stageType: z.enum(STAGE_TYPES, { message: "Stage type must be regular, test, generator, approval or data transfer." }),
  jobTypeId: intId("Job type"),
  loginSetupId: intId("Login/setup"),
  batchBackend: backend.nullable(),
  inputDataset: datasetName,
  splitType: splitText,
  testSplitType: testSplitTypeInput.nullable(),
  sliceOptions: sliceOptionsField,
  softwareVersion: softwareVersion.nullable(),
  vomsRole: vomsRole.nullable(),
  paramOverrides: paramPairsInput("Parameter overrides"),
  testParamOverrides: paramPairsInput("Test parameter overrides"),
  completionType: completionType.nullable(),
  completionPct: completionPct.nullable(),
  failedRatio: failedRatio.nullable(),
  maxJobs: count("Max jobs", 100_000).nullable(),
  active: z.boolean({ message: "active must be true or false." }),
  dependencies: z.array(dependency).max(20, "At most 20 upstream stages."),
  /** The services a launch of the stage needs (lib/launch/gate.ts): ids, each once. */
  serviceIds: z
    .array(intId("Service"))
    .max(30, "At most 30 needed services.")
    .refine((ids) => new Set(ids).size === ids.length, "A needed service is listed twice."),
};
export const createStageInput = z.strictObject({
  ...stageFields,
  position: stageFields.position.optional(),
  stageType: stageFields.stageType.default("REGULAR"),
  batchBackend: stageFields.batchBackend.default(null),
  inputDataset: datasetName.default(""),
  splitType: splitText.default("none"),
  testSplitType: stageFields.testSplitType.default(null),
  sliceOptions: stageFields.sliceOptions.default([]),
  softwareVersion: stageFields.softwareVersion.default(null),
  vomsRole: stageFields.vomsRole.default(null),
  paramOverrides: stageFields.paramOverrides.default([]),
  testParamOverrides: stageFields.testParamOverrides.default([]),
  completionType: stageFields.completionType.default(null),
  completionPct: stageFields.completionPct.default(null),
  failedRatio: stageFields.failedRatio.default(null),
  maxJobs: stageFields.maxJobs.default(null),
  active: stageFields.active.default(true),
  dependencies: stageFields.dependencies.default([]),
  serviceIds: stageFields.serviceIds.default([]),
});
export const editStageInput = z.strictObject({ version: version(), ...z.object(stageFields).partial().shape });
export type CreateStageInput = z.infer<typeof createStageInput>;
export type EditStageInput = z.infer<typeof editStageInput>;

/** "key value" per line (the forms' way of writing ordered pairs): the first run of spaces separates. */
export function pairsFromLines(text: string): [string, string][] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const at = l.search(/\s/);
      return at < 0 ? [l, ""] : [l.slice(0, at), l.slice(at).trim()];
    });
}

export const pairsToLines = (pairs: [string, string][]) => pairs.map(([k, v]) => (v ? `${k} ${v}` : k)).join("\n");
