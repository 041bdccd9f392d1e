/**
 * Test helper: generated query trees (fast-check) and how to write them as text. Used by the property tests of the
 * query language and by the database test that compares the SQL with the in-memory evaluator.
 */
import fc from "fast-check";
import type { QueryNode } from "./query";

/** Datasets `defname:` may name in generated queries. */
export const GENERATED_DATASETS = ["set a", "b"] as const;

const TEXT = fc.constantFrom("far", "near", "numi", "raw", "reco", "%ar", "n%", "x y");
const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
  fc.record({ kind: fc.constant("text" as const), field: fc.constantFrom("detector" as const, "data_stream" as const, "data_tier" as const), values: fc.array(TEXT, { minLength: 1, maxLength: 3 }), negate: fc.boolean() }),
  fc.record({
    kind: fc.constant("number" as const),
    field: fc.constantFrom("run_number" as const, "subrun" as const, "event_count" as const),
    ranges: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5 })).map(([lo, d]) => [lo, lo + d] as [number, number]), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("compare" as const), field: fc.constantFrom("run_number" as const, "file_size" as const), op: fc.constantFrom("=" as const, "!=" as const, "<" as const, "<=" as const, ">" as const, ">=" as const), value: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant("compare" as const), field: fc.constant("start_time" as const), op: fc.constantFrom("<" as const, ">=" as const), value: fc.integer({ min: 0, max: 9 }).map((d) => Date.UTC(2026, 9, 1 + d)) }),
  fc.record({ kind: fc.constant("meta" as const), key: fc.constant("nova.period"), values: fc.array(fc.constantFrom("3", "4"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ kind: fc.constant("defname" as const), dataset: fc.constantFrom(...GENERATED_DATASETS) }),
);
export const queryTree: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom("and" as const, "or" as const, "minus" as const), left: tie("node"), right: tie("node") }),
    fc.record({ kind: fc.constant("not" as const), node: tie("node") }),
  ),
})).node;

const q = (v: string) => `'${v}'`;
export function renderQuery(n: QueryNode): string {
  switch (n.kind) {
    case "and":
    case "or":
    case "minus":
      return `(${renderQuery(n.left)}) ${n.kind} (${renderQuery(n.right)})`;
    case "not":
      return `not (${renderQuery(n.node)})`;
    case "defname":
      return `defname: ${q(n.dataset)}`;
    case "text":
      return `${n.field} ${n.negate ? "!= " : ""}${n.values.map(q).join(", ")}`;
    case "number":
      return `${n.field} ${n.ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(",")}`;
    case "compare":
      return `${n.field} ${n.op} ${n.field === "start_time" ? q(new Date(n.value).toISOString()) : n.value}`;
    case "meta":
      return `${n.key} ${n.values.map(q).join(",")}`;
  }
}

