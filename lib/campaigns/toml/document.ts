/**
 * A whole campaign as a TOML document: its shape (format 1), how it is written, and how a text is read back
 * into it with every problem placed on its line. Fields are validated by the configuration's own schemas
 * (lib/campaigns/input.ts: createCampaignInput, createStageInput and its dependency), so a campaign a form
 * refuses is refused here with the same words. Shared job types and login/setups are named, never described:
 * resolving those names needs the database and happens in import-campaign.ts. Pure.
 */
import { parse, stringify, TomlError } from "smol-toml";
import { z } from "zod";
import { createCampaignInput, createStageInput, configName } from "../input";
import { graphPosition } from "../graph/layout";
import { MAX_KEY_PARTS, pathKey, positionOf, scanKeys, type KeyLines, type PathPart } from "./lines";
import { memoNextRun, scheduleInput, sliceOptionsInput, testSplitTypeInput, type NextRuns } from "./fields";
import { readSliceOptions, sliceOptionsProblem } from "@/lib/campaigns/split/slice-options";

export const FORMAT = 1;
/** The largest document read (a campaign of 200 stages with long overrides is far below it). */
export const MAX_TOML_CHARS = 200_000;
/** The most schedules a file may hold, all stages together. */
export const MAX_SCHEDULES = 200;

const stageDocument = createStageInput.omit({ jobTypeId: true, loginSetupId: true, dependencies: true, serviceIds: true }).extend({
  /** The stage's version when exported: an update refuses the file if the stage has changed since. */
  version: z.number({ message: "version must be a whole number." }).int("version must be a whole number.").min(1, "version must be at least 1.").optional().transform((v) => v ?? null),
  jobType: configName("Job type"),
  loginSetup: configName("Login/setup"),
  testSplitType: testSplitTypeInput.optional().transform((v) => v ?? null),
  sliceOptions: sliceOptionsInput.default([]),
  graph: graphPosition.optional().transform((v) => v ?? null),
  schedules: z.array(scheduleInput).max(20, "At most 20 schedules per stage.").default([]),
});
const dependencyFilePatterns = createStageInput.shape.dependencies.unwrap().element.shape.filePatterns;
const dependencyDocument = z.strictObject({
  from: configName("Upstream stage"),
  to: configName("Downstream stage"),
  filePatterns: dependencyFilePatterns.default("%"),
});

export type StageDocument = z.output<typeof stageDocument>;
export type DependencyDocument = z.output<typeof dependencyDocument>;
export type CampaignSection = {
  experiment: string;
  name: string;
  description: string;
  active: boolean;
  /** The campaign's id, version and fingerprint when exported: an update names what it was read at. */
  id: number | null;
  version: number | null;
  fingerprint: string | null;
  defaults: z.output<typeof createCampaignInput>["defaults"];
  keywords: [string, string][];
  tags: string[];
};
export type CampaignDocument = { campaign: CampaignSection; stages: StageDocument[]; dependencies: DependencyDocument[] };

/** A problem with an imported text, on its line (and column) when the text says where. */
export type TomlProblem = { line: number | null; column: number | null; key: string; message: string };

/** A refusal's problems: the first MAX_PROBLEMS by line, and how many more there were. */
export type ProblemList = { problems: TomlProblem[]; more: number };
export const MAX_PROBLEMS = 100;

export type ReadResult = ({ ok: true; document: CampaignDocument; lines: KeyLines; nextRuns: NextRuns } | ({ ok: false } & ProblemList));

// ── Writing ──────────────────────────────────────────────────────────────────────────────────────────

const BARE = /^[A-Za-z0-9_-]+$/;
const tomlKey = (k: string) => (BARE.test(k) ? k : stringify({ k }).slice(4).trim());

/** One value written inline (strings, numbers and booleans by smol-toml; arrays and tables inline). */
function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined);
    return entries.length ? `{ ${entries.map(([k, x]) => `${tomlKey(k)} = ${inline(x)}`).join(", ")} }` : "{}";
  }
  // stringify writes "v = <value>\n".
  return stringify({ v }).slice(4).trim();
}

/** key = value; a non-empty list of lists (pairs, slice options) one element per line, so each has its own line. */
function entry(key: string, v: unknown): string {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === "object")) return `${tomlKey(key)} = [\n${v.map((x) => `  ${inline(x)},`).join("\n")}\n]`;
  return `${tomlKey(key)} = ${inline(v)}`;
}

const entries = (o: Record<string, unknown>) =>
  Object.entries(o)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => entry(k, v));

