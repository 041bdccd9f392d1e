/**
 * The catalogue's query language: a small part of SAM's dimensions, enough to say which files a dataset is.
 * Pure: `parseQuery` turns text into a tree or an error with its position; `matchesQuery` evaluates a tree on one
 * file in memory (the mock catalogues and the tests use it); `lib/catalogue/query-sql.ts` compiles the same tree
 * to SQL with bound parameters. The grammar is in docs/data-handling.md:
 *
 *   query      := set ( "with" ( "limit" | "offset" ) INT )*
 *   set        := either ( "minus" either )*            files of the left that are not in the right
 *   either     := both ( "or" both )*
 *   both       := unary ( "and" unary )*
 *   unary      := "not" unary | "(" set ")" | "defname:" NAME | condition
 *   condition  := FIELD ( values | OP value )           run_number 1000-1010 · detector far,near · start_time >= 2026-10-01
 *   values     := item ( "," item )*                  item: a value, or lo-hi for numbers; `%` in text is a wildcard
 *
 * Words are case-insensitive; values are bare (letters, digits, `_ . : % + -`) or quoted with ' or ".
 */
import type { CatalogueFile } from "./catalogue";

export const TEXT_FIELDS = { detector: "detector", data_stream: "stream", data_tier: "dataTier", file_name: "name" } as const;
export const NUMBER_FIELDS = { run_number: "runNumber", subrun: "subrun", event_count: "eventCount", file_size: "sizeBytes" } as const;
export const TIME_FIELDS = { start_time: "startTime", end_time: "endTime" } as const;
/** Other names people write for the same fields (SAM's and MetaCat's spellings). */
const ALIASES: Record<string, string> = {
  stream: "data_stream",
  trigger_stream: "data_stream",
  tier: "data_tier",
  run: "run_number",
  subrun_number: "subrun",
  "core.data_tier": "data_tier",
  "core.data_stream": "data_stream",
  "core.run_type": "detector",
  "core.event_count": "event_count",
  "core.start_time": "start_time",
  "core.end_time": "end_time",
  size: "file_size",
};

export type TextField = keyof typeof TEXT_FIELDS;
export type NumberField = keyof typeof NUMBER_FIELDS;
export type TimeField = keyof typeof TIME_FIELDS;
export type Op = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type QueryNode =
  | { kind: "and" | "or" | "minus"; left: QueryNode; right: QueryNode }
  | { kind: "not"; node: QueryNode }
  | { kind: "defname"; dataset: string }
  | { kind: "text"; field: TextField; values: string[]; negate?: boolean }
  | { kind: "number"; field: NumberField; ranges: [number, number][] }
  | { kind: "compare"; field: NumberField | TimeField; op: Op; value: number }
  /** A metadata key that is not a column (e.g. `nova.period 4`): compared as text. */
  | { kind: "meta"; key: string; values: string[] };

export type ParsedQuery = { node: QueryNode; limit: number | null; offset: number };
export type QueryError = { ok: false; message: string; position: number };
export type QueryResult = { ok: true; query: ParsedQuery } | QueryError;

type Token = { type: "word" | "quoted" | "op" | "comma" | "lparen" | "rparen" | "end"; text: string; pos: number };

