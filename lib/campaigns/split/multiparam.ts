/**
 * multiparam: the Cartesian product of value lists, one combination per launch (after the original's
 * webservice/split_types/multiparam.py). The original kept a JSON list of lists in the stage's dataset field and
 * counted combinations with the first list changing fastest; we keep that order, write the lists in the split
 * type itself, and may name them: multiparam(energy=[1,2,3], flavour=[numu,nue]). The combination reaches the
 * command as %(dataset)s (values joined by "_", as the original did) and, for named lists, as %(energy)s etc. Pure.
 */
import { bracketed, fail, nf, type Parsed } from "./text";

export type MultiparamSpec = { type: "multiparam"; lists: { name: string | null; values: string[] }[] };

/** Values must be safe in a dataset name and on a command line. */
const VALUE = /^[A-Za-z0-9._+:@-]+$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(["dataset", "version", "group", "experimenter"]);
export const MAX_COMBINATIONS = 100_000;
const EXAMPLE = "multiparam(energy=[1,2], flavour=[numu,nue])";

export function parseMultiparam(src: string): Parsed<MultiparamSpec> {
  const inner = bracketed(src, "multiparam");
  if (inner === null || inner === "") return fail(`multiparam needs lists of values, e.g. ${EXAMPLE} or multiparam([a,b],[c,d]).`);
  const lists: MultiparamSpec["lists"] = [];
  const re = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)?\[([^\]]*)\]\s*(,|$)/y;
  let at = 0;
  while (at < inner.length) {
    re.lastIndex = at;
    const m = re.exec(inner);
    if (!m) return fail(`multiparam: write each list in square brackets, optionally named, separated by commas, e.g. ${EXAMPLE}.`);
    const name = m[1] ?? null;
    const values = m[2].split(",").map((v) => v.trim());
    if (values.some((v) => v === "")) return fail(`multiparam: list ${lists.length + 1} has an empty value; separate values with single commas.`);
    const bad = values.find((v) => !VALUE.test(v));
    if (bad !== undefined) return fail(`multiparam: "${bad.slice(0, 40)}" is not a value here; use letters, digits and . _ + : @ - only.`);
    if (name !== null && (!NAME.test(name) || RESERVED.has(name))) return fail(`multiparam: "${name}" cannot name a list (it is filled in at launch).`);
    if (name !== null && lists.some((l) => l.name === name)) return fail(`multiparam: the list "${name}" is given twice.`);
    if (new Set(values).size !== values.length) return fail(`multiparam: list ${name ?? lists.length + 1} repeats a value.`);
    lists.push({ name, values });
    at = re.lastIndex;
    if (m[3] === "") break;
  }
  if (lists.length > 10) return fail("multiparam allows at most 10 lists.");
  if (combinations({ type: "multiparam", lists }) > MAX_COMBINATIONS) return fail(`multiparam allows at most ${nf(MAX_COMBINATIONS)} combinations.`);
  return { ok: true, spec: { type: "multiparam", lists } };
}

export function formatMultiparam(spec: MultiparamSpec): string {
  return `multiparam(${spec.lists.map((l) => `${l.name ? `${l.name}=` : ""}[${l.values.join(",")}]`).join(", ")})`;
}

export function combinations(spec: MultiparamSpec): number {
  return spec.lists.reduce((n, l) => n * l.values.length, 1);
}

/** The index-th combination (0-based), the first list changing fastest, as the original counted. */
export function combination(spec: MultiparamSpec, index: number): { values: string[]; params: Record<string, string> } {
  let n = index;
  const values: string[] = [];
  const params: Record<string, string> = {};
  for (const l of spec.lists) {
    const v = l.values[n % l.values.length];
    n = Math.floor(n / l.values.length);
    values.push(v);
    if (l.name) params[l.name] = v;
  }
  return { values, params };
}
