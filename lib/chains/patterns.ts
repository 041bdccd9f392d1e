/**
 * A dependency's file patterns (pure): which of the producer's outputs the consumer stage takes. The text is a comma
 * separated list of SQL LIKE patterns over file names, as in the original POMS: `%` any run of characters, `_` one
 * character, `\` escapes the next one; spaces around each pattern are ignored; an empty list means every output (`%`).
 * The wrap-up matches in PostgreSQL (`name LIKE pattern`) with the list parsed here, so both agree by construction;
 * `likeMatches` states the same rule for tests and pages.
 */

/** Whether PostgreSQL takes this LIKE pattern: a `\` must escape a following character, so none may end it. */
export function isValidLikePattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === "\\" && ++i === pattern.length) return false;
  return true;
}

/** What is wrong with a dependency's file patterns text, in people's words; null when the wrap-up can use it. */
export function filePatternsProblem(text: string): string | null {
  const bad = text
    .split(",")
    .map((p) => p.trim())
    .find((p) => !isValidLikePattern(p));
  return bad === undefined ? null : `File pattern "${bad.slice(0, 60)}" ends with a lone \\: a \\ must be followed by the character it escapes (write \\\\ for a backslash).`;
}

/**
 * The patterns of the text. A pattern PostgreSQL would refuse (dangling escape, only in rows written before input
 * checked it) is left out, so it matches nothing rather than failing the wrap-up; text with no pattern at all means `%`.
 */
export function parseFilePatterns(text: string): string[] {
  const list = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return list.length ? [...new Set(list.filter(isValidLikePattern))] : ["%"];
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