/** The campaign as TOML text: [campaign] with its defaults and keywords, [[stages]] with their schedules, [[dependencies]]. */
export function renderCampaignToml(doc: CampaignDocument, header: string[] = []): string {
  const out: string[] = [
    ...header.map((h) => `# ${h}`),
    "# A POMS campaign. Job types and login/setups are named, never described here: they must exist in the experiment.",
    "# A field left out of a stage inherits the campaign's default.",
    `format = ${FORMAT}`,
    "",
    "[campaign]",
  ];
  const c = doc.campaign;
  out.push(...entries({ experiment: c.experiment, name: c.name, id: c.id, version: c.version, fingerprint: c.fingerprint, active: c.active, description: c.description, tags: c.tags }));
  out.push("", "[campaign.defaults]", ...entries(c.defaults as Record<string, unknown>));
  out.push("", "[campaign.keywords]", ...c.keywords.map(([k, v]) => entry(k, v)));
  for (const s of doc.stages) {
    const { schedules, graph, ...fields } = s;
    out.push("", "[[stages]]", ...entries({ ...fields, graph }));
    for (const sc of schedules) out.push("", "[[stages.schedules]]", ...entries(sc));
  }
  for (const d of doc.dependencies) out.push("", "[[dependencies]]", ...entries(d));
  return out.join("\n") + "\n";
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────────

const CAMPAIGN_KEYS = new Set(["experiment", "name", "id", "version", "fingerprint", "active", "description", "tags", "defaults", "keywords"]);
const TOP_KEYS = new Set(["format", "campaign", "stages", "dependencies"]);

const isTable = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

/** The key path as a person reads it: stages[2].splitType. */
export function keyWords(path: readonly PathPart[]): string {
  return path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? p : `.${p}`)).join("");
}

class Problems {
  readonly list: TomlProblem[] = [];
  constructor(private readonly lines: KeyLines) {}
  add(path: readonly PathPart[], message: string) {
    const at = positionOf(this.lines, path);
    this.list.push({ line: at?.line ?? null, column: at?.column ?? null, key: keyWords(path), message });
  }
  /** A zod failure of the part at `base`; `rename` maps an issue's path onto the document (keywords are pairs in the schema, a table here). */
  zod(base: PathPart[], err: z.ZodError, rename: (p: PathPart[]) => PathPart[] = (p) => p) {
    for (const i of err.issues) {
      const inner = rename(i.path.filter((p): p is PathPart => typeof p !== "symbol"));
      if (i.code === "unrecognized_keys") {
        for (const k of i.keys) this.add([...base, ...inner, k], `"${shown(k)}" is not a field here${suggest(k)}.`);
      } else this.add([...base, ...inner], i.message);
    }
  }
}

const FIELD_NAMES = [...Object.keys(stageDocument.shape), ...CAMPAIGN_KEYS, ...TOP_KEYS, "from", "to", "filePatterns", "cron", "timeZone", "clearWhenDone", "x", "y"];
/** A key as quoted in a message: a very long one is cut. */
const shown = (k: string) => (k.length > 60 ? `${k.slice(0, 57)}…` : k);

const FIELD_NAMES_LOWER = FIELD_NAMES.map((f) => [f, f.toLowerCase()] as const);

/** "splittype" → ", did you mean splitType?" (same letters in another case, or one letter off). Linear in the key. */
function suggest(k: string): string {
  if (k.length > 40) return "";
  const lower = k.toLowerCase();
  const near = FIELD_NAMES_LOWER.find(([, f]) => f === lower || oneEditApart(f, lower));
  return near ? `; did you mean ${near[0]}?` : "";
}

/** Whether one letter added, removed or changed turns a into b (an edit distance of exactly one), in one pass. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  // The first difference: skip it in the longer one (insertion) or in both (substitution); the rest must match.
  return short.length === long.length ? short.slice(i + 1) === long.slice(i + 1) : short.slice(i) === long.slice(i + 1);
}

/**
 * Reads a campaign's TOML: a syntax error comes back with smol-toml's line and column; then every field is checked
 * (all problems at once, each on the line of its key); then the document's own references (stage names unique,
 * dependencies between stages of this file, no edge twice). Nothing here reads the database.
 */
