/**
 * Where each key of a TOML document was written: a map from the key's path ("stages.2.splitType",
 * "stages.0.paramOverrides.3", "dependencies.1") to its line and column, so that an error found after parsing
 * (a name that does not exist, a split type that does not read) can say which line to fix.
 * smol-toml gives positions only for syntax errors; this scanner runs first (to refuse absurdly long keys before
 * the parser spends time on them) and always moves forward, so it ends on any text; its positions are only
 * trusted once smol-toml has accepted the document. Arrays of tables ([[stages]]) are numbered in order, as the
 * parsed value numbers them; array elements and inline-table keys get their own positions. Pure.
 */

export type Position = { line: number; column: number };
export type KeyLines = Map<string, Position>;
export type PathPart = string | number;

export const pathKey = (path: readonly PathPart[]) => path.join(".");

/** The most parts a key or header may have ([a.b.c] has three); a campaign file needs five at most. */
export const MAX_KEY_PARTS = 12;

/** The scanner's answer: where each key is, and where a key with too many parts was written (nothing past it is trusted). */
export type KeyScan = { lines: KeyLines; tooManyParts: Position[] };

/** The position of the longest prefix of `path` that was written (a value inside an array points at its element). */
export function positionOf(lines: KeyLines, path: readonly PathPart[]): Position | undefined {
  for (let n = path.length; n > 0; n--) {
    const at = lines.get(pathKey(path.slice(0, n)));
    if (at) return at;
  }
  return undefined;
}

export function keyLines(text: string): KeyLines {
  return scanKeys(text).lines;
}

/**
 * Scans the document once, in time linear in its length: a key or header of more than MAX_KEY_PARTS parts is
 * noted (its first parts are kept) and read past without building its name, so a hostile `[a.a.a.…]` costs
 * nothing; nested arrays of tables are reset through their own index, not by searching every name seen.
 */
export function scanKeys(text: string): KeyScan {
  const out: KeyLines = new Map();
  const tooManyParts: Position[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  /** How many elements each array of tables has so far, by its path without indices ("stages", "stages.schedules"). */
  const tableArrays = new Map<string, number>();
  /** The arrays of tables met inside each array of tables (by the nearest enclosing one), to reset with its next element. */
  const nestedArrays = new Map<string, string[]>();
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

  /** A key: bare or quoted parts joined by dots, quoted ones unescaped. Past MAX_KEY_PARTS parts are read over, not kept. */
  const readKey = (): string[] => {
    const at = here();
    const parts: string[] = [];
    let count = 0;
    for (;;) {
      skipBlank(false);
      const c = text[i];
      let part: string;
      if (c === '"') part = unescapeKey(readString());
      else if (c === "'") part = readString();
      else {
        const start = i;
        while (i < text.length && isBareKeyChar(text.charCodeAt(i))) i++;
        part = text.slice(start, i);
      }
      if (++count <= MAX_KEY_PARTS) parts.push(part);
      else if (count === MAX_KEY_PARTS + 1) tooManyParts.push(at);
      skipBlank(false);
      if (text[i] === ".") i++;
      else return parts;
    }
  };
  /** The key's own path and that of every dotted prefix (a.b.c = 1 is also where a and a.b start). */
  const markKey = (base: PathPart[], key: string[], at: Position) => {
    const path = [...base];
    for (const part of key) {
      path.push(part);
      mark(path, at);
    }
  };

  const readValue = (path: PathPart[], depth = 0) => {
    const c = text[i];
    // Deeper than any document the parser accepts (maxDepth 16): read over one character at a time, without recursing.
    if (depth > 32) return void i++;
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
        const from = i;
        mark([...path, n], here());
        readValue([...path, n], depth + 1);
        n++;
        // Text that is not TOML (the scan may run before the parser has judged it): step over it.
        if (i === from) i++;
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
        const from = i;
        const key = readKey();
        markKey(path, key, at);
        skipBlank(false);
        if (text[i] === "=") i++;
        skipBlank(false);
        readValue([...path, ...key], depth + 1);
        if (i === from) i++;
      }
    }
    // A number, boolean or date: up to the next separator.
    while (i < text.length && !/[,\]}\n#]/.test(text[i])) i++;
  };

  /** A header's key with the current index of every array of tables on its way ("stages.defaults" → stages.2.defaults). */
  const resolve = (key: string[], isArray: boolean): PathPart[] => {
    const path: PathPart[] = [];
    let name = "";
    let enclosing: string | null = null;
    key.forEach((part, n) => {
      path.push(part);
      name = n === 0 ? part : `${name}.${part}`;
      const last = n === key.length - 1;
      if (last && isArray) {
        const count = tableArrays.get(name);
        if (count === undefined && enclosing !== null) nestedArrays.get(enclosing)!.push(name);
        tableArrays.set(name, (count ?? 0) + 1);
        // A new element resets the counts of arrays of tables nested in the previous one.
        resetNested(name);
        path.push(count ?? 0);
      } else if (tableArrays.has(name)) {
        path.push(tableArrays.get(name)! - 1);
        enclosing = name;
      }
    });
    return path;
  };
  const resetNested = (name: string) => {
    const inner = nestedArrays.get(name);
    nestedArrays.set(name, []);
    for (const k of inner ?? []) {
      tableArrays.delete(k);
      resetNested(k);
    }
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
      const path: PathPart[] = [];
      for (const part of current) {
        path.push(part);
        mark(path, at);
      }
      continue;
    }
    const key = readKey();
    markKey(current, key, at);
    skipBlank(false);
    if (text[i] === "=") i++;
    skipBlank(false);
    readValue([...current, ...key]);
    // Text this scanner does not understand (smol-toml accepted it, so this should not happen): step over it.
    if (i === from) i++;
  }
  return { lines: out, tooManyParts };
}

/** A-Z, a-z, 0-9, _ and -. */
const isBareKeyChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", e: "\u001b", '"': '"', "\\": "\\" };

/** A basic string's escapes as TOML reads them: \n and friends, \xHH, \uXXXX and \UXXXXXXXX (any code point). */
export function unescapeKey(raw: string): string {
  return raw.replace(/\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/gs, (whole, x, u, U, other) => {
    const hex = x ?? u ?? U;
    if (hex) {
      const code = parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ESCAPES[other] ?? whole;
  });
}