const MAX_QUERY = 4000;
const MAX_VALUES = 1000;
const WORD = /[A-Za-z0-9_.:%+\-/*]/;

function tokenize(text: string): Token[] | QueryError {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i + 1;
    const single = ({ "(": "lparen", ")": "rparen", ",": "comma" } as const)[c as "(" | ")" | ","];
    if (single) {
      out.push({ type: single, text: c, pos });
      i++;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return { ok: false, message: `The quote opened at position ${pos} is never closed.`, position: pos };
      out.push({ type: "quoted", text: text.slice(i + 1, end), pos });
      i = end + 1;
    } else if (c === "<" || c === ">" || c === "=" || c === "!") {
      const two = text.slice(i, i + 2);
      const op = two === "<=" || two === ">=" || two === "!=" || two === "==" ? two : c;
      if (op === "!") return { ok: false, message: `“!” at position ${pos} must be followed by “=”.`, position: pos };
      out.push({ type: "op", text: op === "==" ? "=" : op, pos });
      i += op.length;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < text.length && WORD.test(text[j])) j++;
      out.push({ type: "word", text: text.slice(i, j), pos });
      i = j;
    } else {
      return { ok: false, message: `Unexpected “${c}” at position ${pos}.`, position: pos };
    }
  }
  out.push({ type: "end", text: "", pos: text.length + 1 });
  return out;
}

const KEYWORDS = new Set(["and", "or", "minus", "not", "with"]);
const isKeyword = (t: Token, k: string) => t.type === "word" && t.text.toLowerCase() === k;

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek() {
    return this.tokens[this.i];
  }
  next() {
    return this.tokens[this.i++];
  }
  fail(message: string, at = this.peek()): never {
    throw Object.assign(new Error(message), { position: at.pos });
  }
  describe(t: Token) {
    return t.type === "end" ? "the end of the query" : `“${t.text}” at position ${t.pos}`;
  }

  query(): ParsedQuery {
    const node = this.set();
    let limit: number | null = null;
    let offset = 0;
    while (isKeyword(this.peek(), "with")) {
      this.next();
      const what = this.next();
      const word = what.type === "word" ? what.text.toLowerCase() : "";
      if (word !== "limit" && word !== "offset") this.fail(`Expected “limit” or “offset” after “with”, found ${this.describe(what)}.`, what);
      const n = this.next();
      if (n.type !== "word" || !/^\d{1,9}$/.test(n.text)) this.fail(`Expected a whole number after “with ${word}”, found ${this.describe(n)}.`, n);
      if (word === "limit") limit = Number(n.text);
      else offset = Number(n.text);
    }
    const t = this.peek();
    if (t.type !== "end") this.fail(t.type === "rparen" ? `Unmatched “)” at position ${t.pos}.` : `Expected “and”, “or”, “minus” or “with” before ${this.describe(t)}.`);
    return { node, limit, offset };
  }

  set(): QueryNode {
    let left = this.either();
    while (isKeyword(this.peek(), "minus")) {
      this.next();
      left = { kind: "minus", left, right: this.either() };
    }
    return left;
  }
  either(): QueryNode {
    let left = this.both();
    while (isKeyword(this.peek(), "or")) {
      this.next();
      left = { kind: "or", left, right: this.both() };
    }
    return left;
  }
  both(): QueryNode {
    let left = this.unary();
    while (isKeyword(this.peek(), "and")) {
      this.next();
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }
  unary(): QueryNode {
    const t = this.peek();
    if (isKeyword(t, "not")) {
      this.next();
      return { kind: "not", node: this.unary() };
    }
    if (t.type === "lparen") {
      this.next();
      const inner = this.set();
      const close = this.next();
      if (close.type !== "rparen") this.fail(`Expected “)” to close the “(” at position ${t.pos}, found ${this.describe(close)}.`, close);
      return inner;
    }
    if (t.type !== "word" || KEYWORDS.has(t.text.toLowerCase())) this.fail(`Expected a condition such as “data_tier raw”, found ${this.describe(t)}.`);
    return this.condition();
  }

  private valueToken(after: string) {
    const v = this.next();
    if ((v.type !== "word" && v.type !== "quoted") || (v.type === "word" && KEYWORDS.has(v.text.toLowerCase()))) this.fail(`Expected a value after “${after}”, found ${this.describe(v)}.`, v);
    return v;
  }

  private list(after: string): Token[] {
    const items = [this.valueToken(after)];
    while (this.peek().type === "comma") {
      this.next();
      items.push(this.valueToken(after));
      if (items.length > MAX_VALUES) this.fail(`At most ${MAX_VALUES} values may follow “${after}”.`);
    }
    return items;
  }

  condition(): QueryNode {
    const head = this.next();
    let word = head.text;
    // `defname: mydef` (also written `defname:mydef`).
    if (/^defname:/i.test(word)) {
      const rest = word.slice("defname:".length);
      const name = rest || this.valueToken("defname:").text;
      if (!name.trim()) this.fail("Expected a dataset name after “defname:”.", head);
      return { kind: "defname", dataset: name };
    }
    if (word.endsWith(":")) word = word.slice(0, -1); // `data_tier: raw` is SAM's spelling too
    const lower = word.toLowerCase();
    const field = ALIASES[lower] ?? lower;
    const op = this.peek().type === "op" ? this.next() : null;

    if (field in NUMBER_FIELDS || field in TIME_FIELDS) {
      const isTime = field in TIME_FIELDS;
      if (op) {
        const v = this.valueToken(`${word} ${op.text}`);
        const value = isTime ? parseTime(v.text) : parseNumber(v.text);
        if (value === null) this.fail(isTime ? `“${v.text}” at position ${v.pos} is not a date or time (write 2026-10-01 or 2026-10-01T12:00:00Z).` : `“${v.text}” at position ${v.pos} is not a whole number.`, v);
        return { kind: "compare", field: field as NumberField | TimeField, op: op.text as Op, value };
      }
      if (isTime) this.fail(`Compare “${word}” with <, <=, >, >= or = (for example “${word} >= 2026-10-01”).`, head);
      const ranges: [number, number][] = this.list(word).map((v) => {
        const m = v.text.match(/^(\d{1,15})(?:-(\d{1,15}))?$/);
        if (!m) this.fail(`“${v.text}” at position ${v.pos} is not a whole number or a range such as 1000-1010.`, v);
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : Number(m[2]);
        if (hi < lo) this.fail(`The range “${v.text}” at position ${v.pos} runs backwards.`, v);
        return [lo, hi];
      });
      return { kind: "number", field: field as NumberField, ranges };
    }
    if (field in TEXT_FIELDS) {
      if (op && op.text !== "=" && op.text !== "!=") this.fail(`“${word}” is text: compare it with = or != (or list values), not ${op.text}.`, op);
      return { kind: "text", field: field as TextField, values: this.list(word).map((v) => v.text), ...(op?.text === "!=" ? { negate: true } : {}) };
    }
    if (/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/i.test(word)) {
      if (op && op.text !== "=") this.fail(`Metadata “${word}” is compared as text: use = or list values.`, op);
      return { kind: "meta", key: word, values: this.list(word).map((v) => v.text) };
    }
    this.fail(
      `Unknown field “${word}” at position ${head.pos}: use ${[...Object.keys(TEXT_FIELDS), ...Object.keys(NUMBER_FIELDS), ...Object.keys(TIME_FIELDS)].join(", ")}, defname: or a metadata key such as nova.period.`,
      head,
    );
  }
}

function parseNumber(s: string): number | null {
  return /^\d{1,15}$/.test(s) ? Number(s) : null;
}

/** A date (UTC midnight) or an ISO time, as milliseconds since the epoch. */
export function parseTime(s: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return null;
  const iso = s.length === 10 ? `${s}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(s) ? s.replace(" ", "T") : `${s.replace(" ", "T")}Z`;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

export function parseQuery(text: string): QueryResult {
  if (text.length > MAX_QUERY) return { ok: false, message: `A query may be at most ${MAX_QUERY} characters long.`, position: MAX_QUERY };
  if (!text.trim()) return { ok: false, message: "The query is empty: say which files, for example “data_tier raw and detector far”.", position: 1 };
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return tokens;
  try {
    return { ok: true, query: new Parser(tokens).query() };
  } catch (err) {
    const e = err as Error & { position?: number };
    if (e.position === undefined) throw err;
    return { ok: false, message: /position \d/.test(e.message) ? e.message : `${e.message.replace(/\.$/, "")} (at position ${e.position}).`, position: e.position };
  }
}

/** The dataset names a query refers to with `defname:` (to resolve them, and to refuse cycles). */
export function referencedDatasets(node: QueryNode): string[] {
  switch (node.kind) {
    case "and":
    case "or":
    case "minus":
      return [...referencedDatasets(node.left), ...referencedDatasets(node.right)];
    case "not":
      return referencedDatasets(node.node);
    case "defname":
      return [node.dataset];
    default:
      return [];
  }
}

/** What the in-memory evaluator needs of a file (the same fields the SQL reads): a catalogue file without its place. */
export type QueryableFile = Omit<CatalogueFile, "position" | "metadata"> & { metadata?: Record<string, unknown> | null };

/** `%` is any run of characters, `_` is not special (file names are full of underscores). Case-sensitive, as SQL's LIKE with `_` escaped. */
export function likePattern(value: string): RegExp | null {
  if (!value.includes("%")) return null;
  return new RegExp(`^${value.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
}

const textMatches = (actual: string | null | undefined, values: string[]) =>
  actual !== null && actual !== undefined && values.some((v) => (likePattern(v)?.test(actual) ?? actual === v));

function compare(a: number, op: Op, b: number) {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/**
 * Whether a file is selected by the tree. A missing value never matches a condition (and `not` of it is true),
 * as in SQL with `IS NOT TRUE`. `datasets` answers `defname:` (the files of a named dataset).
 */
export function matchesQuery(node: QueryNode, f: QueryableFile, datasets: (name: string) => ReadonlySet<string>): boolean {
  switch (node.kind) {
    case "and":
      return matchesQuery(node.left, f, datasets) && matchesQuery(node.right, f, datasets);
    case "or":
      return matchesQuery(node.left, f, datasets) || matchesQuery(node.right, f, datasets);
    case "minus":
      return matchesQuery(node.left, f, datasets) && !matchesQuery(node.right, f, datasets);
    case "not":
      return !matchesQuery(node.node, f, datasets);
    case "defname":
      return datasets(node.dataset).has(f.name);
    case "text": {
      const actual = f[TEXT_FIELDS[node.field]];
      if (actual === null) return false;
      const hit = textMatches(actual, node.values);
      return node.negate ? !hit : hit;
    }
    case "number": {
      const v = f[NUMBER_FIELDS[node.field]];
      return v !== null && node.ranges.some(([lo, hi]) => v >= lo && v <= hi);
    }
    case "compare": {
      const raw = node.field in TIME_FIELDS ? f[TIME_FIELDS[node.field as TimeField]]?.getTime() ?? null : f[NUMBER_FIELDS[node.field as NumberField]];
      return raw !== null && compare(raw, node.op, node.value);
    }
    case "meta": {
      const v = f.metadata?.[node.key];
      return (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && textMatches(String(v), node.values);
    }
  }
}

/** Files of a query, in the catalogue's order (start time, files without one last, then name), with limit and offset. */
export function selectFiles<F extends QueryableFile>(q: ParsedQuery, files: readonly F[], datasets: (name: string) => ReadonlySet<string>): F[] {
  const hit = files.filter((f) => matchesQuery(q.node, f, datasets)).sort(catalogueOrder);
  return hit.slice(q.offset, q.limit === null ? undefined : q.offset + q.limit);
}

export function catalogueOrder(a: { startTime: Date | null; name: string }, b: { startTime: Date | null; name: string }) {
  const ta = a.startTime?.getTime() ?? Infinity;
  const tb = b.startTime?.getTime() ?? Infinity;
  return ta !== tb ? ta - tb : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
