/**
 * Command composition for a launch: the job type's launch command plus its parameters, merged job type ⊕
 * campaign defaults ⊕ stage (or test) overrides ⊕ recovery overrides, with %(name)s placeholders filled in and
 * every word shell-quoted. Pure: the launcher hands `text` to the batch backend and stores it on the submission.
 *
 * Rules (the original POMS concatenated key and value, `key + value`, relying on keys such as "--stage=" or "-f "):
 * - a pair [key, value] renders as two arguments `key value`; a key ending in "=" renders as one argument
 *   `key=value`; an empty value renders the key alone. Keys are trimmed (so the original's "-f " is "-f").
 * - %(dataset)s %(version)s %(group)s %(experimenter)s and the campaign's keywords are filled in, in the launch
 *   command's words and in every key and value, in one pass: what was filled in is never read again. The four
 *   launch values win over a keyword of the same name. Any other %(name)s is an error naming it.
 */
import { mergePairs } from "@/lib/campaigns/effective";
import { shellQuote, splitWords } from "./shell";

export type ComposeInput = {
  /** The job type's launch command; may contain %(name)s placeholders. */
  launchScript: string;
  /** Job type definition parameters, ordered. */
  definitionParameters: [string, string][];
  /** The campaign defaults' paramOverrides. */
  campaignOverrides: [string, string][];
  /** The stage's overrides (or its test overrides for a test launch). */
  stageOverrides: [string, string][];
  /** The recovery entry's overrides ([] for a normal launch). */
  recoveryOverrides: [string, string][];
  values: { dataset: string; version: string; group: string; experimenter: string };
  /** The campaign's keywords, usable as %(key)s. */
  keywords: Record<string, string>;
};

export type Composed = { ok: true; argv: string[]; text: string; params: [string, string][] } | { ok: false; message: string };

const PLACEHOLDER = /%\(([^()]*)\)s/g;

/** Fills %(name)s placeholders in one pass; the first unknown name is reported. */
function fill(text: string, table: Map<string, string>, where: string): { ok: true; text: string } | { ok: false; message: string } {
  let unknown: string | null = null;
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = table.get(name);
    if (v === undefined) {
      unknown ??= name;
      return whole;
    }
    return v;
  });
  if (unknown !== null) {
    const known = [...table.keys()].map((k) => `%(${k})s`).join(", ");
    return { ok: false, message: `${where} uses %(${unknown})s, which is neither a launch value nor one of the campaign's keywords (known: ${known}).` };
  }
  return { ok: true, text: out };
}

export function composeCommand(input: ComposeInput): Composed {
  const table = new Map<string, string>();
  for (const [k, v] of Object.entries(input.keywords)) table.set(k, v);
  for (const [k, v] of Object.entries(input.values)) table.set(k, v);

  const split = splitWords(input.launchScript);
  if (!split.ok) return split;
  if (split.words.length === 0) return { ok: false, message: "The job type has no launch command." };

  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(split.words[0]))
    return { ok: false, message: `The launch command starts with the variable setting "${split.words[0].slice(0, 60)}"; set variables in the login/setup's setup commands.` };

  const argv: string[] = [];
  for (const word of split.words) {
    const r = fill(word, table, "The launch command");
    if (!r.ok) return r;
    argv.push(r.text);
  }

  const trimKeys = (pairs: [string, string][]): [string, string][] => pairs.map(([k, v]) => [k.trim(), v]);
  const merged = mergePairs(
    trimKeys(input.definitionParameters),
    trimKeys(input.campaignOverrides),
    trimKeys(input.stageOverrides),
    trimKeys(input.recoveryOverrides),
  );
  const params: [string, string][] = [];
  for (const [key, rawValue] of merged) {
    if (key === "") {
      if (rawValue === "") continue;
      return { ok: false, message: `A parameter with the value "${rawValue.slice(0, 60)}" has no name; give it one (e.g. --input).` };
    }
    const k = fill(key, table, `The parameter name "${key}"`);
    if (!k.ok) return k;
    const v = fill(rawValue, table, `The value of ${key}`);
    if (!v.ok) return v;
    params.push([k.text, v.text]);
    if (key.endsWith("=")) argv.push(k.text + v.text);
    else if (v.text === "") argv.push(k.text);
    else argv.push(k.text, v.text);
  }

  const nul = argv.find((a) => a.includes("\0"));
  if (nul !== undefined) return { ok: false, message: `An argument contains a NUL character, which no program can receive: "${nul.replaceAll("\0", "␀").slice(0, 60)}".` };

  return { ok: true, argv, text: argv.map(shellQuote).join(" "), params };
}
