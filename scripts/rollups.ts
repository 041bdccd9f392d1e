/**
 * The rollups' counters recomputed from the raw rows (lib/rollups/rebuild.ts).
 *   npm run rollups:rebuild              replace every counter with the recomputed one (the sampled job states stay)
 *   npm run rollups:rebuild -- --check   compare only: print each difference, exit 1 when there is one
 *   … -- --stage 12,13                   only these stages
 * Uses DATABASE_URL, or the embedded default (stop `npm start` first: its data folder is in use).
 * The rebuild holds the refresh's lock: it refuses to run while a refresh is running.
 */
import { prepareDatabase } from "../lib/db/bootstrap";

const args = process.argv.slice(2);
const check = args.includes("--check");
const stageAt = args.indexOf("--stage");
const stageIds = stageAt >= 0 ? (args[stageAt + 1] ?? "").split(",").map((s) => Number(s.trim())) : undefined;
const unknown = args.filter((a, i) => a !== "--check" && a !== "--stage" && !(stageAt >= 0 && i === stageAt + 1));
if (unknown.length || (stageIds && (!stageIds.length || stageIds.some((n) => !Number.isInteger(n) || n <= 0)))) {
  console.error("usage: npm run rollups:rebuild [-- --check] [--stage <id>,<id>…]");
  process.exit(2);
}

const prepared = await prepareDatabase({ seedDemo: false, log: () => {} });
process.env.DATABASE_URL = prepared.url;
let code = 0;
try {
  const { rebuildRollups, rollupDifferences } = await import("../lib/rollups/rebuild");
  const { db } = await import("../lib/db");
  const scope = stageIds ? { stageIds } : {};
  if (check) {
    const diffs = await rollupDifferences(db, scope, 10_000);
    for (const d of diffs) console.log(`${d.table} ${d.key}: ${d.column} kept ${d.kept}, rebuilt ${d.rebuilt}`);
    console.log(diffs.length ? `${diffs.length}${diffs.length === 10_000 ? " or more" : ""} difference(s).` : "The rollups agree with the raw rows.");
    code = diffs.length ? 1 : 0;
  } else {
    const started = Date.now();
    const r = await rebuildRollups(db, scope);
    console.log(
      `Rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.differences} counter(s) differed; ${r.hours} stage-hour, ${r.failures} failure and ${r.efficiency} efficiency row(s) written; ` +
        `${r.jobsMarked} ended job(s) newly marked counted, ${r.jobsUnmarked} unmarked.`,
    );
  }
  await db.$disconnect();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  code = 1;
} finally {
  await prepared.stop();
}
process.exit(code);
