/**
 * Per-slice command options (CampaignStage.sliceOptions): [{ match: { detector: "far" }, overrides: [["--memory",
 * "4000MB"]] }]. A campaign-slicing slice whose combination has every value a rule names gets that rule's
 * overrides; several matching rules merge in order (a later rule wins for the same parameter). The catch-all has
 * no combination and matches no rule. Launching merges the result over the stage's overrides. Pure.
 */
import { mergePairs } from "@/lib/campaigns/effective";
import { componentName } from "./campaign-slicing-spec";
import { parseSplitType } from "./spec";

export type SliceOption = { match: Record<string, string>; overrides: [string, string][] };

/** Reads stored options (any JSON); malformed entries are dropped, never guessed at. */
export function readSliceOptions(json: unknown): SliceOption[] {
  if (!Array.isArray(json)) return [];
  const out: SliceOption[] = [];
  for (const e of json) {
    if (!e || typeof e !== "object") continue;
    const { match, overrides } = e as { match?: unknown; overrides?: unknown };
    if (!match || typeof match !== "object" || Array.isArray(match) || !Array.isArray(overrides)) continue;
    const m = Object.entries(match as Record<string, unknown>).filter(([, v]) => typeof v === "string") as [string, string][];
    const o = overrides.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === "string");
    // Match keys by the components' one name, so `trigger=numi` matches the component stream.
    out.push({ match: Object.fromEntries(m.map(([k, v]) => [componentName(k), v])), overrides: o });
  }
  return out;
}

/** The overrides a slice gets: every rule whose match its values satisfy, merged in order. */
export function optionsForSlice(options: readonly SliceOption[], values: Record<string, string> | null): [string, string][] {
  if (!values) return [];
  const hits = options.filter((o) => Object.entries(o.match).every(([k, v]) => values[k] === v));
  return hits.length ? mergePairs(...hits.map((h) => h.overrides)) : [];
}

/** The form's text: one override per line, `detector=far, stream=numi: --memory 4000MB`. */
export function sliceOptionsToLines(options: readonly SliceOption[]): string {
  const lines: string[] = [];
  for (const o of options) {
    const match = Object.entries(o.match).map(([k, v]) => `${k}=${v}`).join(", ");
    for (const [k, v] of o.overrides) lines.push(`${match}: ${v ? `${k} ${v}` : k}`);
  }
  return lines.join("\n");
}

/**
 * Reads the form's lines back; consecutive lines with the same match form one rule. A line without "match:" is
 * reported by its number.
 */
export function sliceOptionsFromLines(text: string): { ok: true; options: SliceOption[] } | { ok: false; message: string } {
  const options: SliceOption[] = [];
  let lastMatch = "";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const m = /^([^:]*):\s*(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) return { ok: false, message: `Slice options line ${i + 1}: write it as "detector=far: --memory 4000MB".` };
    const pairs = m[1].split(",").map((p) => p.trim()).filter(Boolean);
    const match: Record<string, string> = {};
    for (const p of pairs) {
      const kv = /^([A-Za-z][A-Za-z0-9_.-]*)\s*=\s*(\S+)$/.exec(p);
      if (!kv) return { ok: false, message: `Slice options line ${i + 1}: "${p.slice(0, 40)}" is not component=value (such as detector=far).` };
      match[kv[1]] = kv[2];
    }
    if (!pairs.length) return { ok: false, message: `Slice options line ${i + 1}: say which slices it is for, such as detector=far.` };
    const id = JSON.stringify(Object.entries(match).sort());
    const override: [string, string] = [m[2], (m[3] ?? "").trim()];
    if (id === lastMatch && options.length) options[options.length - 1].overrides.push(override);
    else options.push({ match, overrides: [override] });
    lastMatch = id;
  }
  return { ok: true, options };
}

/**
 * Why slice options cannot be saved with this split type, or null: under campaign slicing every component a rule
 * matches must be one of the split's components (aliases count as their component). Other split types have no
 * slices to match; their options are kept for when the split changes.
 */
export function sliceOptionsProblem(splitType: string, options: readonly SliceOption[]): string | null {
  const parsed = parseSplitType(splitType);
  if (!parsed.ok || parsed.spec.type !== "slices" || !options.length) return null;
  const components = parsed.spec.components;
  for (const o of options)
    for (const key of Object.keys(o.match)) {
      const name = componentName(key);
      if (!components.includes(name))
        return components.length
          ? `A slice option matches ${name}, which is not a component of this split (its components: ${components.join(", ")}).`
          : `A slice option matches ${name}, but this split has no metadata components: add ${name} to the split, or remove the option.`;
    }
  return null;
}