export function readCampaignToml(text: string, now = new Date()): ReadResult {
  if (text.length > MAX_TOML_CHARS) return { ok: false, more: 0, problems: [{ line: null, column: null, key: "", message: `The file is larger than ${MAX_TOML_CHARS.toLocaleString("en-US")} characters.` }] };
  // Keys first, in one linear pass: a key nobody writes by hand (a campaign file's deepest has five parts) is refused
  // before the parser or anything else spends time on it.
  const { lines, tooManyParts } = scanKeys(text);
  if (tooManyParts.length) return { ok: false, ...limitProblems(tooManyParts.map((at) => ({ line: at.line, column: at.column, key: "", message: `This key has more than ${MAX_KEY_PARTS} dotted parts; a campaign file needs at most five.` }))) };
  let raw: Record<string, unknown>;
  try {
    raw = parse(text, { maxDepth: 16, unsafeKeyBehaviour: "throw" }) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) return { ok: false, more: 0, problems: [{ line: e.line, column: e.column, key: "", message: `This is not valid TOML: ${tomlMessage(e)}` }] };
    throw e;
  }
  const p = new Problems(lines);

  for (const k of Object.keys(raw)) if (!TOP_KEYS.has(k)) p.add([k], `"${shown(k)}" is not a section of a campaign file${suggest(k)} (expected format, [campaign], [[stages]] and [[dependencies]]).`);
  if (raw.format !== FORMAT) p.add(["format"], raw.format === undefined ? `Say which format this is: format = ${FORMAT} at the top.` : `Only format ${FORMAT} can be read.`);

  // The campaign.
  const c = raw.campaign;
  let campaign: CampaignSection | null = null;
  if (!isTable(c)) p.add(["campaign"], "The file needs a [campaign] section with at least experiment and name.");
  else {
    for (const k of Object.keys(c)) if (!CAMPAIGN_KEYS.has(k)) p.add(["campaign", k], `"${shown(k)}" is not a field of a campaign${suggest(k)}.`);
    const keywordsTable = c.keywords === undefined ? {} : c.keywords;
    const keywordNames = isTable(keywordsTable) ? Object.keys(keywordsTable) : [];
    if (!isTable(keywordsTable)) p.add(["campaign", "keywords"], "Keywords are a table of name = \"value\" lines ([campaign.keywords]).");
    const pairs = keywordNames.map((k) => [k, (keywordsTable as Record<string, unknown>)[k]]);
    const parsed = createCampaignInput.safeParse({ experiment: c.experiment, name: c.name, description: c.description, defaults: c.defaults, keywords: pairs, tags: c.tags });
    if (!parsed.success) p.zod(["campaign"], parsed.error, (path) => (path[0] === "keywords" && typeof path[1] === "number" ? ["keywords", keywordNames[path[1]] ?? path[1]] : path));
    const active = z.boolean({ message: "active must be true or false." }).default(true).safeParse(c.active);
    if (!active.success) p.zod(["campaign", "active"], active.error);
    const version = z.number({ message: "version must be a whole number." }).int("version must be a whole number.").min(1, "version must be at least 1.").optional().safeParse(c.version);
    if (!version.success) p.zod(["campaign", "version"], version.error);
    const id = z.number({ message: "id must be a whole number." }).int("id must be a whole number.").min(1, "id must be at least 1.").optional().safeParse(c.id);
    if (!id.success) p.zod(["campaign", "id"], id.error);
    const fingerprint = z.string({ message: "fingerprint is the text the export wrote; leave it as it is." }).max(200, "fingerprint is the text the export wrote; leave it as it is.").optional().safeParse(c.fingerprint);
    if (!fingerprint.success) p.zod(["campaign", "fingerprint"], fingerprint.error);
    if (parsed.success && active.success && version.success && id.success && fingerprint.success) {
      const { experiment, name, description, defaults, keywords, tags } = parsed.data;
      campaign = { experiment: experiment.toLowerCase(), name, description, active: active.data, id: id.data ?? null, version: version.data ?? null, fingerprint: fingerprint.data ?? null, defaults, keywords, tags };
    }
  }

  // The stages.
  const stages: StageDocument[] = [];
  const rawStages = raw.stages ?? [];
  if (!Array.isArray(rawStages)) p.add(["stages"], "Stages are written as [[stages]] sections, one per stage.");
  else {
    if (rawStages.length > 200) p.add(["stages"], "At most 200 stages.");
    rawStages.slice(0, 200).forEach((s, n) => {
      const r = stageDocument.safeParse(s);
      if (r.success) stages.push(r.data);
      else p.zod(["stages", n], r.error);
    });
    const byName = new Map<string, number>();
    rawStages.forEach((s, n) => {
      const name = isTable(s) && typeof s.name === "string" ? s.name.trim() : null;
      if (name === null) return;
      if (byName.has(name)) p.add(["stages", n, "name"], `There are two stages named "${name}" (the other is stage ${byName.get(name)! + 1}); stage names are unique in a campaign.`);
      else byName.set(name, n);
    });
  }

  // The dependencies.
  const dependencies: DependencyDocument[] = [];
  const rawDeps = raw.dependencies ?? [];
  if (!Array.isArray(rawDeps)) p.add(["dependencies"], "Dependencies are written as [[dependencies]] sections with from, to and filePatterns.");
  else {
    const names = new Set(Array.isArray(rawStages) ? rawStages.map((s) => (isTable(s) && typeof s.name === "string" ? s.name.trim() : "")) : []);
    const seen = new Map<string, number>();
    const upstreamCount = new Map<string, number>();
    rawDeps.slice(0, 2000).forEach((d, n) => {
      const r = dependencyDocument.safeParse(d);
      if (!r.success) return p.zod(["dependencies", n], r.error);
      const { from, to } = r.data;
      if (!names.has(from)) p.add(["dependencies", n, "from"], `There is no stage "${from}" in this file; a dependency joins two stages of the same campaign.`);
      if (!names.has(to)) p.add(["dependencies", n, "to"], `There is no stage "${to}" in this file; a dependency joins two stages of the same campaign.`);
      const edge = `${from}\u0000${to}`;
      if (seen.has(edge)) p.add(["dependencies", n], `The dependency from "${from}" to "${to}" is written twice (also dependency ${seen.get(edge)! + 1}).`);
      seen.set(edge, n);
      upstreamCount.set(to, (upstreamCount.get(to) ?? 0) + 1);
      if (upstreamCount.get(to) === 21) p.add(["dependencies", n], `Stage "${to}" has more than 20 upstream stages.`);
      dependencies.push(r.data);
    });
    if (rawDeps.length > 2000) p.add(["dependencies"], "At most 2,000 dependencies.");
  }

  // Per-slice options name components of the stage's own split (the stage form's rule, lib/campaigns/split/slice-options.ts).
  stages.forEach((s, n) => {
    const problem = sliceOptionsProblem(s.splitType, readSliceOptions(s.sliceOptions));
    if (problem) p.add(["stages", n, "sliceOptions"], problem);
  });

  // Schedules: a bounded number, each asked once (per expression and zone) when it next runs; one that never does is refused.
  const nextRuns: NextRuns = new Map();
  let scheduleCount = 0;
  stages.forEach((s, n) =>
    s.schedules.forEach((sc, k) => {
      if (++scheduleCount === MAX_SCHEDULES + 1) p.add(["stages", n, "schedules", k], `A file holds at most ${MAX_SCHEDULES} schedules.`);
      if (scheduleCount > MAX_SCHEDULES) return;
      if (memoNextRun(nextRuns, sc.cron, sc.timeZone, now) === null) p.add(["stages", n, "schedules", k, "cron"], `"${sc.cron}" never fires (no such date comes again); check its day and month.`);
    }),
  );

  if (p.list.length || !campaign) return { ok: false, ...limitProblems(p.list) };
  return { ok: true, document: { campaign, stages, dependencies }, lines, nextRuns };
}

