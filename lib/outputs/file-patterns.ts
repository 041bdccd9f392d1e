/**
 * A job type's output file patterns (JobType.outputFilePatterns, as launched: the job-type snapshot): which file
 * names its jobs write. SQL-like (`%` any run, `_` one character, as the original POMS wrote them: "%_out.root"), or
 * a glob when the pattern holds `*`, `?` or `[` ("*_out.root", "reco_??.root", "f[0-9].root"). A pattern is matched
 * against the file's base name (after the last "/"), the whole name. No pattern matches nothing. Pure.
 */

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** One pattern as an anchored regular expression. */
export function patternRegExp(pattern: string): RegExp {
  let re = "";
  if (/[*?[]/.test(pattern)) {
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "*") re += "[^/]*";
      else if (c === "?") re += "[^/]";
      else if (c === "[") {
        const end = pattern.indexOf("]", i + 2);
        if (end < 0) re += "\\[";
        else {
          const body = pattern.slice(i + 1, end);
          re += `[${body.startsWith("!") ? "^" + body.slice(1).replace(/[\\\]^]/g, "\\$&") : body.replace(/[\\\]^]/g, "\\$&")}]`;
          i = end;
        }
      } else re += escape(c);
    }
  } else {
    for (const c of pattern) re += c === "%" ? "[^/]*" : c === "_" ? "[^/]" : escape(c);
  }
  return new RegExp(`^${re}$`, "s");
}

/** Whether a file name is one a job type with these output patterns writes. */
export function matchesOutputPatterns(name: string, patterns: readonly string[]): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return patterns.some((p) => p !== "" && patternRegExp(p).test(base));
}
