/**
 * A dependency's file patterns (pure): which of the producer's outputs the consumer stage takes. The text is a comma
 * separated list of SQL LIKE patterns over file names, as in the original POMS: `%` any run of characters, `_` one
 * character, `\` escapes the next one; spaces around each pattern are ignored; an empty list means every output (`%`).
 * The wrap-up matches in PostgreSQL (`name LIKE pattern`) with the list parsed here, so both agree by construction;
 * `likeMatches` states the same rule for tests and pages.
 */

export function parseFilePatterns(text: string): string[] {
  const list = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return list.length ? [...new Set(list)] : ["%"];
}

/** PostgreSQL's LIKE (case-sensitive, default escape `\`) as a regular expression. */
function likeToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) out += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "%") out += "[\\s\\S]*";
    else if (c === "_") out += "[\\s\\S]";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "u");
}

export function likeMatches(name: string, pattern: string): boolean {
  return likeToRegExp(pattern).test(name);
}

export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => likeMatches(name, p));
}