/** smol-toml's message without its code excerpt (the line and column are given apart). */
function tomlMessage(e: TomlError): string {
  const first = e.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
  return first.endsWith(".") ? first : `${first}.`;
}

export const sortProblems = (list: TomlProblem[]) => [...list].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));

/** Sorted by line and cut at MAX_PROBLEMS: a file with thousands of mistakes is answered with the first hundred and a count. */
export function limitProblems(list: TomlProblem[], more = 0): ProblemList {
  const sorted = sortProblems(list);
  return { problems: sorted.slice(0, MAX_PROBLEMS), more: more + Math.max(0, sorted.length - MAX_PROBLEMS) };
}

/** A problem found later (in the database: an unknown job type, a name taken) placed on its key's line. */
export function problemAt(lines: KeyLines, path: readonly PathPart[], message: string): TomlProblem {
  const at = positionOf(lines, path);
  return { line: at?.line ?? null, column: at?.column ?? null, key: keyWords(path), message };
}

/** "Line 12 (stages[1].splitType): …" — the one way a problem is said in words. */
export function describeProblem(p: TomlProblem): string {
  const where = p.line ? `Line ${p.line}${p.key ? ` (${p.key})` : ""}: ` : p.key ? `${p.key}: ` : "";
  return where + p.message;
}

export { pathKey };
