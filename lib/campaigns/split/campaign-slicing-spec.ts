/**
 * The seed's campaign slicing, written as a split type:
 *   slices(detector, stream; time=week; pilot=10%; files=50)
 * Sections are separated by ";". A section without "=" lists the metadata components (comma separated), read
 * from the catalogue: detector, stream (trigger stream), data_tier, run, subrun, or any other name, read as a key
 * of the file's metadata. Options: time=day|week|month (time slices over the files' start times, UTC, weeks
 * starting on Monday), pilot=P% (a first pass of every round(100/P)-th file in time order), files=d (at most d
 * files per submission). Every part is optional: slices(files=50) cuts the dataset into submissions of 50. Pure.
 */
import { bracketed, fail, wholeNumber, type Parsed } from "./text";

export type TimeSlicing = "day" | "week" | "month";
export type CampaignSlicingSpec = { type: "slices"; components: string[]; time: TimeSlicing | null; pilotPercent: number | null; files: number | null };

/** Components stored as DataFile columns (others are keys of DataFile.metadata). Aliases map to the first name. */
export const COLUMN_COMPONENTS = { detector: "detector", stream: "stream", data_tier: "dataTier", run: "runNumber", subrun: "subrun" } as const;
const ALIASES: Record<string, keyof typeof COLUMN_COMPONENTS> = { tier: "data_tier", datatier: "data_tier", run_number: "run", runnumber: "run", trigger: "stream", trigger_stream: "stream" };
const COMPONENT = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const MAX_COMPONENTS = 5;
export const MAX_FILES_PER_SLICE = 1_000_000;
const EXAMPLE = "slices(detector, stream; time=week; pilot=10%; files=50)";

/** A component's one name: column components and their aliases lower-cased to the column's name; others as written. */
export function componentName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return lower in COLUMN_COMPONENTS ? lower : (ALIASES[lower] ?? raw.trim());
}

export function parseCampaignSlicing(src: string): Parsed<CampaignSlicingSpec> {
  const inner = bracketed(src, "slices");
  if (inner === null) return fail(`Write campaign slicing as ${EXAMPLE}.`);
  const spec: CampaignSlicingSpec = { type: "slices", components: [], time: null, pilotPercent: null, files: null };
  const seen = new Set<string>();
  let listed = false;
  for (const section of inner.split(";").map((s) => s.trim())) {
    if (section === "") continue;
    const opt = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(section);
    if (!opt) {
      if (listed) return fail(`slices: list the metadata components once, separated by commas (${EXAMPLE}).`);
      listed = true;
      for (const raw of section.split(",").map((c) => c.trim())) {
        if (!COMPONENT.test(raw)) return fail(`slices: "${raw.slice(0, 40)}" is not a metadata name (letters, digits and _ . -, starting with a letter).`);
        const name = componentName(raw);
        if (seen.has(name)) return fail(`slices: the component ${name} is given twice.`);
        seen.add(name);
        spec.components.push(name);
      }
      continue;
    }
    const key = opt[1].toLowerCase();
    const value = opt[2].trim();
    if (key === "time") {
      const t = value.toLowerCase();
      if (t !== "day" && t !== "week" && t !== "month") return fail("slices: time is day, week or month.");
      if (spec.time) return fail("slices: time is given twice.");
      spec.time = t;
    } else if (key === "pilot") {
      const m = /^([0-9]{1,2})\s*%?$/.exec(value);
      const p = m ? Number(m[1]) : NaN;
      if (!(p >= 1 && p <= 50)) return fail("slices: pilot is a percentage from 1% to 50%, such as pilot=10%.");
      if (spec.pilotPercent !== null) return fail("slices: pilot is given twice.");
      spec.pilotPercent = p;
    } else if (key === "files") {
      const d = wholeNumber(value);
      if (d === null || d < 1 || d > MAX_FILES_PER_SLICE) return fail(`slices: files is the number of files per submission, from 1 to ${MAX_FILES_PER_SLICE.toLocaleString("en-US")}.`);
      if (spec.files !== null) return fail("slices: files is given twice.");
      spec.files = d;
    } else {
      return fail(`slices has no option "${opt[1]}"; it takes time=, pilot= and files= (${EXAMPLE}).`);
    }
  }
  if (spec.components.length > MAX_COMPONENTS) return fail(`slices: at most ${MAX_COMPONENTS} metadata components.`);
  return { ok: true, spec };
}

export function formatCampaignSlicing(spec: CampaignSlicingSpec): string {
  const parts: string[] = [];
  if (spec.components.length) parts.push(spec.components.join(", "));
  if (spec.time) parts.push(`time=${spec.time}`);
  if (spec.pilotPercent !== null) parts.push(`pilot=${spec.pilotPercent}%`);
  if (spec.files !== null) parts.push(`files=${spec.files}`);
  return `slices(${parts.join("; ")})`;
}

/** The pilot's stride: every k-th file in time order (pilot=10% → every 10th). */
export function pilotStride(spec: CampaignSlicingSpec): number | null {
  return spec.pilotPercent === null ? null : Math.max(2, Math.round(100 / spec.pilotPercent));
}
