import { parseMultiparam, formatMultiparam, type MultiparamSpec } from "./multiparam";
import { parseKeepUp, formatKeepUp, type KeepUpSpec } from "./keep-up";
import { parseCampaignSlicing, formatCampaignSlicing, type CampaignSlicingSpec } from "./campaign-slicing-spec";

/**
 * Split types: how a stage's dataset is cut into one slice per submission (docs/domain: "Slicing the data").
 * This module reads and writes the split type's text ("nfiles(10)"); slice.ts and cursor.ts do the cutting. Pure.
 */

export type SplitSpec =
  | { type: "none" }
  | { type: "nfiles"; n: number }
  | { type: "drainingn"; n: number }
  | { type: "limitn"; n: number }
  | { type: "mod"; n: number }
  | { type: "list" }
  | { type: "byrun"; low: number; high: number }
  | { type: "draining" }
  | { type: "byexistingruns" }
  | { type: "stagedfiles"; n: number }
  | MultiparamSpec
  | KeepUpSpec
  | CampaignSlicingSpec;

export type SplitKind = SplitSpec["type"];

/** The largest n of nfiles, drainingn, limitn and mod. */
export const MAX_SPLIT_N = 1_000_000;
/** Run numbers are stored as PostgreSQL integers. */
export const MAX_RUN = 2_147_483_647;

/** What each split type is called and how to write it, for messages and the stage form. */
export const SPLIT_EXAMPLES: Record<SplitKind, string> = {
  none: "none",
  nfiles: "nfiles(10)",
  drainingn: "drainingn(50)",
  limitn: "limitn(100)",
  mod: "mod(10)",
  list: "list",
  byrun: "byrun(1000, 1010)",
  draining: "draining",
  byexistingruns: "byexistingruns",
  stagedfiles: "stagedfiles(20)",
  multiparam: "multiparam(energy=[1,2], flavour=[numu,nue])",
  new: "new(window=1d, lag=30m)",
  slices: "slices(detector, stream; time=week; pilot=10%; files=50)",
};


const CHOICES = Object.values(SPLIT_EXAMPLES).join(", ");

/** Parameter-less names, then each name's one-number meaning for its message. */
const NEEDS_N: Record<"nfiles" | "drainingn" | "limitn" | "mod" | "stagedfiles", string> = {
  stagedfiles: "a whole number of located files per submission",
  nfiles: "a whole number of files per submission",
  drainingn: "a whole number of files per submission",
  limitn: "the number of files every launch takes",
  mod: "the number of slices to cut the dataset into",
};

type Parsed = { ok: true; spec: SplitSpec } | { ok: false; message: string };

const fail = (message: string): Parsed => ({ ok: false, message });

function wrap(r: { ok: true; spec: SplitSpec } | { ok: false; message: string }): Parsed {
  return r;
}

/** A whole number written with digits only (no sign, decimals or exponent); null when it is not one. */
function wholeNumber(text: string): number | null {
  if (!/^[0-9]{1,12}$/.test(text)) return null;
  return Number(text);
}

/**
 * Reads a split type as a person wrote it. Tolerant of whitespace and letter case ("  NFiles( 10 ) "), strict on
 * everything else. byrun also takes the original's named form byrun(low=1000, high=1010).
 */
export function parseSplitType(text: string): Parsed {
  const src = text.trim();
  if (src === "") return fail(`Choose a split type, for example ${CHOICES}.`);
  // The split types whose brackets hold more than numbers read their own arguments.
  const head = /^([A-Za-z_]+)\s*(\(|$)/.exec(src)?.[1].toLowerCase();
  if (head === "multiparam") return wrap(parseMultiparam(src));
  if (head === "new") return wrap(parseKeepUp(src));
  if (head === "slices") return wrap(parseCampaignSlicing(src));
  const m = /^([A-Za-z_]+)\s*(?:\((.*)\))?$/s.exec(src);
  if (!m) {
    const name = /^[A-Za-z_]+/.exec(src)?.[0].toLowerCase();
    if (name && name in SPLIT_EXAMPLES) return fail(`Write ${name} as ${SPLIT_EXAMPLES[name as SplitKind]}: a name, then its numbers in brackets.`);
    return fail(`"${src.slice(0, 40)}" is not a split type. Choose one of ${CHOICES}.`);
  }
  const name = m[1].toLowerCase();
  const hasArgs = m[2] !== undefined;
  const args = hasArgs ? m[2].split(",").map((a) => a.trim()) : [];

  if (!(name in SPLIT_EXAMPLES)) return fail(`"${m[1]}" is not a split type. Choose one of ${CHOICES}.`);
  const kind = name as SplitKind;

  if (kind === "none" || kind === "list" || kind === "draining" || kind === "byexistingruns") {
    if (hasArgs && !(args.length === 1 && args[0] === "")) return fail(`${kind} takes no numbers; write just ${kind}.`);
    return { ok: true, spec: { type: kind } };
  }

  if (kind === "byrun") {
    const example = `byrun needs the lowest and the highest run number, e.g. ${SPLIT_EXAMPLES.byrun}`;
    if (args.length !== 2) return fail(`${example}.`);
    const named = args.map((a) => /^(low|high)\s*=\s*(.*)$/i.exec(a));
    let lowText = args[0];
    let highText = args[1];
    if (named[0] || named[1]) {
      if (!named[0] || !named[1] || named[0][1].toLowerCase() === named[1][1].toLowerCase()) return fail(`${example} or byrun(low=1000, high=1010).`);
      const byName = Object.fromEntries(named.map((n) => [n![1].toLowerCase(), n![2].trim()]));
      lowText = byName.low;
      highText = byName.high;
    }
    const low = wholeNumber(lowText);
    const high = wholeNumber(highText);
    if (low === null || high === null) return fail(`${example}; run numbers are whole numbers.`);
    if (low > MAX_RUN || high > MAX_RUN) return fail(`Run numbers go up to ${MAX_RUN.toLocaleString("en-US")}.`);
    if (low > high) return fail(`byrun's lowest run (${low}) is above its highest (${high}); write the lowest first.`);
    return { ok: true, spec: { type: "byrun", low, high } };
  }

  if (kind === "multiparam" || kind === "new" || kind === "slices") return fail(`Write ${kind} as ${SPLIT_EXAMPLES[kind]}.`);
  const example = `${kind} needs ${NEEDS_N[kind]}, e.g. ${SPLIT_EXAMPLES[kind]}`;
  if (args.length !== 1 || args[0] === "") return fail(`${example}.`);
  const n = wholeNumber(args[0]);
  if (n === null) return fail(`${example}.`);
  if (n < 1) return fail(`${kind} needs at least 1, e.g. ${SPLIT_EXAMPLES[kind]}.`);
  if (n > MAX_SPLIT_N) return fail(`${kind} allows at most ${MAX_SPLIT_N.toLocaleString("en-US")}.`);
  return { ok: true, spec: { type: kind, n } };
}

/** The canonical text of a split type, as stored on the stage: "nfiles(10)", "byrun(1000,1010)", "none". */
export function formatSplitType(spec: SplitSpec): string {
  switch (spec.type) {
    case "none":
    case "list":
    case "draining":
    case "byexistingruns":
      return spec.type;
    case "byrun":
      return `byrun(${spec.low},${spec.high})`;
    case "multiparam":
      return formatMultiparam(spec);
    case "new":
      return formatKeepUp(spec);
    case "slices":
      return formatCampaignSlicing(spec);
    default:
      return `${spec.type}(${spec.n})`;
  }
}
