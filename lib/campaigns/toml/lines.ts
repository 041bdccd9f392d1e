/**
 * Where each key of a TOML document was written: a map from the key's path ("stages.2.splitType",
 * "stages.0.paramOverrides.3", "dependencies.1") to its line and column, so that an error found after parsing
 * (a name that does not exist, a split type that does not read) can say which line to fix.
 * smol-toml gives positions only for syntax errors; this scanner walks a document that smol-toml has already
 * accepted, so it may assume well-formed TOML. Arrays of tables ([[stages]]) are numbered in order, as the
 * parsed value numbers them; array elements and inline-table keys get their own positions. Pure.
 */

export type Position = { line: number; column: number };
export type KeyLines = Map<string, Position>;
export type PathPart = string | number;

export const pathKey = (path: readonly PathPart[]) => path.join(".");

/** The position of the longest prefix of `path` that was written (a value inside an array points at its element). */
export function positionOf(lines: KeyLines, path: readonly PathPart[]): Position | undefined {
  for (let n = path.length; n > 0; n--) {
    const at = lines.get(pathKey(path.slice(0, n)));
    if (at) return at;
  }
  return undefined;
}

export function keyLines(text: string): KeyLines {
  const out: KeyLines = new Map();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  /** How many elements each array of tables has so far, by its path without indices ("stages", "stages.schedules"). */
  const tableArrays = new Map<string, number>();
  let current: PathPart[] = [];

  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const mark = (path: PathPart[], at: Position) => {
    const k = pathKey(path);
    if (!out.has(k)) out.set(k, at);
  };
  const newline = () => {
    line++;
    lineStart = i + 1;
  };
  /** Spaces, tabs, comments; newlines too when `lines` (inside arrays). */
  const skipBlank = (lines: boolean) => {
    while (i < text.length) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\r") i++;
      else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
      else if (c === "\n" && lines) {
        newline();
        i++;
      } else break;
    }
  };

  const readString = (): string => {
    const q = text[i];
    const triple = text.startsWith(q.repeat(3), i);
    const close = triple ? q.repeat(3) : q;
    i += close.length;
    let s = "";
    while (i < text.length) {
      if (text.startsWith(close, i)) {
        // A multi-line string may end with up to two extra quotes before its closing three.
        let end = i + close.length;
        if (triple) while (text[end] === q && end - i < 5) end++;
        s += text.slice(i, end - close.length);
        i = end;
        return s;
      }
      const c = text[i];
      if (c === "\\" && q === '"') {
        s += text.slice(i, i + 2);
        if (text[i + 1] === "\n") newline2(i + 1);
        i += 2;
        continue;
      }
      if (c === "\n") newline();
      s += c;
      i++;
    }
    return s;
  };
  // A line break right after a backslash (line-ending backslash in a multi-line basic string).
  const newline2 = (at: number) => {
    line++;
    lineStart = at + 1;
  };

  /** A key: bare or quoted parts joined by dots. Quoted parts keep only their text (escapes are rare in keys). */
  const readKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipBlank(false);
      const c = text[i];
      if (c === '"') parts.push(unescapeKey(readString()));
      else if (c === "'") parts.push(readString());
      else {
        const start = i;
        while (i < text.length && /[A-Za-z0-9_-]/.test(text[i])) i++;
        parts.push(text.slice(start, i));
      }
      skipBlank(false);
      if (text[i] === ".") i++;
      else return parts;
    }
  };

  const readValue = (path: PathPart[]) => {
    const c = text[i];
    if (c === '"' || c === "'") return void readString();
    if (c === "[") {
      i++;
      let n = 0;
      for (;;) {
        skipBlank(true);
        if (text[i] === "]" || i >= text.length) {
          i++;
          return;
        }
        if (text[i] === ",") {
          i++;
          continue;
        }
        mark([...path, n], here());
        readValue([...path, n]);
        n++;
      }
    }
    if (c === "{") {
      i++;
      for (;;) {
        skipBlank(true);
        if (text[i] === "}" || i >= text.length) {
          i++;
          return;
        }
        if (text[i] === ",") {
          i++;
          continue;
        }
        const at = here();
        const key = readKey();
        mark([...path, ...key], at);
        skipBlank(false);
        if (text[i] === "=") i++;
        skipBlank(false);
        readValue([...path, ...key]);
      }
    }
    // A number, boolean or date: up to the next separator.
    while (i < text.length && !/[,\]}\n#]/.test(text[i])) i++;
  };

  /** A header's key with the current index of every array of tables on its way ("stages.defaults" → stages.2.defaults). */
  const resolve = (key: string[], isArray: boolean): PathPart[] => {
    const path: PathPart[] = [];
    const bare: string[] = [];
    key.forEach((part, n) => {
      path.push(part);
      bare.push(part);
      const name = bare.join(".");
      const last = n === key.length - 1;
      if (last && isArray) {
        const count = tableArrays.get(name) ?? 0;
        tableArrays.set(name, count + 1);
        // A new element resets the counts of arrays of tables nested in the previous one.
        for (const k of [...tableArrays.keys()]) if (k.startsWith(name + ".")) tableArrays.delete(k);
        path.push(count);
      } else if (tableArrays.has(name)) path.push(tableArrays.get(name)! - 1);
    });
    return path;
  };

  while (i < text.length) {
    skipBlank(true);
    if (i >= text.length) break;
    const at = here();
    const from = i;
    if (text[i] === "[") {
      const isArray = text[i + 1] === "[";
      i += isArray ? 2 : 1;
      const key = readKey();
      i += isArray ? 2 : 1;
      current = resolve(key, isArray);
      // The table, and every table on its way that has no line of its own yet ([a.b] is also where a starts).
      for (let n = current.length; n > 0; n--) mark(current.slice(0, n), at);
      continue;
    }
    const key = readKey();
    mark([...current, ...key], at);
    skipBlank(false);
    if (text[i] === "=") i++;
    skipBlank(false);
    readValue([...current, ...key]);
    // Text this scanner does not understand (smol-toml accepted it, so this should not happen): step over it.
    if (i === from) i++;
  }
  return out;
}

function unescapeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw.replace(/"/g, '\\"')}"`) as string;
  } catch {
    return raw;
  }
}
