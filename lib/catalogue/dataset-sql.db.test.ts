import { test } from "node:test";
import assert from "node:assert/strict";
import { datasetFilesSqlWith, MAX_REFERENCES, type DatasetLookup } from "./dataset-sql";

/**
 * A diamond of `defname:` references `levels` deep: top → (L1a or L1b), each L(k)x → (L(k+1)a or L(k+1)b), the last
 * level plain lists. Returns a lookup that counts how often each dataset row is read.
 */
function diamond(levels: number) {
  const rows = new Map<string, { id: number; query: string }>();
  let id = 1;
  const name = (k: number, x: string) => (k === 0 ? "top" : `l${k}${x}`);
  for (let k = 0; k <= levels; k++)
    for (const x of k === 0 ? [""] : ["a", "b"]) rows.set(name(k, x), { id: id++, query: k === levels ? "" : `defname: ${name(k + 1, "a")} or defname: ${name(k + 1, "b")}` });
  const reads = new Map<string, number>();
  const lookup: DatasetLookup = async (n) => {
    reads.set(n, (reads.get(n) ?? 0) + 1);
    return rows.get(n);
  };
  return { lookup, reads };
}

test("defname: each dataset is read once per resolution however often it is named", async () => {
  const { lookup, reads } = diamond(4); // 2 + 4 + 8 + 16 = 30 references embedded
  const sql = await datasetFilesSqlWith(1, "top", lookup);
  assert.ok(sql.sql.length > 0);
  assert.equal(reads.size, 9);
  assert.ok([...reads.values()].every((n) => n === 1), JSON.stringify([...reads]));
});

test("defname: a fan-out past the reference cap is refused with a message, not a giant statement", async () => {
  assert.equal(MAX_REFERENCES, 64);
  const { lookup, reads } = diamond(6); // 2 + 4 + … + 64 = 126 references
  await assert.rejects(datasetFilesSqlWith(1, "top", lookup), /refers to more than 64 datasets, counting every “defname:” inside the datasets it names/);
  assert.ok(reads.size <= 13, "each row read at most once before giving up");
});
